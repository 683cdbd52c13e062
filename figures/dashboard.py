"""The municipality dashboard and the library profile: built once from a FigureSource.

Every value, change, rank, quartile and flag is computed here; templates, CSV and PDF
only show what they are given. Ratios come from `indicators.derived`: a library's
ratio from its own figures, a region's ratio from the region's sums.

Peer groups (libraries of similar size)
    In the year shown, the libraries with a population served are ordered by it and
    cut into four groups of (nearly) equal size: the population quartiles of the
    network. Fewer than 12 libraries give fewer groups, so a group always has at least
    3 libraries. Quartiles adapt to the network as it changes, and every group has
    enough members for a median and quartiles to mean something; the group's label
    shows its population range.

    A library-year with a context event (a closure, renovation, move or long staff
    absence, `quality.ContextEvent`) is left out of the groups, their quartiles and
    medians and the network's median; the page lists it as left out, saying why.

    Within its group a library's value is set beside the group's first quartile (Q1),
    median and third quartile (Q3), computed with the inclusive method (as Excel's
    QUARTILE.INC). A library is "below its peers" when its value is under the group's
    Q1: lower than three quarters of libraries of its size. For a metric where less is
    better (cost per visit) the flag is "above its peers", over Q3.

Which libraries a year's figures cover
    A region's sums (and the ratios of those sums) depend on which libraries have
    figures in the source: with 1 of 35 libraries accepted for a year, its visits
    are a fraction of the year before without anything having fallen. So the
    dashboard counts, per year, the libraries with at least one figure, beside the
    libraries of the region. When the shown year covers fewer libraries than the region
    has (or than the year before), a banner and every tile say so ("1 of 35
    libraries included"), and a change between two years is shown only when both
    years cover the same set of libraries; otherwise the tile says the two years are
    not comparable. The trend charts list their incomplete years under the chart.
    A library's profile compares the library's own figures across years, unaffected.

Merged libraries
    When library A is merged into B from year Y (`Library.merged_into`), A has no
    figures from Y on and B reports for both. The region's sums stay comparable across
    the merge: a year before Y that covers both A and B counts as the same set as a
    year from Y on that covers B (A + B before, the merged B after), so the merge is
    not shown as growth or loss of the region. B's own figures are not comparable
    across Y (B alone before, B with A after): its profile shows no change on a year
    before the merge and says “merged with A from Y”. A's earlier figures stay.
"""

import dataclasses
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from figures.charts import BAR_CHART, LINE_CHART, Chart, ChartSpec, line_chart
from figures.sources import FigureSource, Merge, PublishedOrigin
from indicators.derived import (
    change_pct,
    change_points,
    compute_derived,
    parse_formula,
    round_half_away,
)
from indicators.formatting import format_change, format_number
from indicators.models import Indicator
from quality.peers import POPULATION, population_groups


@dataclass(frozen=True)
class MetricSpec:
    code: str
    higher_is_better: bool = True


# Per-inhabitant (and other per-unit) figures compared between libraries.
METRICS = (
    MetricSpec("derived.visits_per_inhabitant"),
    MetricSpec("derived.coverage_pct"),
    MetricSpec("derived.expenses_per_inhabitant"),
    MetricSpec("derived.acquisition_per_inhabitant"),
    MetricSpec("derived.loans_per_user"),
    MetricSpec("derived.cost_per_visit", higher_is_better=False),
)
DEFAULT_METRIC = "derived.visits_per_inhabitant"

# The key figures, in the order the tiles show them.
TILE_CODES = (
    "derived.visits_per_inhabitant",
    "users.active",
    "users.active.children",
    "visits.total",
    "visits.virtual",
    "loans.total",
    "derived.coverage_pct",
    "derived.expenses_per_inhabitant",
    "derived.acquisition_per_inhabitant",
    "derived.cost_per_visit",
)

# Trend charts: key, title, codes (one line each).
TRENDS = (
    ("visits-per-inhabitant", gettext_lazy("Visits per inhabitant"),
     ("derived.visits_per_inhabitant",)),
    ("users", gettext_lazy("Active users"), ("users.active", "users.active.children")),
    ("visits", gettext_lazy("Visits"), ("visits.total", "visits.virtual")),
    ("loans", gettext_lazy("Loans"), ("loans.total",)),
    # xgettext:no-python-format
    ("coverage", gettext_lazy("Coverage: active users as % of the population"),
     ("derived.coverage_pct",)),
    ("money-per-inhabitant", gettext_lazy("Expenses and acquisition funding per inhabitant"),
     ("derived.expenses_per_inhabitant", "derived.acquisition_per_inhabitant")),
    ("cost-per-visit", gettext_lazy("Cost per visit"), ("derived.cost_per_visit",)),
)


