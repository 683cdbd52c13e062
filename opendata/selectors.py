"""Reads of the open data: only what the regions have published, never live submissions.

Every figure comes from a frozen `PublishedReport.snapshot` (its `figures`: per library,
per year, the entered indicators). For each region and year the figures are those of
the newest version of that year's own report; a year without a report of its own is
taken from the newest report that shows it (a report shows its year and the two before
it), as the dashboards do. A correction made after publishing changes nothing here until
the methodologist publishes a new version; drafts, texts, comments and people never
reach this module's results.

Derived indicators are computed per library with `indicators.derived.compute_derived`
from the published entered figures and rounded with `round_half_away` to the
indicator's decimals, as everywhere else in the portal.

Query counts are fixed: `published_figures` runs two queries (the versions, then the
figures of the chosen ones), whatever the number of regions, libraries and years.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db.models import F, Func, IntegerField, JSONField, Max, Value

from indicators.derived import compute_derived, parse_formula, round_half_away
from indicators.models import Indicator
from libraries.models import Library, Region
from reports.models import PublishedReport
from reports.region_tables import YEARS_SHOWN


@dataclass(frozen=True)
class Origin:
    """The published version a region's year was taken from."""

    region: str
    year: int
    report_year: int
    pk: int  # of the PublishedReport
    version: int
    published_at: datetime


@dataclass
class PublishedFigures:
    """{region slug: {year: {library slug: {code: JSON number | None}}}} and their origins."""

    figures: dict[str, dict[int, dict[str, dict[str, int | float | None]]]] = field(
        default_factory=dict)
    origins: dict[tuple[str, int], Origin] = field(default_factory=dict)

    def years(self, region: str | None = None) -> list[int]:
        """Published years (of one region, or of any), oldest first."""
        regions = [region] if region is not None else list(self.figures)
        return sorted({year for slug in regions for year in self.figures.get(slug, {})})


@dataclass(frozen=True)
class ValueRow:
    region: str
    library: str
    year: int
    code: str
    value: Decimal | None


def _decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


class YearFigures(Func):
    """`snapshot["figures"]["<year>"]` as JSON, computed by the database.

    (Django's KeyTransform takes a key made of digits for an array index, so the path is
    written here: SQLite's json_extract, PostgreSQL's -> operator.)
    """

    output_field = JSONField()

    def __init__(self, year: int):
        super().__init__(F("snapshot"))
        self.year = str(int(year))

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"json_extract({sql}, %s)", [*params, f'$.figures."{self.year}"']

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} -> 'figures' -> %s)", [*params, self.year]


def published_years(*, region: str | None = None, year_from: int | None = None,
                    year_to: int | None = None) -> dict[tuple[str, int], Origin]:
    """{(region slug, year): the published version giving that year's figures}, one query.

    A report of year R shows R and the `YEARS_SHOWN - 1` years before it
    (`reports.consolidated.build_report`, whose years the snapshot's figures follow). For
    each region and year the newest version of that year's own report wins, else the
    newest report that shows the year.
    """
    versions = PublishedReport.objects.all()
    if region is not None:
        versions = versions.filter(region__slug=region)
    if year_from is not None:
        versions = versions.filter(year__gte=year_from)
    if year_to is not None:
        versions = versions.filter(year__lte=year_to + YEARS_SHOWN - 1)
    newest: dict[tuple[str, int], dict] = {}
    for row in (versions.order_by("region__slug", "-year", "-version")
                .values("pk", "region__slug", "year", "version", "published_at")):
        newest.setdefault((row["region__slug"], row["year"]), row)  # newest version first
    chosen: dict[tuple[str, int], Origin] = {}
    for (slug, report_year), row in sorted(newest.items(),
                                           key=lambda item: (item[0][0], -item[0][1])):
        for year in range(report_year - YEARS_SHOWN + 1, report_year + 1):
            if (year_from is not None and year < year_from) or (
                    year_to is not None and year > year_to):
                continue
            taken = chosen.get((slug, year))
            if taken is None or (year == report_year and taken.report_year != year):
                chosen[(slug, year)] = Origin(
                    region=slug, year=year, report_year=report_year, pk=row["pk"],
                    version=row["version"], published_at=row["published_at"])
    return dict(sorted(chosen.items()))


def published_figures(*, region: str | None = None, year_from: int | None = None,
                      year_to: int | None = None) -> PublishedFigures:
    """The published figures of every region (or of one, by slug): two queries.

    Only the year each version is chosen for is read from its snapshot (one query, a
    UNION of one JSON lookup per year). The figures stay as the snapshot's JSON
    numbers; `iter_value_rows` reads as Decimal only those it gives out.
    """
    origins = published_years(region=region, year_from=year_from, year_to=year_to)
    by_year: dict[int, list[int]] = {}
    for (_slug, year), origin in origins.items():
        by_year.setdefault(year, []).append(origin.pk)
    parts = [PublishedReport.objects.filter(pk__in=pks)
             .annotate(chosen_year=Value(year, output_field=IntegerField()),
                       figures=YearFigures(year))
             .values_list("pk", "chosen_year", "figures").order_by()
             for year, pks in sorted(by_year.items())]
    rows = parts[0].union(*parts[1:], all=True) if parts else []
    found = {(pk, year): figures for pk, year, figures in rows}
    result = PublishedFigures(origins=origins)
    for (slug, year), origin in origins.items():
        result.figures.setdefault(slug, {})[year] = found.get((origin.pk, year)) or {}
    return result


