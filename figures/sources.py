"""Where figures come from: current submissions or a published report.

Both sources give the same shape, so `figures.dashboard` does not care which it got:

    FigureSource.figures = {year: {library slug: {indicator code: Decimal | None}}}

Only entered indicators travel here; every ratio is computed later from these
figures with `catalogue.derived`. Each loader runs a fixed number of queries,
whatever the number of libraries and years:

- `current_source`: libraries (1), the catalogue (1), one query over Value joined to
  the submission's year and library (1);
- `published_source`: the catalogue (1), the region's chosen published years (1) and
  their values (1), read from the flat published figures (`figures.published`).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalogue.models import Indicator
from catalogue.selectors import catalogue
from figures.published import region_figures
from figures.selectors import ACCEPTED_ONLY, ALL_STATUSES
from libraries.collation import latvian_sort_key
from libraries.models import Library
from quality.selectors import events_by_year
from submissions.models import Value

Figures = dict[int, dict[str, dict[str, Decimal | None]]]

PUBLISHED = "published"
CURRENT = "current"  # accepted submissions
CURRENT_ALL = "all"  # every submission, accepted or not
SOURCE_LABELS = {
    PUBLISHED: _("Published report"),
    CURRENT: _("Current figures: accepted submissions"),
    CURRENT_ALL: _("Current figures: all submissions"),
}


@dataclass(frozen=True)
class PublishedOrigin:
    """The published report version a year's figures were taken from.

    A report publishes its own year and the two years before it (its three-year
    tables), so 2020's figures may come from the 2021 report.
    """

    report_year: int
    version: int
    published_at: datetime | None = None

    @property
    def text(self) -> str:
        """“from the 2021 report, version 2, published 25.11.2026” in the active language."""
        values = {"year": self.report_year, "version": self.version}
        if self.published_at is None:
            return gettext("from the %(year)s report, version %(version)s") % values
        day = timezone.localdate(self.published_at) if timezone.is_aware(
            self.published_at) else self.published_at.date()
        return gettext("from the %(year)s report, version %(version)s, published %(date)s") % {
            **values, "date": date_format(day, "SHORT_DATE_FORMAT")}


@dataclass(frozen=True)
class LibraryInfo:
    slug: str
    name: str
    kind: str = ""
    closed_from: int | None = None  # no figures from this year on
    merged_into: str = ""  # the slug of the library it was merged into from `closed_from`


@dataclass(frozen=True)
class Merge:
    """`absorbed` was merged into `into` from `from_year` (`cycle.network.library_merge`)."""

    absorbed: str
    absorbed_name: str
    into: str
    from_year: int

    def between(self, earlier: int | None, later: int | None) -> bool:
        """The merge falls between two years (after `earlier`, by `later`)."""
        return (earlier is not None and later is not None
                and earlier < self.from_year <= later)


@dataclass
class FigureSource:
    """A region's entered figures for every year the source knows, and what they are."""

    kind: str  # PUBLISHED, CURRENT or CURRENT_ALL
    region_name: str
    libraries: dict[str, LibraryInfo]  # by slug, in Latvian order
    figures: Figures
    indicators: dict[str, Indicator]  # the catalogue, by code
    versions: dict[int, int] = field(default_factory=dict)  # published: year → version
    # published: year → the report version its figures come from (not always that year's)
    origins: dict[int, PublishedOrigin] = field(default_factory=dict)
    # context events: year → slug → what happened; peer statistics leave them out
    events: dict[int, dict[str, str]] = field(default_factory=dict)
    # what a builder computed from these figures once for every page built from them (the
    # peers' standings of a library's profile): the worker's, or a public page's kept source
    kept: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_published(self) -> bool:
        return self.kind == PUBLISHED

    @property
    def merges(self) -> tuple[Merge, ...]:
        """The region's merges of libraries, from what the source knows of its libraries."""
        return tuple(Merge(absorbed=info.slug, absorbed_name=info.name,
                           into=info.merged_into, from_year=info.closed_from)
                     for info in self.libraries.values()
                     if info.merged_into and info.closed_from is not None)

    @property
    def label(self) -> str:
        return str(SOURCE_LABELS[self.kind])

    @property
    def years(self) -> tuple[int, ...]:
        """Years with at least one figure, oldest first."""
        return tuple(sorted(
            year for year, by_library in self.figures.items()
            if any(value is not None for values in by_library.values()
                   for value in values.values())))

    @property
    def formulas(self) -> dict[str, str]:
        return {code: indicator.formula for code, indicator in self.indicators.items()
                if indicator.is_derived}


def current_source(region, *, statuses=ACCEPTED_ONLY, codes=None) -> FigureSource:
    """Current figures of every library and year, from submissions in `statuses` (3 queries).

    `codes` limits the indicators read (the entered codes a dashboard needs).
    """
    libraries = {
        library.slug: LibraryInfo(
            slug=library.slug, name=library.name, kind=library.kind,
            closed_from=library.closed_from,
            merged_into=library.merged_into.slug if library.merged_into else "")
        for library in Library.objects.filter(region=region).in_latvian_order()
        .select_related("merged_into")
        .only("slug", "name", "kind", "closed_from", "merged_into__slug")
    }
    indicators = catalogue(region=region)
    values = Value.objects.filter(submission__library__region=region,
                                  submission__status__in=statuses)
    if codes is not None:
        values = values.filter(indicator__code__in=list(codes))
    figures: Figures = defaultdict(lambda: defaultdict(dict))
    for year, slug, code, value in values.values_list(
            "submission__year__year", "submission__library__slug", "indicator__code", "value"):
        figures[year][slug][code] = value
    kind = CURRENT if tuple(statuses) == tuple(ACCEPTED_ONLY) else CURRENT_ALL
    return FigureSource(kind=kind, region_name=region.name, libraries=libraries,
                        figures={year: dict(by_slug) for year, by_slug in figures.items()},
                        indicators=indicators, events=events_by_year(region))


def current_all_source(region, *, codes=None) -> FigureSource:
    return current_source(region, statuses=ALL_STATUSES, codes=codes)


def published_source(region, *, codes=None, indicators=None) -> FigureSource | None:
    """Figures of the region's published report versions (`figures.published`): the
    catalogue (1), the chosen years with their libraries (1), their values (1), the
    region's context events (1); None if nothing is published.

    For each year the newest version of that year's own report wins; a year that has
    no report of its own is taken from the newest report that shows it (a report
    shows its year and the years before it). `indicators`: the catalogue when the caller
    has read it already.
    """
    published = region_figures(region.pk, codes=codes)
    if not published.origins:
        return None
    if indicators is None:
        indicators = catalogue(region=region)
    libraries = {slug: LibraryInfo(slug=slug, name=(info or {}).get("name", slug),
                                   kind=(info or {}).get("kind", ""),
                                   closed_from=(info or {}).get("closed_from"),
                                   merged_into=(info or {}).get("merged_into") or "")
                 for slug, info in published.libraries.items()}
    ordered = dict(sorted(libraries.items(), key=lambda item: latvian_sort_key(item[1].name)))
    return FigureSource(
        kind=PUBLISHED, region_name=region.name, libraries=ordered,
        figures=dict(sorted(published.figures.items())), indicators=indicators,
        versions={year: origin.version for year, origin in published.origins.items()},
        origins={year: PublishedOrigin(report_year=origin.report_year, version=origin.version,
                                       published_at=origin.published_at)
                 for year, origin in published.origins.items()},
        events=events_by_year(region))