def needed_codes(indicators: Mapping) -> set[str]:
    """The entered codes the dashboard reads (tiles, metrics and everything their formulas use)."""
    wanted = {*TILE_CODES, *(metric.code for metric in METRICS), POPULATION}
    for _key, _title, codes in TRENDS:
        wanted.update(codes)
    entered: set[str] = set()

    def walk(code: str) -> None:
        indicator = indicators.get(code)
        if indicator is not None and indicator.is_derived:
            for term in parse_formula(indicator.formula).codes:
                walk(term)
        else:
            entered.add(code)

    for code in wanted:
        walk(code)
    return entered


def _formulas(source: FigureSource, codes=None) -> dict[str, str]:
    """The derived formulas the dashboard needs (or those of `codes`), with the ones they
    depend on."""
    all_formulas = source.formulas
    wanted: dict[str, str] = {}

    def walk(code: str) -> None:
        if code in all_formulas and code not in wanted:
            wanted[code] = all_formulas[code]
            for term in parse_formula(all_formulas[code]).codes:
                walk(term)

    if codes is not None:
        for code in codes:
            walk(code)
        return wanted
    for code in {*TILE_CODES, *(metric.code for metric in METRICS)}:
        walk(code)
    for _key, _title, trend_codes in TRENDS:
        for code in trend_codes:
            walk(code)
    return wanted


def _with_derived(formulas, values: Mapping[str, Decimal | None],
                  library_count: int | None = None) -> dict[str, Decimal | None]:
    result = dict(values)
    result.update(compute_derived(formulas, values, library_count))
    return result


def _region_sums(by_library: Mapping[str, Mapping[str, Decimal | None]]) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    for values in by_library.values():
        for code, value in values.items():
            if value is not None:
                sums[code] = sums.get(code, Decimal(0)) + value
    return sums


def year_values(source: FigureSource, year: int, libraries: Iterable[str] | None = None
                ) -> tuple[dict[str, Decimal | None], dict[str, dict[str, Decimal | None]]]:
    """(the region's values, {library slug: its values}) of `year`, entered and derived:
    the region's ratios are ratios of its sums, a library's from its own figures, both by
    `indicators.derived` (missing when an input is missing). `libraries` limits the
    libraries whose values are computed (the region's sums still count every library)."""
    formulas = source.formulas
    by_library = source.figures.get(year, {})
    region = _with_derived(formulas, _region_sums(by_library), len(by_library))
    wanted = by_library if libraries is None else [slug for slug in libraries
                                                   if slug in by_library]
    return region, {slug: _with_derived(formulas, by_library[slug], 1) for slug in wanted}


# Dataclasses ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    unit: str
    decimals: int
    is_percentage: bool
    higher_is_better: bool

    def format(self, value) -> str:
        return format_number(value, self.decimals)


@dataclass(frozen=True)
class Tile:
    code: str
    label: str
    unit: str
    decimals: int
    value: Decimal | None  # rounded for display
    previous: Decimal | None
    change: Decimal | None  # % change, or percentage points for a percentage
    change_in_points: bool
    previous_year: int | None
    # The region dashboard's coverage of the year: libraries with figures, of the region's.
    comparable: bool = True  # False: the two years cover different sets of libraries
    included: int | None = None
    library_total: int | None = None

    @property
    def value_text(self) -> str:
        return format_number(self.value, self.decimals)

    @property
    def coverage_text(self) -> str:
        """“1 of 35 libraries included” when the value leaves libraries out, else ""."""
        if self.included is None or not self.library_total \
                or self.included >= self.library_total:
            return ""
        return coverage_text(self.included, self.library_total)

    @property
    def not_comparable_text(self) -> str:
        return "" if self.comparable else str(NOT_COMPARABLE)

    @property
    def previous_text(self) -> str:
        return format_number(self.previous, self.decimals)

    @property
    def change_text(self) -> str:
        return format_change(self.change, self.change_in_points)

    @property
    def unit_suffix(self) -> str:
        return _unit_suffix(self.unit)

    @property
    def direction(self) -> str:
        if self.change is None:
            return ""
        return "up" if self.change > 0 else "down" if self.change < 0 else "same"


def coverage_text(included: int, total: int) -> str:
    return ngettext("%(count)s of %(total)s libraries included",
                    "%(count)s of %(total)s libraries included", included) % {
        "count": included, "total": total}


NOT_COMPARABLE = gettext_lazy("not comparable: the set of included libraries differs")


@dataclass(frozen=True)
class Coverage:
    """Which libraries each year's figures cover, beside the libraries of the region."""

    library_total: int
    included: dict[int, frozenset[str]]  # year → slugs with at least one figure
    merges: tuple[Merge, ...] = ()
    closed: dict[str, int] = field(default_factory=dict)  # slug → closed (or merged) from

    def count(self, year: int | None) -> int:
        return len(self.included.get(year, ())) if year is not None else 0

    def is_complete(self, year: int) -> bool:
        return self.count(year) >= self.total_in(year)

    def total_in(self, year: int | None) -> int:
        """The region's libraries in `year`: without those closed or merged by then."""
        if year is None:
            return self.library_total
        gone = sum(1 for closed_from in self.closed.values() if closed_from <= year)
        return max(self.library_total - gone, self.count(year))

    def same_libraries(self, year: int, other: int | None) -> bool:
        """Both years cover the same set of libraries (so their sums may be compared).

        Across a merge, the earlier year's two libraries count as the merged one."""
        if other is None:
            return True
        earlier, later = sorted((year, other))
        before = self.included.get(earlier, frozenset())
        for merge in self.merges:
            if merge.between(earlier, later) and {merge.absorbed, merge.into} <= before:
                before = before - {merge.absorbed}
        return before == self.included.get(later, frozenset())

    def incomplete_years(self, years: Iterable[int]) -> tuple[int, ...]:
        return tuple(year for year in years if not self.is_complete(year))