def needed_formulas(formulas: dict[str, str], codes) -> dict[str, str]:
    """The formulas of the derived `codes` and of every derived indicator they build on."""
    wanted: dict[str, str] = {}

    def walk(code: str) -> None:
        if code in formulas and code not in wanted:
            wanted[code] = formulas[code]
            for term in parse_formula(formulas[code]).codes:
                walk(term)

    for code in codes:
        walk(code)
    return wanted


def entered_codes(formulas: dict[str, str], codes) -> set[str]:
    """The entered indicators that `codes` are or need (through derived formulas)."""
    needed = needed_formulas(formulas, codes)
    result = {code for code in codes if code not in formulas}
    for formula in needed.values():
        result.update(term for term in parse_formula(formula).codes if term not in formulas)
    return result


def catalogue() -> list[Indicator]:
    """Every indicator in the catalogue's order, with its parent (one query)."""
    return list(Indicator.objects.select_related("parent", "chapter"))


def formulas(indicators: list[Indicator]) -> dict[str, str]:
    """{code: formula} of the derived indicators among `indicators` (the whole catalogue)."""
    return {indicator.code: indicator.formula for indicator in indicators
            if indicator.is_derived}


def value_rows(**kwargs) -> list[ValueRow]:
    """Every row of `iter_value_rows`, as a list."""
    return list(iter_value_rows(**kwargs))


def iter_value_rows(*, indicators: list[Indicator], formulas: dict[str, str],
                    published: PublishedFigures,
                    region: str | None = None, library: str | None = None,
                    year_from: int | None = None, year_to: int | None = None):
    """The published value of each library, year and indicator asked for, in a stable order.

    `formulas` are those of the whole catalogue (derived terms may name other derived
    indicators).

    Order: region slug, library slug, year, the catalogue's order of the indicators.
    An entered indicator gives a row where the library's published figures hold it; a
    derived one gives a row for every library with figures that year (None when its
    formula has a missing part or divides by zero). Pure Python, no queries; rows are
    made as they are taken, so a first page costs little whatever the data's size.
    """
    asked_codes = [indicator.code for indicator in indicators]
    needed = entered_codes(formulas, asked_codes)
    formulas = needed_formulas(formulas, asked_codes)
    wanted_derived = bool(formulas)
    asked = [(indicator.code, indicator.is_derived, indicator.decimals)
             for indicator in indicators]
    for region_slug in sorted(published.figures):
        if region is not None and region_slug != region:
            continue
        by_year = published.figures[region_slug]
        libraries = sorted({slug for by_library in by_year.values() for slug in by_library})
        for library_slug in libraries:
            if library is not None and library_slug != library:
                continue
            for year in sorted(by_year):
                if (year_from is not None and year < year_from) or (
                        year_to is not None and year > year_to):
                    continue
                raw = by_year[year].get(library_slug)
                if raw is None:
                    continue
                values = {code: _decimal(value) for code, value in raw.items()
                          if code in needed}
                derived = (compute_derived(formulas, values, library_count=1)
                           if wanted_derived else {})
                for code, is_derived, decimals in asked:
                    if is_derived:
                        value = round_half_away(derived.get(code), decimals)
                    elif code in values:
                        value = values[code]
                    else:
                        continue
                    yield ValueRow(region=region_slug, library=library_slug, year=year,
                                   code=code, value=value)


def regions() -> list[Region]:
    return list(Region.objects.all())


def libraries(*, region: str | None = None) -> list[Library]:
    """Libraries with their region, in the region's then Latvian alphabetical order."""
    queryset = Library.objects.select_related("region").order_by("region__slug", "slug")
    if region is not None:
        queryset = queryset.filter(region__slug=region)
    return list(queryset)


def library_years(published: PublishedFigures) -> dict[str, list[int]]:
    """{library slug: the published years it has figures in}."""
    years: dict[str, set[int]] = {}
    for by_year in published.figures.values():
        for year, by_library in by_year.items():
            for slug in by_library:
                years.setdefault(slug, set()).add(year)
    return {slug: sorted(found) for slug, found in years.items()}


def versions(*, region: str | None = None, year: int | None = None):
    """Published report versions, without the snapshot: region, year, version, date."""
    queryset = (PublishedReport.objects.select_related("region")
                .only("region__slug", "region__name", "year", "version", "published_at")
                .order_by("region__slug", "-year", "-version"))
    if region is not None:
        queryset = queryset.filter(region__slug=region)
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset


def last_published_at() -> datetime | None:
    """When anything was last published (the API's Last-Modified), one query."""
    return PublishedReport.objects.aggregate(last=Max("published_at"))["last"]


class UnknownIndicator(ValueError):
    """A code asked for is not in the catalogue."""

    def __init__(self, codes: list[str]):
        super().__init__("unknown indicator code: " + ", ".join(codes))
        self.codes = codes


def published_values(*, codes: list[str] | None = None, region: str | None = None,
                     library: str | None = None, year_from: int | None = None,
                     year_to: int | None = None):
    """The published values asked for (every indicator when `codes` is empty), in order,
    as an iterator of `ValueRow`: 3 queries.

    Raises `UnknownIndicator` for a code the catalogue does not have.
    """
    every = catalogue()
    if codes:
        by_code = {indicator.code: indicator for indicator in every}
        unknown = [code for code in codes if code not in by_code]
        if unknown:
            raise UnknownIndicator(unknown)
        wanted = set(codes)
        indicators = [indicator for indicator in every if indicator.code in wanted]
    else:
        indicators = every
    published = published_figures(region=region, year_from=year_from, year_to=year_to)
    return iter_value_rows(indicators=indicators, formulas=formulas(every),
                           published=published, region=region, library=library,
                           year_from=year_from, year_to=year_to)
