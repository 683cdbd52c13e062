"""What the public pages show: published figures only, read through `figures.published`
(`figures.sources.published_source`, the dashboards' loader of published figures), built by
`figures.dashboard` and drawn by `figures.charts`.

A figure typed into a draft, or accepted but not yet published, never reaches these pages:
the figures are those of the latest published version of each year, as everywhere the
published figures are read. A region whose methodologist switched its public pages off
(`Region.public_pages`) has none, and neither have its libraries.

Every ratio comes from `catalogue.derived` (a region's is the ratio of its sums; a ratio
with a missing input is missing, shown as "–", never 0). Query counts are fixed, whatever
the number of libraries: a library page reads the library (1), its state (`page_state`:
the chosen published years, the catalogue's version, the region's context events: 3) and
the page kept for that state (1, `public.services.page_stored`: the worker builds every
page of a region after its publishing); only a page not kept yet reads the figures
(`region_source`: 4) and keeps what it built. The region's figures it read are kept in
the process for that published state (`region_source_kept`), so the next page built on
request reads none, as the worker reads them once for all.
"""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from catalogue.derived import change_pct, change_points, parse_formula, round_half_away
from catalogue.formatting import format_change, format_number
from catalogue.selectors import catalogue, catalogue_version
from figures.published import Origin, chosen_years, published_libraries
from figures.sources import FigureSource, published_source
from figures.tiles import Tile, needed_codes, unit_text, year_values
from libraries.models import Library, Region
from quality.models import ContextEvent
from reports.models import PublishedReport

# The standard performance indicators, each with its definition on the page.
INDICATORS = (
    "derived.visits_per_inhabitant",
    "derived.loans_per_inhabitant",
    "derived.turnover",
    "derived.coverage_pct",
    "derived.cost_per_visit",
    "derived.cost_per_loan",
    "derived.acquisition_per_inhabitant",
    "derived.staff_per_1000",
)
# The region table's key figures, before the indicators.
KEY_FIGURES = ("population.total", "users.active", "visits.total", "loans.total")

# The embed card's figures (three or four, with their change).
EMBED_CODES = ("visits.total", "loans.total", "users.active", "derived.visits_per_inhabitant")


def public_region(slug: str) -> Region | None:
    """The region if its public pages are on (1 query)."""
    return Region.objects.filter(slug=slug, public_pages=True).first()


def public_library(slug: str) -> Library | None:
    """The library (with its region) if its region's public pages are on (1 query)."""
    return (Library.objects.select_related("region")
            .filter(slug=slug, region__public_pages=True).first())


def public_version(slug: str, year: int, version: int) -> PublishedReport | None:
    """A published version of a region's report, if the region's public pages are on
    (1 query). Only published versions have a row: a draft has no address here."""
    return (PublishedReport.objects.select_related("region")
            .filter(region__slug=slug, region__public_pages=True, year=year, version=version)
            .first())


def version_state(published: PublishedReport, lang: str) -> "PageState":
    """A published version never changes: its page's ETag is the version, the language and
    the catalogue's version (its labels in English come from the catalogue); 1 query."""
    return PageState(origins={}, etag=_digest(("report", published.pk, lang,
                                               catalogue_version())),
                     last_modified=published.published_at)


@dataclass(frozen=True)
class PageState:
    """What a public page's validators come from: the published versions it shows."""

    origins: dict[int, Origin]  # year → the version whose figures count
    etag: str
    last_modified: datetime | None
    # the region's state every page of it shows: its chosen versions, the catalogue's
    # version, its context events (a kept page of another state is deleted)
    published: str = ""


def _digest(value) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:32]


def page_state(region: Region, *key) -> PageState:
    """The region's chosen published years, and the page's ETag (its `key`, those
    versions, the catalogue's version and the region's context events, which footnote
    the pages and leave library-years out of comparisons without a new publication) and
    Last-Modified (the newest of those versions); 3 queries."""
    origins = {origin.year: origin for origin in chosen_years(region_id=region.pk).values()}
    events = list(ContextEvent.objects.filter(library__region=region).order_by("pk")
                  .values_list("pk", "library_id", "year", "kind"))
    region_state = _digest((sorted(origin.pk for origin in origins.values()),
                            catalogue_version(), events))
    last = max((origin.published_at for origin in origins.values()), default=None)
    return PageState(origins=origins, etag=_digest((key, region_state)),
                     last_modified=last, published=region_state)