def source_coverage(source: FigureSource) -> Coverage:
    """Per year, the libraries with at least one figure; the region's number of libraries."""
    included = {
        year: frozenset(slug for slug, values in by_library.items()
                        if any(value is not None for value in values.values()))
        for year, by_library in source.figures.items()}
    most = max((len(slugs) for slugs in included.values()), default=0)
    return Coverage(library_total=max(len(source.libraries), most), included=included,
                    merges=source.merges,
                    closed={slug: info.closed_from for slug, info in source.libraries.items()
                            if info.closed_from is not None})


@dataclass(frozen=True)
class Quartiles:
    q1: Decimal | None
    median: Decimal | None
    q3: Decimal | None
    count: int


@dataclass(frozen=True)
class Standing:
    """One library's value of one metric beside its peer group."""

    metric: Metric
    value: Decimal | None
    group: "PeerGroup | None"
    quartiles: Quartiles | None
    rank_in_group: int | None
    status: str  # "below", "under-median", "over-median", "above" or ""

    @property
    def value_text(self) -> str:
        return self.metric.format(round_half_away(self.value, self.metric.decimals))

    def _q(self, name: str) -> str:
        value = getattr(self.quartiles, name) if self.quartiles else None
        return self.metric.format(round_half_away(value, self.metric.decimals))

    @property
    def q1_text(self) -> str:
        return self._q("q1")

    @property
    def median_text(self) -> str:
        return self._q("median")

    @property
    def q3_text(self) -> str:
        return self._q("q3")

    @property
    def status_text(self) -> str:
        if self.is_flagged:
            return str(FLAG_TEXT[self.status])
        return str(STATUS_TEXT.get(self.status, ""))

    @property
    def is_flagged(self) -> bool:
        """Worse than three quarters of its peers (under Q1, or over Q3 where less is better)."""
        return self.status == ("below" if self.metric.higher_is_better else "above")


STATUS_TEXT = {
    "below": gettext_lazy("under Q1"),
    "under-median": gettext_lazy("under the median"),
    "over-median": gettext_lazy("at or over the median"),
    "above": gettext_lazy("over Q3"),
}
FLAG_TEXT = {
    "below": gettext_lazy("below peers (under Q1)"),
    "above": gettext_lazy("above peers (over Q3; less is better)"),
}


@dataclass(frozen=True)
class PeerGroup:
    number: int
    population_low: Decimal
    population_high: Decimal
    slugs: tuple[str, ...]
    quartiles: Quartiles  # of the selected metric

    @property
    def label(self) -> str:
        return group_label(self.number, self.population_low, self.population_high)


def group_label(number: int, low, high) -> str:
    return _("Group %(number)s: %(low)s–%(high)s inhabitants") % {
        "number": number, "low": format_number(low), "high": format_number(high)}


