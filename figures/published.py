"""The published figures: written once per published version, and their one reader.

Writing. `record_published(version, snapshot)` (called by `reports.services.report_publish`
in the transaction that creates the version) copies the snapshot's per-library figures
into `figures.models.PublishedYear` / `PublishedValue`: one `PublishedYear` per year the
version froze, one `PublishedValue` per (library, entered indicator) of that year, the
value as the snapshot has it (null for "not applicable" or empty). Nothing changes the
rows afterwards: a correction reaches them only through a new published version.

Which version counts for a year. A report publishes its own year and the two years before
it. For each region and year, the newest version of that year's own report wins; a year
without a report of its own is taken from the newest report that shows it (the newest
report year, then its newest version). `chosen_years` applies the rule on the small
`PublishedYear` table (one query); the values of the chosen years are then read with
their own query. Every consumer reads through here:

- `figures.sources.published_source` (dashboards): `region_figures`, {year: {library:
  {code: Decimal | None}}} of one region;
- `opendata.selectors` (the API and the packages): `iter_library_years`, the chosen
  figures streamed as (region, library, year, {code: value}) in the stable order region
  slug, library slug, year.

Derived indicators are never stored: consumers compute them from these entered figures
with `catalogue.derived`.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.dispatch import Signal

from figures.models import PublishedValue, PublishedYear
from libraries.models import Library

BATCH = 5000
# Sent by `record_published` with `region` (slug) and `years` (the years the version
# froze), in the publishing transaction: what a higher layer keeps from the published
# figures (the open-data packages, `opendata.receivers`) is made again after the commit.
figures_published = Signal()
FIRST_CHUNK = 2000  # rows read before the rest of a stream is asked for


# Writing ------------------------------------------------------------------------------------

def _decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _library_info(slug: str, info: dict, network: dict | None = None) -> dict:
    """A library as the version named it; a merged one keeps its merge (`merged_into`,
    `closed_from`) for the dashboards' rule on comparable years. `network` adds what the
    snapshot does not hold, as it was when publishing: {slug: {"parish", "active"}}."""
    kept = {"name": info.get("name", slug), "kind": info.get("kind", "")}
    for key in ("closed_from", "merged_into"):
        if info.get(key):
            kept[key] = info[key]
    kept.update((network or {}).get(slug, {}))
    return kept


def network_at_publishing(library_model, region_id: int) -> dict[str, dict]:
    """{slug: {"parish", "active"}} of a region's libraries now (when a version is
    published, or when the data migration fills the versions published before)."""
    return {slug: {"parish": parish, "active": active}
            for slug, parish, active in library_model.objects.filter(
                region_id=region_id).values_list("slug", "parish", "active")}


def fill_from_snapshot(year_model, value_model, *, published_id: int, region_slug: str,
                       snapshot: dict, network: dict | None = None) -> int:
    """Write the flat rows of one published version from its snapshot; the number of values.

    Takes the model classes, so the data migration (historical models) and
    `record_published` write the same rows. `network`: see `_library_info`.
    """
    snapshot = snapshot or {}
    libraries = {slug: _library_info(slug, info or {}, network)
                 for slug, info in (snapshot.get("libraries") or {}).items()}
    written = 0
    for year_text, by_library in sorted((snapshot.get("figures") or {}).items()):
        try:
            year = int(year_text)
        except (TypeError, ValueError):
            continue
        figure_year = year_model.objects.create(published_id=published_id, year=year,
                                                libraries=libraries)
        rows = [value_model(figure_year_id=figure_year.pk, region=region_slug, year=year,
                            library=slug, code=code, value=_decimal(value))
                for slug, values in sorted((by_library or {}).items())
                for code, value in sorted((values or {}).items())]
        value_model.objects.bulk_create(rows, batch_size=BATCH)
        written += len(rows)
    return written


def record_published(version, snapshot: dict) -> int:
    """Copy a just-published version's figures into the flat table (same transaction),
    with its libraries as named then (the open data serves the network as published)."""
    written = fill_from_snapshot(PublishedYear, PublishedValue, published_id=version.pk,
                                 region_slug=version.region.slug, snapshot=snapshot,
                                 network=network_at_publishing(Library, version.region_id))
    years = sorted(int(year) for year in (snapshot or {}).get("figures") or {}
                   if str(year).isdigit())
    figures_published.send(sender=PublishedYear, region=version.region.slug, years=years)
    return written


# Reading ------------------------------------------------------------------------------------

def _as_published(value: Decimal | None) -> Decimal | None:
    """A stored value written as the snapshot wrote it: 1234 rather than 1234.00, 6.5
    rather than 6.50 (the column keeps two decimals)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