# What names a page besides the published state (the ETag's `key`): one place for the
# views and the worker. A library's details are read with the library, so a change of them
# (without a publication) is a new page at once.
LIBRARY_DETAILS = ("name", "parish", "address", "phone", "email", "website", "opening_note",
                   "external_service_points")


def region_key(lang: str, sort: str, descending: bool) -> tuple:
    return ("region", lang, sort, descending)


def library_key(library: Library, lang: str) -> tuple:
    return ("library", library.slug, lang,
            *(getattr(library, field) for field in LIBRARY_DETAILS))


def embed_key(library: Library, lang: str) -> tuple:
    return ("embed", library.slug, lang, library.name)


def page_codes(indicators) -> set[str]:
    """The entered indicators the public pages read: the dashboard's (tiles, trends, peer
    metrics), the table's key figures and the standard indicators' terms."""
    codes = set(needed_codes(indicators))

    def walk(code: str) -> None:
        indicator = indicators.get(code)
        if indicator is not None and indicator.is_derived:
            for term in parse_formula(indicator.formula).codes:
                walk(term)
        elif indicator is not None:
            codes.add(code)

    for code in (*KEY_FIGURES, *INDICATORS):
        walk(code)
    return codes


def region_source(region: Region) -> FigureSource | None:
    """The region's published figures of the indicators the pages read (None when nothing
    is published); 4 queries (the catalogue, the chosen years, their values, the region's
    context events)."""
    indicators = catalogue()
    return published_source(region, codes=sorted(page_codes(indicators)),
                            indicators=indicators)


KEPT_SOURCES = 4  # regions whose figures a process keeps (about 1 MB each at 80 libraries)
_kept_sources: OrderedDict[tuple, FigureSource | None] = OrderedDict()
_kept_lock = threading.Lock()


def region_source_kept(region: Region, state: "PageState") -> FigureSource | None:
    """`region_source`, kept in this process while the region's published state
    (`state.published`: its chosen versions, the catalogue's version, its context events)
    holds: a new state reads the figures again, so nothing kept is ever shown stale. The
    pages only read the source (the worker builds them all from one)."""
    key = (region.pk, state.published)
    with _kept_lock:
        if key in _kept_sources:
            _kept_sources.move_to_end(key)
            return _kept_sources[key]
    source = region_source(region)
    with _kept_lock:
        _kept_sources[key] = source
        while len(_kept_sources) > KEPT_SOURCES:
            _kept_sources.popitem(last=False)
    return source


def forget_kept_sources() -> None:
    """Drop the kept figures (the tests: a rolled-back database reuses ids)."""
    with _kept_lock:
        _kept_sources.clear()


@dataclass(frozen=True)
class IndicatorRow:
    """One standard indicator of a year: the library's (or the region's) value, the change
    on the year before, the region's value beside it, and what it means."""

    code: str
    label: str
    definition: str
    unit: str
    decimals: int
    value: Decimal | None
    previous: Decimal | None
    change: Decimal | None
    in_points: bool
    region_value: Decimal | None = None
    previous_year: int | None = None

    @property
    def value_text(self) -> str:
        return format_number(self.value, self.decimals)

    @property
    def region_text(self) -> str:
        return format_number(self.region_value, self.decimals)

    @property
    def change_text(self) -> str:
        return format_change(self.change, self.in_points)

    @property
    def previous_text(self) -> str:
        return format_number(self.previous, self.decimals)

    @property
    def unit_text(self) -> str:
        return unit_text(self.unit)