@dataclass(frozen=True)
class ComparisonRow:
    slug: str
    name: str
    population: Decimal | None
    values: dict[str, Decimal | None]  # metric code → rounded value
    rank: int | None  # by the selected metric, 1 = best
    group_number: int | None
    standing: Standing
    event: str = ""  # a context event of the year (closure, renovation…): out of the groups

    @property
    def population_text(self) -> str:
        return format_number(self.population)

    @property
    def cells(self) -> list[str]:
        """The metric values, formatted, in METRICS order."""
        return [metric.format(self.values.get(metric.code)) for metric in self._metrics]

    _metrics: tuple[Metric, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class Dashboard:
    region_name: str
    source_kind: str
    source_label: str
    is_published: bool
    year: int
    previous_year: int | None
    years: tuple[int, ...]
    versions: dict[int, int]
    metric: Metric
    metrics: tuple[Metric, ...]
    tiles: tuple[Tile, ...]
    region_value: Decimal | None  # of the selected metric, ratio of the region's sums
    rows: tuple[ComparisonRow, ...]  # sorted as asked
    groups: tuple[PeerGroup, ...]
    below_peers: tuple[ComparisonRow, ...]
    ungrouped: tuple[ComparisonRow, ...]  # no population or no value in the year
    charts: dict[str, Chart]
    trend_keys: tuple[str, ...]
    group_chart_keys: tuple[str, ...]
    sort: str
    descending: bool
    # The data each chart is drawn from (the consolidated report keeps these in its snapshot).
    chart_specs: dict[str, ChartSpec] = field(default_factory=dict)
    origin: PublishedOrigin | None = None  # published: the report the year's figures are from
    coverage: Coverage | None = None
    left_out: tuple[ComparisonRow, ...] = ()  # a context event in the year: not in a group

    @property
    def library_total(self) -> int:
        return self.coverage.total_in(self.year) if self.coverage else 0

    @property
    def included_count(self) -> int:
        return self.coverage.count(self.year) if self.coverage else 0

    @property
    def previous_included_count(self) -> int:
        return self.coverage.count(self.previous_year) if self.coverage else 0

    @property
    def comparable_with_previous(self) -> bool:
        """The shown year and the year before cover the same libraries (or there is none)."""
        return self.coverage is None or self.coverage.same_libraries(self.year,
                                                                     self.previous_year)

    @property
    def is_incomplete(self) -> bool:
        """The shown year leaves out libraries of the region, or differs from the year before."""
        if self.coverage is None:
            return False
        return self.included_count < self.library_total or not self.comparable_with_previous

    @property
    def coverage_text(self) -> str:
        """“1 of 35 libraries included” for the shown year."""
        return coverage_text(self.included_count, self.library_total) if self.coverage else ""

    @property
    def incomplete_years(self) -> tuple[int, ...]:
        return self.coverage.incomplete_years(self.years) if self.coverage else ()

    @property
    def not_comparable_text(self) -> str:
        """Why the tiles show no change on the year before (or "")."""
        if self.comparable_with_previous:
            return ""
        return ngettext(
            "Changes on %(year)s are not shown: %(year)s's figures cover %(count)s library, "
            "a different set of libraries.",
            "Changes on %(year)s are not shown: %(year)s's figures cover %(count)s libraries, "
            "a different set of libraries.", self.previous_included_count) % {
            "year": self.previous_year, "count": self.previous_included_count}

    @property
    def source_note(self) -> str:
        """Where the shown year's published figures come from (“from the 2021 report, …”)."""
        return self.origin.text if self.origin else ""

    @property
    def region_value_text(self) -> str:
        return self.metric.format(self.region_value)

    @property
    def tile(self):
        return {tile.code: tile for tile in self.tiles}

    @property
    def trend_charts(self) -> list[Chart]:
        return [self.charts[key] for key in self.trend_keys]

    @property
    def group_charts(self) -> list[tuple[PeerGroup, Chart]]:
        return [(group, self.charts[key])
                for group, key in zip(self.groups, self.group_chart_keys, strict=True)]


@dataclass(frozen=True)
class LibraryProfile:
    slug: str
    name: str
    region_name: str
    source_kind: str
    source_label: str
    is_published: bool
    year: int
    previous_year: int | None
    years: tuple[int, ...]
    population: Decimal | None
    group: PeerGroup | None
    tiles: tuple[Tile, ...]
    standings: tuple[Standing, ...]  # one per metric, in the selected year
    charts: dict[str, Chart]
    origin: PublishedOrigin | None = None
    merges: tuple[Merge, ...] = ()  # libraries merged into this one, by the shown year

    @property
    def source_note(self) -> str:
        return self.origin.text if self.origin else ""

    @property
    def merge_notes(self) -> list[str]:
        """“merged with Ružinas pagasta bibliotēka from 2023”, one per merge."""
        return [_("merged with %(library)s from %(year)s") % {
            "library": merge.absorbed_name, "year": merge.from_year} for merge in self.merges]

    @property
    def population_text(self) -> str:
        return format_number(self.population)

    @property
    def flagged(self) -> list[Standing]:
        return [standing for standing in self.standings if standing.is_flagged]


class NoData(LookupError):
    """The source has no figures at all."""


# Building ------------------------------------------------------------------------------
def metric_catalogue(source: FigureSource) -> tuple[Metric, ...]:
    metrics = []
    for spec in METRICS:
        indicator = source.indicators.get(spec.code)
        if indicator is None:
            continue
        metrics.append(Metric(code=spec.code, label=indicator.name, unit=indicator.unit,
                              decimals=indicator.decimals, is_percentage=indicator.is_percentage,
                              higher_is_better=spec.higher_is_better))
    return tuple(metrics)


def _decimals(indicator) -> int:
    if indicator.is_derived:
        return indicator.decimals
    return 2 if indicator.kind in ("eur", "fte") else 0


def _tiles(source, codes, current, previous, previous_year, *, comparable: bool = True,
           included: int | None = None, library_total: int | None = None
           ) -> tuple[Tile, ...]:
    """One tile per code; `comparable=False` keeps the change out (different libraries)."""
    tiles = []
    for code in codes:
        indicator = source.indicators.get(code)
        if indicator is None:
            continue
        decimals = _decimals(indicator)
        now, before = current.get(code), (previous or {}).get(code)
        change = (change_points(before, now) if indicator.is_percentage
                  else change_pct(before, now)) if comparable else None
        tiles.append(Tile(code=code, label=indicator.name, unit=indicator.unit,
                          decimals=decimals, value=round_half_away(now, decimals),
                          previous=round_half_away(before, decimals), change=change,
                          change_in_points=indicator.is_percentage,
                          previous_year=previous_year if previous is not None else None,
                          comparable=comparable, included=included,
                          library_total=library_total))
    return tuple(tiles)


def quartiles(values: Iterable[Decimal]) -> Quartiles:
    data = sorted(values)
    if not data:
        return Quartiles(None, None, None, 0)
    if len(data) == 1:
        return Quartiles(data[0], data[0], data[0], 1)
    q1, median, q3 = statistics.quantiles(data, n=4, method="inclusive")
    return Quartiles(Decimal(q1), Decimal(median), Decimal(q3), len(data))


def _status(value, q: Quartiles | None) -> str:
    if value is None or q is None or q.median is None:
        return ""
    if value < q.q1:
        return "below"
    if value > q.q3:
        return "above"
    return "under-median" if value < q.median else "over-median"


def _rank(values: Mapping[str, Decimal | None], higher_is_better: bool) -> dict[str, int]:
    """Competition ranking (1, 2, 2, 4), best first; libraries without a value are unranked."""
    present = sorted(((value, slug) for slug, value in values.items() if value is not None),
                     key=lambda item: item[0], reverse=higher_is_better)
    ranks: dict[str, int] = {}
    for position, (value, slug) in enumerate(present, start=1):
        previous = present[position - 2] if position > 1 else None
        ranks[slug] = ranks[previous[1]] if previous and previous[0] == value else position
    return ranks


def _without(populations, events):
    """The populations without the library-years that have a context event: peer groups,
    quartiles and medians leave them out (they are listed as left out)."""
    return {slug: value for slug, value in populations.items() if slug not in events}


def _peer_standings(library_values, populations, metrics):
    """Groups and every library's standing per metric: {metric code: (groups, {slug: Standing})}."""
    slug_groups = population_groups(populations)
    result = {}
    for metric in metrics:
        groups, standings = [], {}
        for number, slugs in enumerate(slug_groups, start=1):
            values = {slug: library_values[slug].get(metric.code) for slug in slugs}
            q = quartiles(value for value in values.values() if value is not None)
            group = PeerGroup(number=number,
                              population_low=min(populations[slug] for slug in slugs),
                              population_high=max(populations[slug] for slug in slugs),
                              slugs=slugs, quartiles=q)
            groups.append(group)
            ranks = _rank(values, metric.higher_is_better)
            for slug in slugs:
                standings[slug] = Standing(metric=metric, value=values[slug], group=group,
                                           quartiles=q, rank_in_group=ranks.get(slug),
                                           status=_status(values[slug], q))
        result[metric.code] = (tuple(groups), standings)
    return result


def _year_library_values(source, formulas, year) -> dict[str, dict[str, Decimal | None]]:
    by_library = source.figures.get(year, {})
    return {slug: _with_derived(formulas, values) for slug, values in by_library.items()}


def _library_names(source, slugs) -> dict[str, str]:
    return {slug: (source.libraries[slug].name if slug in source.libraries else slug)
            for slug in slugs}


def flag_words(higher_is_better: bool) -> tuple[str, str, str]:
    """The library charts' words for a library worse than its peers: the data table's
    column, the legend and the note under the chart, in the active language."""
    if higher_is_better:
        return (_("below peers"),
                _("orange: under the first quartile (Q1) of its own size group"),
                _("Orange bars: libraries under the first quartile (Q1) of their own "
                  "size group. Each library is compared with libraries of similar size, "
                  "so an orange bar can be as long as a blue one of another group."))
    return (_("above peers"),
            _("orange: over the third quartile (Q3) of its own size group"),
            _("Orange bars: libraries over the third quartile (Q3) of their own "
              "size group (for this figure less is better). Each library is "
              "compared with libraries of similar size, so an orange bar can be as "
              "long as a blue one of another group."))


def comparison_title(metric_label: str, year: int) -> str:
    return _("%(metric)s by library, %(year)s") % {"metric": metric_label, "year": year}


def group_title(metric_label: str, year: int, label: str) -> str:
    return f"{metric_label}, {year} — {label}"


def build_dashboard(source: FigureSource, year: int | None = None, *,
                    metric: str = DEFAULT_METRIC, sort: str = "rank",
                    descending: bool = False, trends_only: bool = False) -> Dashboard:
    """The dashboard for `year` (default: the latest year the source has); with
    `trends_only` only the trend charts are drawn (the comparisons are specified, not
    drawn: the public region page shows the trends only)."""
    years = source.years
    if not years:
        raise NoData
    if year not in years:
        year = years[-1]
    previous_year = year - 1 if year - 1 in years else None
    formulas = _formulas(source)
    metrics = metric_catalogue(source)
    selected = next((m for m in metrics if m.code == metric), None) or next(
        m for m in metrics if m.code == DEFAULT_METRIC)

    # Region figures per year: the region's sums, then the ratios of those sums.
    region = {y: _with_derived(formulas, _region_sums(source.figures.get(y, {})),
                               len(source.figures.get(y, {}))) for y in years}
    coverage = source_coverage(source)
    tiles = _tiles(source, TILE_CODES, region[year],
                   region.get(previous_year) if previous_year else None, previous_year,
                   comparable=coverage.same_libraries(year, previous_year),
                   included=coverage.count(year), library_total=coverage.total_in(year))

    specs: dict[str, ChartSpec] = {}
    trend_keys = []
    categories = [str(y) for y in years]
    for key, title, codes in TRENDS:
        present = [code for code in codes if code in source.indicators]
        if not present:
            continue
        first = source.indicators[present[0]]
        decimals = _decimals(first)
        series = [(source.indicators[code].name,
                   [round_half_away(region[y].get(code), decimals) for y in years])
                  for code in present]
        specs[key] = ChartSpec.line(key=key, title=str(title), categories=categories,
                                    series=series, unit=unit_text(first.unit),
                                    decimals=decimals)
        trend_keys.append(key)

    # Libraries in the selected year.
    library_values = _year_library_values(source, formulas, year)
    populations = {slug: values.get(POPULATION) for slug, values in library_values.items()}
    events = source.events.get(year, {})
    peers = _peer_standings(library_values, _without(populations, events), (selected,))
    groups, standings = peers[selected.code]
    group_of = {slug: group.number for group in groups for slug in group.slugs}
    ranks = _rank({slug: values.get(selected.code) for slug, values in library_values.items()},
                  selected.higher_is_better)
    names = _library_names(source, library_values)
    rows = []
    for slug, values in library_values.items():
        standing = standings.get(slug) or Standing(
            metric=selected, value=values.get(selected.code), group=None, quartiles=None,
            rank_in_group=None, status="")
        rows.append(ComparisonRow(
            slug=slug, name=names[slug], population=populations.get(slug),
            values={m.code: round_half_away(values.get(m.code), m.decimals) for m in metrics},
            rank=ranks.get(slug), group_number=group_of.get(slug), standing=standing,
            event=events.get(slug, ""), _metrics=metrics))
    rows = _sorted_rows(rows, sort, descending, metrics)

    by_value = sorted((row for row in rows if row.values.get(selected.code) is not None),
                      key=lambda row: row.rank)
    without = [row for row in rows if row.values.get(selected.code) is None]
    region_value = region[year].get(selected.code)
    all_values = [library_values[row.slug][selected.code] for row in by_value
                  if not row.event]
    network = quartiles(all_values)
    flag_label, flag_legend, flag_note = flag_words(selected.higher_is_better)
    specs["comparison"] = ChartSpec.bar(
        key="comparison",
        title=comparison_title(selected.label, year),
        labels=[row.name for row in [*by_value, *without]],
        values=[row.values.get(selected.code) for row in [*by_value, *without]],
        unit=unit_text(selected.unit), decimals=selected.decimals,
        highlight={index for index, row in enumerate(by_value) if row.standing.is_flagged},
        highlight_label=flag_label, highlight_legend=flag_legend, note=flag_note,
        reference_lines=[(_("Region"), round_half_away(region_value, selected.decimals)),
                         (_("Median"), round_half_away(network.median, selected.decimals))]
        if region_value is not None and network.median is not None else [],
        value_header=selected.label)
    group_keys = []
    row_by_slug = {row.slug: row for row in rows}
    for group in groups:
        members = sorted((row_by_slug[slug] for slug in group.slugs),
                         key=lambda row: (row.standing.rank_in_group or 10**9, row.name))
        q = group.quartiles
        key = f"group-{group.number}"
        specs[key] = ChartSpec.bar(
            key=key,
            title=group_title(selected.label, year, group.label),
            labels=[row.name for row in members],
            values=[row.values.get(selected.code) for row in members],
            unit=unit_text(selected.unit), decimals=selected.decimals,
            highlight={index for index, row in enumerate(members) if row.standing.is_flagged},
            highlight_label=flag_label, highlight_legend=flag_legend,
            reference_lines=[(name, round_half_away(value, selected.decimals))
                             for name, value in ((_("Q1"), q.q1), (_("Median"), q.median),
                                                 (_("Q3"), q.q3)) if value is not None],
            value_header=selected.label)
        group_keys.append(key)

    charts = {key: spec.draw() for key, spec in specs.items()
              if not trends_only or key in trend_keys}
    trend_note = _incomplete_years_note(coverage, years)
    if trend_note:  # on the page and its PDF; the specs (the report's charts) stay as they are
        for key in trend_keys:
            charts[key] = dataclasses.replace(charts[key], note=trend_note)
    below = tuple(sorted((row for row in rows if row.standing.is_flagged),
                         key=lambda row: (row.group_number or 0, row.rank or 0)))
    return Dashboard(
        region_name=source.region_name, source_kind=source.kind, source_label=source.label,
        is_published=source.is_published, year=year, previous_year=previous_year,
        years=years, versions=dict(source.versions), metric=selected, metrics=metrics,
        tiles=tiles, region_value=round_half_away(region_value, selected.decimals),
        rows=tuple(rows), groups=groups, below_peers=below,
        ungrouped=tuple(row for row in rows if row.group_number is None and not row.event),
        left_out=tuple(row for row in rows if row.event),
        charts=charts, trend_keys=tuple(trend_keys), group_chart_keys=tuple(group_keys),
        sort=sort, descending=descending, chart_specs=specs,
        origin=source.origins.get(year), coverage=coverage)


def _incomplete_years_note(coverage: Coverage, years) -> str:
    """“Incomplete years …: 2022 (1 of 35 libraries included).” or ""."""
    incomplete = coverage.incomplete_years(years)
    if not incomplete:
        return ""
    def counted(year):  # mid-sentence: "2022: iekļauta 1 no 35 bibliotēkām"
        text = coverage_text(coverage.count(year), coverage.total_in(year))
        return text[:1].lower() + text[1:]

    parts = "; ".join(f"{year}: {counted(year)}" for year in incomplete)
    if len(incomplete) == 1:  # a word, not a count: ngettext's forms would not fit 21, 31 …
        return _("Incomplete year, its sums leave libraries out (%(years)s).") % {
            "years": parts}
    return _("Incomplete years, their sums leave libraries out (%(years)s).") % {
        "years": parts}


SORTS = ("rank", "name", "population")


def _sorted_rows(rows, sort, descending, metrics):
    metric_codes = {m.code for m in metrics}
    missing_last = 10**12
    if sort == "name":
        from libraries.collation import latvian_sort_key

        key = lambda row: latvian_sort_key(row.name)  # noqa: E731
    elif sort == "population":
        key = lambda row: row.population if row.population is not None else -1  # noqa: E731
    elif sort in metric_codes:
        def key(row):
            value = row.values.get(sort)
            if value is None:
                return Decimal(-missing_last) if descending else Decimal(missing_last)
            return value
    else:  # rank
        key = lambda row: row.rank if row.rank is not None else missing_last  # noqa: E731
    return sorted(rows, key=key, reverse=descending)


def _unit_suffix(unit: str) -> str:
    """What follows a value in a tile: "%" or "EUR", nothing for counts and ratios."""
    if unit == Indicator.Unit.PERCENT:
        return "%"
    if unit in (Indicator.Unit.EUR, Indicator.Unit.EUR_PER_PERSON, Indicator.Unit.EUR_PER_VISIT,
                Indicator.Unit.EUR_PER_LOAN):
        return "EUR"
    return ""


def unit_text(unit: str) -> str:
    """The unit as chart axes show it (nothing for plain numbers)."""
    if unit in ("", Indicator.Unit.NUMBER):
        return ""
    try:
        return str(Indicator.Unit(unit).label)
    except ValueError:
        return unit


# The words of a frozen chart ---------------------------------------------------------------
TREND_BY_KEY = {key: (title, codes) for key, title, codes in TRENDS}
# The names of the charts' reference lines (marked for translation where they are drawn).
REFERENCE_NAMES = ("Region", "Median", "Q1", "Q3")


def _in_every_language(msgid: str) -> set[str]:
    words = set()
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            words.add(_(msgid))
    return words


def _reference_name(name: str) -> str:
    """“Mediāna” or “Median”, whichever language it was written in, in the active one."""
    for msgid in REFERENCE_NAMES:
        if name in _in_every_language(msgid):
            return _(msgid)
    return name


def _group_bounds(title: str) -> tuple[int, int] | None:
    """The inhabitants' bounds a peer group's title names (“… — 2. grupa: 1 200–2 500
    iedzīvotāju” or “… — Group 2: 1,200–2,500 inhabitants”); populations are whole."""
    _metric, dash, label = title.rpartition(" — ")
    _number, colon, bounds = label.partition(":")
    low, en_dash, high = bounds.partition("–")
    digits = ["".join(char for char in part if char.isdigit()) for part in (low, high)]
    if not (dash and colon and en_dash and all(digits)):
        return None
    return int(digits[0]), int(digits[1])


def chart_spec_reworded(spec: ChartSpec, *, indicators: Mapping[str, Indicator], year: int,
                        metric: str = DEFAULT_METRIC) -> ChartSpec:
    """A frozen chart's words in the active language; its numbers, years and libraries stay.

    A published report keeps its charts' data (`ChartSpec`) with the words of the
    language it was published in. They are written again here from what the chart is
    (its key: a trend, the comparison or peer group N; the report's `year` and `metric`)
    and the catalogue (`indicators` by code, with `name` and `unit`), by the functions
    that wrote them in `build_dashboard`. The note is left empty but for the comparison's
    highlight note (the report adds the merges it names). A chart this does not
    know is returned as it was.
    """
    replace = dataclasses.replace
    if spec.kind == LINE_CHART and spec.key in TREND_BY_KEY:
        title, codes = TREND_BY_KEY[spec.key]
        present = [code for code in codes if code in indicators]
        if not present or len(present) != len(spec.series):
            return spec
        return replace(
            spec, title=str(title), unit=unit_text(indicators[present[0]].unit), note="",
            series=tuple(replace(series, name=indicators[code].name)
                         for series, code in zip(spec.series, present, strict=True)))
    is_group = spec.key.startswith("group-") and spec.key[6:].isdigit()
    indicator = indicators.get(metric)
    if spec.kind != BAR_CHART or indicator is None or not (
            spec.key == "comparison" or is_group):
        return spec
    higher_is_better = next((item.higher_is_better for item in METRICS if item.code == metric),
                            True)
    flag_label, flag_legend, flag_note = flag_words(higher_is_better)
    label = indicator.name
    spec = replace(
        spec, unit=unit_text(indicator.unit), value_header=label,
        highlight_label=flag_label, highlight_legend=flag_legend,
        reference_lines=tuple(replace(line, name=_reference_name(line.name))
                              for line in spec.reference_lines))
    if spec.key == "comparison":
        return replace(spec, title=comparison_title(label, year), note=flag_note)
    bounds = _group_bounds(spec.title)
    if bounds is None:
        return replace(spec, note="")
    return replace(spec, note="", title=group_title(
        label, year, group_label(int(spec.key[6:]), *bounds)))


def build_library_profile(source: FigureSource, slug: str, year: int | None = None
                          ) -> LibraryProfile:
    """One library's figures over the years and where it stands among its peers."""
    years = source.years
    if not years:
        raise NoData
    if year not in years:
        year = years[-1]
    previous_year = year - 1 if year - 1 in years else None
    formulas = _formulas(source)
    metrics = metric_catalogue(source)
    info = source.libraries.get(slug)
    name = info.name if info else slug

    # The other libraries are compared on the metrics only: their other ratios are not
    # computed (most of a profile's time in a region of a hundred libraries).
    peer_formulas = _formulas(source, [metric.code for metric in metrics])
    per_year = {y: {s: _with_derived(formulas if s == slug else peer_formulas, values)
                    for s, values in source.figures.get(y, {}).items()}
                for y in years}
    region = {y: _with_derived(formulas, _region_sums(source.figures.get(y, {})))
              for y in years}
    standings_by_year = {}
    group_by_year = {}
    for y in years:
        values = per_year[y]
        populations = {s: v.get(POPULATION) for s, v in values.items()}
        peers = _peer_standings(values, _without(populations, source.events.get(y, {})),
                                metrics)
        standings_by_year[y] = {code: standings.get(slug)
                                for code, (_groups, standings) in peers.items()}
        group_by_year[y] = next((g for g in next(iter(peers.values()))[0]
                                 if slug in g.slugs), None) if peers else None

    own = per_year[year].get(slug, {})
    before = per_year.get(previous_year, {}).get(slug) if previous_year else None
    merges = tuple(merge for merge in source.merges
                   if merge.into == slug and merge.from_year <= year)
    # B alone before the merge, B with A after it: no change across the merge year.
    across_merge = any(merge.between(previous_year, year) for merge in merges)
    tiles = _tiles(source, TILE_CODES, own, before, previous_year,
                   comparable=not across_merge)
    standings = tuple(
        standings_by_year[year].get(m.code) or Standing(
            metric=m, value=own.get(m.code), group=None, quartiles=None, rank_in_group=None,
            status="")
        for m in metrics)

    charts: dict[str, Chart] = {}
    categories = [str(y) for y in years]
    for metric in metrics:
        def series_value(y, metric=metric):
            return round_half_away(per_year[y].get(slug, {}).get(metric.code), metric.decimals)

        def median(y, metric=metric):
            standing = standings_by_year[y].get(metric.code)
            value = standing.quartiles.median if standing and standing.quartiles else None
            return round_half_away(value, metric.decimals)

        charts[metric.code] = line_chart(
            title=f"{name}: {metric.label}", categories=categories,
            series=[(name, [series_value(y) for y in years]),
                    (_("Median of its peer group"), [median(y) for y in years]),
                    (_("Region"), [round_half_away(region[y].get(metric.code), metric.decimals)
                                   for y in years])],
            unit=unit_text(metric.unit), decimals=metric.decimals)
    for key, title, codes in TRENDS:
        present = [code for code in codes if code in source.indicators
                   and not source.indicators[code].is_derived]
        if not present:
            continue
        charts[key] = line_chart(
            title=f"{name}: {title}", categories=categories,
            series=[(source.indicators[code].name,
                     [per_year[y].get(slug, {}).get(code) for y in years]) for code in present],
            decimals=0)
    return LibraryProfile(
        slug=slug, name=name, region_name=source.region_name, source_kind=source.kind,
        source_label=source.label, is_published=source.is_published, year=year,
        previous_year=previous_year, years=years, population=own.get(POPULATION),
        group=group_by_year.get(year), tiles=tiles, standings=standings, charts=charts,
        origin=source.origins.get(year), merges=merges)


def library_in_source(source: FigureSource, slug: str) -> bool:
    return slug in source.libraries or any(slug in by_slug for by_slug in source.figures.values())