@dataclass(frozen=True)
class Origin:
    """The published version a region's year is taken from."""

    region: str  # slug
    year: int
    report_year: int
    version: int
    published_at: datetime
    published_pk: int  # of the reports.PublishedReport
    pk: int  # of the PublishedYear


def chosen_years(*, region: str | None = None, region_id: int | None = None,
                 year_from: int | None = None, year_to: int | None = None,
                 with_figures: bool = False) -> dict[tuple[str, int], Origin]:
    """{(region slug, year): the version whose figures count}, sorted; one query.

    `with_figures` leaves out a year whose chosen version holds no figure at all (the
    two years before a region's first reporting year: its report shows them, empty).
    """
    rows = PublishedYear.objects.all()
    if region is not None:
        rows = rows.filter(published__region__slug=region)
    if region_id is not None:
        rows = rows.filter(published__region_id=region_id)
    if year_from is not None:
        rows = rows.filter(year__gte=year_from)
    if year_to is not None:
        rows = rows.filter(year__lte=year_to)
    if not with_figures:
        return _choose(rows.values_list(*ORIGIN_FIELDS))
    rows = list(rows.annotate(has_figures=Exists(
        PublishedValue.objects.filter(figure_year=OuterRef("pk")))).values_list(
        *ORIGIN_FIELDS, "has_figures"))
    empty = {row[0] for row in rows if not row[-1]}
    return {key: origin for key, origin in _choose(rows).items() if origin.pk not in empty}


ORIGIN_FIELDS = ("pk", "published__region__slug", "year", "published__year",
                 "published__version", "published__published_at", "published_id")


def _choose(rows) -> dict[tuple[str, int], Origin]:
    """The rule above, over (pk, region slug, year, report year, version, published at,
    published pk) rows of `PublishedYear`."""
    best: dict[tuple[str, int], tuple] = {}
    for pk, slug, year, report_year, version, published_at, published_pk, *_rest in rows:
        rank = (report_year == year, report_year, version)
        if (slug, year) not in best or rank > best[(slug, year)][0]:
            best[(slug, year)] = (rank, Origin(
                region=slug, year=year, report_year=report_year, version=version,
                published_at=published_at, published_pk=published_pk, pk=pk))
    return {key: best[key][1] for key in sorted(best)}


def _values(origins: Iterable[Origin], *, codes: Iterable[str] | None = None,
            region: str | None = None, library: str | None = None,
            year_from: int | None = None, year_to: int | None = None):
    """The chosen years' values (a queryset: nothing runs until it is read).

    The filters repeat what the chosen years already imply (region, years) so the
    database can use the table's own indexes.
    """
    pks = sorted(origin.pk for origin in origins)
    rows = PublishedValue.objects.filter(figure_year_id__in=pks)
    if codes is not None:
        rows = rows.filter(code__in=sorted(set(codes)))
    if region is not None:
        rows = rows.filter(region=region)
    if library is not None:
        rows = rows.filter(library=library)
    if year_from is not None:
        rows = rows.filter(year__gte=year_from)
    if year_to is not None:
        rows = rows.filter(year__lte=year_to)
    return rows if pks else rows.none()