def indicator_rows(source: FigureSource, year: int, slug: str | None = None, *,
                   codes=INDICATORS, comparable: bool = True) -> list[IndicatorRow]:
    """The indicators of `year` for the library `slug` (with the region's beside them) or,
    without a slug, for the region; the change on the year before when it has figures
    and `comparable`."""
    only = [slug] if slug else []
    region, libraries = year_values(source, year, only)
    previous_year = year - 1 if year - 1 in source.years else None
    if previous_year is not None:
        region_before, libraries_before = year_values(source, previous_year, only)
    else:
        region_before, libraries_before = {}, {}
    own = libraries.get(slug, {}) if slug else region
    before = (libraries_before.get(slug, {}) if slug else region_before) if comparable else {}
    rows = []
    for code in codes:
        indicator = source.indicators.get(code)
        if indicator is None:
            continue
        now, then = own.get(code), before.get(code)
        change = (change_points(then, now) if indicator.is_percentage
                  else change_pct(then, now))
        decimals = indicator.decimals if indicator.is_derived else (
            2 if indicator.kind in ("eur", "fte") else 0)
        rows.append(IndicatorRow(
            code=code, label=indicator.name, definition=indicator.definition,
            unit=indicator.unit, decimals=decimals, value=round_half_away(now, decimals),
            previous=round_half_away(then, decimals), change=change,
            in_points=indicator.is_percentage,
            region_value=round_half_away(region.get(code), decimals) if slug else None,
            previous_year=previous_year if then is not None else None))
    return rows


def embed_rows(source: FigureSource, slug: str) -> tuple[int, list[IndicatorRow]]:
    """The embed card's year (the region's newest published year, as the library's page
    shows) and its figures with their change, none across a merge into the library."""
    year = source.years[-1]
    before = year - 1 if year - 1 in source.years else None
    across_merge = any(merge.into == slug and merge.between(before, year)
                       for merge in source.merges)
    return year, indicator_rows(source, year, slug, codes=EMBED_CODES,
                                comparable=not across_merge)


@dataclass(frozen=True)
class TableRow:
    """A library in the region's table: its key figures and indicators of the year."""

    slug: str
    name: str
    values: dict[str, Decimal | None]  # by code, rounded as shown
    event: str  # a closure, renovation… of the year: footnoted, out of comparisons

    def cells(self, columns) -> list[str]:
        return [format_number(self.values.get(column.code), column.decimals)
                for column in columns]


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    decimals: int


def table_columns(source: FigureSource) -> list[Column]:
    columns = []
    for code in (*KEY_FIGURES, *INDICATORS):
        indicator = source.indicators.get(code)
        if indicator is not None:
            columns.append(Column(code=code, label=indicator.name,
                                  decimals=indicator.decimals if indicator.is_derived
                                  else (2 if indicator.kind in ("eur", "fte") else 0)))
    return columns


SORTS = ("name",)


def region_table(source: FigureSource, year: int, columns: list[Column], *,
                 sort: str = "name", descending: bool = False) -> list[TableRow]:
    """Every library with published figures in `year`, sorted by name (Latvian order, as
    the source lists them) or by a column; a library without the value sorts last."""
    _region, libraries = year_values(source, year)
    events = source.events.get(year, {})
    rows = []
    for slug, info in source.libraries.items():
        if slug not in libraries:
            continue
        values = libraries[slug]
        rows.append(TableRow(
            slug=slug, name=info.name,
            values={column.code: round_half_away(values.get(column.code), column.decimals)
                    for column in columns},
            event=events.get(slug, "")))
    if sort in {column.code for column in columns}:
        present = [row for row in rows if row.values.get(sort) is not None]
        missing = [row for row in rows if row.values.get(sort) is None]
        present.sort(key=lambda row: row.values[sort], reverse=descending)
        rows = present + missing
    elif descending:
        rows.reverse()
    return rows


def tiles_by_code(tiles: tuple[Tile, ...], codes) -> list[Tile]:
    by_code = {tile.code: tile for tile in tiles}
    return [by_code[code] for code in codes if code in by_code]


@dataclass(frozen=True)
class SitemapEntry:
    kind: str  # "region" or "library"
    slug: str
    last_modified: datetime | None


def sitemap_entries() -> list[SitemapEntry]:
    """Every public region and library page, with when its figures were last published:
    3 queries (the public regions, the chosen published years, the libraries they name)."""
    public = set(Region.objects.filter(public_pages=True).values_list("slug", flat=True))
    origins = {key: origin for key, origin in chosen_years(with_figures=True).items()
               if key[0] in public}
    last: dict[str, datetime] = {}
    for (slug, _year), origin in origins.items():
        last[slug] = max(last.get(slug, origin.published_at), origin.published_at)
    entries = [SitemapEntry("region", slug, at) for slug, at in sorted(last.items())]
    libraries = sorted(published_libraries(origins))
    entries += [SitemapEntry("library", slug, last.get(region))
                for region, slug in libraries]
    return entries
