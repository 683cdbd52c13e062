"""Reads of the open data: only what the regions have published, never live submissions.

Every figure comes from the flat published figures (`figures.published`), written once
when a version is published. For each region and year the figures are those of the
newest version of that year's own report; a year without a report of its own is taken
from the newest report that shows it (a report shows its year and the two before it), as
the dashboards do: `figures.published` is the one reader of published figures for both.
A correction made after publishing changes nothing here until the methodologist
publishes a new version; drafts, texts, comments and people never reach this module's
results.

Derived indicators are computed per library with `catalogue.derived.compute_derived`
from the published entered figures and rounded with `round_half_away` to the
indicator's decimals, as everywhere else in the portal.

Query counts are fixed: `published_values` runs three queries (the catalogue, the chosen
years, then the values, streamed), whatever the number of regions, libraries and years.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Max

from catalogue.derived import compute_derived, parse_formula, round_half_away
from catalogue.models import Indicator
from catalogue.selectors import EVERY, catalogue
from figures.published import (
    Origin,
    chosen_years,
    iter_library_years,
    published_libraries,
    published_library_years,
    published_state,
)
from libraries.models import Region
from reports.models import PublishedReport


@dataclass(frozen=True)
class ValueRow:
    region: str
    library: str
    year: int
    code: str
    value: Decimal | None
    scope: str = "national"  # "regional": a region's own question (`packages.scope_of`)


def published_years(*, region: str | None = None, year_from: int | None = None,
                    year_to: int | None = None) -> dict[tuple[str, int], Origin]:
    """{(region slug, year): the published version giving that year's figures}, one query.

    Only years with figures: a report shows the two years before its own, which hold
    nothing before a region's first reporting year; those are not offered."""
    return chosen_years(region=region, year_from=year_from, year_to=year_to,
                        with_figures=True)


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


def formulas(indicators: list[Indicator]) -> dict[str, str]:
    """{code: formula} of the derived indicators among `indicators` (the whole catalogue)."""
    return {indicator.code: indicator.formula for indicator in indicators
            if indicator.is_derived}


def value_rows(**kwargs) -> list[ValueRow]:
    """Every row of `iter_value_rows`, as a list."""
    return list(iter_value_rows(**kwargs))


def iter_value_rows(*, indicators: list[Indicator], formulas: dict[str, str],
                    origins: dict[tuple[str, int], Origin],
                    region: str | None = None, library: str | None = None,
                    year_from: int | None = None, year_to: int | None = None,
                    every: list[Indicator] | None = None):
    """The published value of each library, year and indicator asked for, in a stable order.

    `formulas` are those of the whole catalogue (derived terms may name other derived
    indicators); `origins` the chosen years (`published_years`); `every`, the whole
    catalogue, lets a read of every entered indicator go without a filter on the codes
    (the database then streams in its own order instead of sorting).

    Order: region slug, library slug, year, the catalogue's order of the indicators.
    An entered indicator gives a row where the library's published figures hold it; a
    derived one gives a row for every library-year holding any figure it reads (None
    when its formula has a missing part or divides by zero). One query, streamed: rows
    are made as they are taken, so a first page costs little whatever the data's size
    and a whole download does not grow in memory.
    """
    asked_codes = [indicator.code for indicator in indicators]
    needed = entered_codes(formulas, asked_codes)
    formulas = needed_formulas(formulas, asked_codes)
    wanted_derived = bool(formulas)
    asked = [(indicator.code, indicator.is_derived, indicator.decimals,
              "regional" if indicator.region_id else "national") for indicator in indicators]
    if every is not None and needed >= {i.code for i in every if not i.is_derived}:
        needed = None  # every figure: no filter on the codes
    for region_slug, library_slug, year, values in iter_library_years(
            origins, codes=needed, region=region, library=library, year_from=year_from,
            year_to=year_to):
        derived = (compute_derived(formulas, values, library_count=1)
                   if wanted_derived else {})
        for code, is_derived, decimals, scope in asked:
            if is_derived:
                value = round_half_away(derived.get(code), decimals)
            elif code in values:
                value = values[code]
            else:
                continue
            yield ValueRow(region=region_slug, library=library_slug, year=year, code=code,
                           value=value, scope=scope)


def regions() -> list[Region]:
    return list(Region.objects.all())


@dataclass(frozen=True)
class NetworkLibrary:
    """A library as the newest published version serving its figures named it."""

    region: str  # slug
    slug: str
    name: str
    kind: str
    parish: str
    active: bool
    years: tuple[int, ...]  # the years it has published figures in


def network(origins: dict[tuple[str, int], Origin], *,
            present: set[tuple[str, str]] | None = None) -> list[NetworkLibrary]:
    """The libraries with figures in the chosen versions `origins`, as published (names,
    kind, parish: a later rename or move changes nothing here until a new version is
    published), in the order region, library; two queries (one when `present`, the
    (region, library) pairs with figures, is known: their years are then not read)."""
    named = published_libraries(origins)
    years = published_library_years(origins) if present is None else {}
    result = []
    for (region_slug, slug), info in sorted(named.items()):
        if (slug not in years) if present is None else ((region_slug, slug) not in present):
            continue  # named by the version, but no figure of it published
        result.append(NetworkLibrary(
            region=region_slug, slug=slug, name=info.get("name", slug),
            kind=info.get("kind", ""), parish=info.get("parish", ""),
            active=bool(info.get("active", True)) and not info.get("merged_into"),
            years=tuple(years.get(slug, ()))))
    return result


def libraries(*, region: str | None = None) -> list[NetworkLibrary]:
    """Every library with published figures, as published; three queries."""
    return network(published_years(region=region))


def region_name(slug: str) -> str | None:
    return Region.objects.filter(slug=slug).values_list("name", flat=True).first()


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


def values_fingerprint(query: str, every: list[Indicator]) -> str:
    """A digest of what a values answer depends on: the query, the published figures'
    state and the catalogue's codes, formulas and decimals; one query. A streamed
    answer's ETag, so a conditional GET is answered before any value is read."""
    catalogue_state = [(indicator.code, indicator.formula, indicator.decimals)
                       for indicator in every]
    state = repr((query, published_state(), catalogue_state))
    return hashlib.sha256(state.encode()).hexdigest()[:32]


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
                     year_to: int | None = None, every: list[Indicator] | None = None):
    """The published values asked for (every indicator when `codes` is empty), in order,
    as an iterator of `ValueRow`: 3 queries (2 when the catalogue `every` is given), the
    values' own one run when the first row is taken.

    Raises `UnknownIndicator` for a code the catalogue does not have.
    """
    every = list(catalogue(region=EVERY).values()) if every is None else every
    if codes:
        by_code = {indicator.code: indicator for indicator in every}
        unknown = [code for code in codes if code not in by_code]
        if unknown:
            raise UnknownIndicator(unknown)
        wanted = set(codes)
        indicators = [indicator for indicator in every if indicator.code in wanted]
    else:
        indicators = every
    origins = published_years(region=region, year_from=year_from, year_to=year_to)
    return iter_value_rows(indicators=indicators, formulas=formulas(every),
                           origins=origins, region=region, library=library,
                           year_from=year_from, year_to=year_to, every=every)