def iter_library_years(origins: dict[tuple[str, int], Origin], *,
                       codes: Iterable[str] | None = None, region: str | None = None,
                       library: str | None = None, year_from: int | None = None,
                       year_to: int | None = None,
                       ) -> Iterator[tuple[str, str, int, dict[str, Decimal | None]]]:
    """(region slug, library slug, year, {code: value}) of every library-year the chosen
    versions hold, in the order region, library, year; one query for a first chunk, one
    more streamed for the rest if it is read (memory does not grow with the rows).
    `codes` limits the indicators read; a library-year none of whose figures is among
    them is left out."""
    if not origins:
        return
    rows = (_values(origins.values(), codes=codes, region=region, library=library,
                    year_from=year_from, year_to=year_to)
            .order_by("region", "library", "year")
            .values_list("region", "library", "year", "code", "value"))
    # A first chunk with a LIMIT (a first page costs a first page: the database walks its
    # index in order), then, only if the reader wants more, the rest after the last
    # library-year begun, streamed through one cursor: two queries at most.
    key = None
    values: dict[str, Decimal | None] = {}
    first = list(rows[:FIRST_CHUNK])
    for region_slug, library_slug, year, code, value in first:
        if (region_slug, library_slug, year) != key:
            if key is not None:
                yield (*key, values)
            key, values = (region_slug, library_slug, year), {}
        values[code] = _as_published(value)
    if len(first) == FIRST_CHUNK:
        last_region, last_library, last_year = key
        rest = rows.filter(Q(region__gt=last_region)
                           | Q(region=last_region, library__gt=last_library)
                           | Q(region=last_region, library=last_library, year__gte=last_year))
        seen = set(values)  # the last library-year's rows already read
        for region_slug, library_slug, year, code, value in rest.iterator(chunk_size=BATCH):
            if (region_slug, library_slug, year) != key:
                yield (*key, values)
                key, values, seen = (region_slug, library_slug, year), {}, set()
            if code not in seen:
                values[code] = _as_published(value)
    if key is not None:
        yield (*key, values)


@dataclass
class RegionFigures:
    """One region's published figures, by year, with where each year came from."""

    figures: dict[int, dict[str, dict[str, Decimal | None]]]
    origins: dict[int, Origin]
    libraries: dict[str, dict]  # slug → {"name", "kind", …}, as the versions named them


def region_figures(region_id: int, *, codes: Iterable[str] | None = None) -> RegionFigures:
    """One region's published figures of every year: 2 queries (the chosen years with the
    libraries they name, then their values)."""
    rows = list(PublishedYear.objects.filter(published__region_id=region_id).values_list(
        *ORIGIN_FIELDS, "libraries"))
    by_year = {origin.year: origin for origin in _choose(rows).values()}
    named_by = {row[0]: row[-1] for row in rows}
    libraries: dict[str, dict] = {}
    # The newest versions name the libraries first (a later rename wins).
    for origin in sorted(by_year.values(), key=lambda origin: (origin.report_year,
                                                               origin.version), reverse=True):
        for slug, info in (named_by.get(origin.pk) or {}).items():
            libraries.setdefault(slug, info or {})
    figures: dict[int, dict[str, dict[str, Decimal | None]]] = {year: {} for year in by_year}
    if by_year:
        year_of = {origin.pk: origin.year for origin in by_year.values()}
        values = _values(by_year.values(), codes=codes).values_list(
            "figure_year_id", "library", "code", "value")
        for figure_year, slug, code, value in values.iterator(chunk_size=BATCH):
            figures[year_of[figure_year]].setdefault(slug, {})[code] = _as_published(value)
    return RegionFigures(figures=figures, origins=by_year, libraries=libraries)


def published_state() -> tuple:
    """What identifies the state of the published figures (for cache validators), 1 query."""
    state = PublishedYear.objects.aggregate(count=Count("pk"), last=Max("pk"),
                                            at=Max("published__published_at"))
    return state["count"], state["last"], state["at"]



def published_library_years(origins: dict[tuple[str, int], Origin]) -> dict[str, list[int]]:
    """{library slug: the chosen years it has figures in}, one query."""
    years: dict[str, set[int]] = {}
    if origins:
        rows = (_values(origins.values()).values_list("library", "year").distinct()
                .order_by())
        for slug, year in rows:
            years.setdefault(slug, set()).add(year)
    return {slug: sorted(found) for slug, found in sorted(years.items())}


def published_libraries(origins: dict[tuple[str, int], Origin]) -> dict[tuple[str, str], dict]:
    """{(region slug, library slug): the library as the newest of the chosen versions
    naming it named it ({"name", "kind", "parish", "active", …})}, one query.

    What the open data says of the network: as published, never the live names."""
    named = dict(PublishedYear.objects.filter(
        pk__in=sorted(origin.pk for origin in origins.values())).values_list(
        "pk", "libraries"))
    result: dict[tuple[str, str], dict] = {}
    for origin in sorted(origins.values(), key=lambda origin: (
            origin.report_year, origin.version, origin.year), reverse=True):
        for slug, info in (named.get(origin.pk) or {}).items():
            result.setdefault((origin.region, slug), info or {})
    return result
