"""The municipality dashboard: built once from a FigureSource (its parts: `figures.tiles`,
`figures.coverage`, `figures.comparison`, `figures.chart_words`; the library profile
is the dashboards app's, `dashboards.profile`).

Every value, change, rank, quartile and flag is computed here; templates, CSV and PDF
only show what they are given. Ratios come from `catalogue.derived`: a library's
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
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalogue.derived import round_half_away
from figures.charts import Chart, ChartSpec
from figures.comparison import (
    ComparisonRow,
    PeerGroup,
    Standing,
    comparison_title,
    flag_words,
    group_title,
    peer_standings,
    quartiles,
    rank_places,
    sorted_rows,
    without_events,
)
from figures.coverage import Coverage, coverage_text, source_coverage
from figures.sources import FigureSource, PublishedOrigin
from figures.tiles import (
    DEFAULT_METRIC,
    TILE_CODES,
    TRENDS,
    Metric,
    Tile,
    build_tiles,
    decimals_of,
    library_names,
    metric_catalogue,
    region_sums,
    source_formulas,
    unit_text,
    with_derived,
    year_library_values,
)
from quality.peers import POPULATION


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

class NoData(LookupError):
    """The source has no figures at all."""

def shown_years(source: FigureSource, year: int | None) -> tuple[list[int], int, int | None]:
    """The source's years, the year shown (`year` if the source has it, else its latest)
    and the year before it if the source has that; NoData without any year."""
    years = source.years
    if not years:
        raise NoData
    if year not in years:
        year = years[-1]
    return years, year, (year - 1 if year - 1 in years else None)


def build_dashboard(source: FigureSource, year: int | None = None, *,
                    metric: str = DEFAULT_METRIC, sort: str = "rank",
                    descending: bool = False, trends_only: bool = False) -> Dashboard:
    """The dashboard for `year` (default: the latest year the source has); with
    `trends_only` only the trend charts are drawn (the comparisons are specified, not
    drawn: the public region page shows the trends only)."""
    years, year, previous_year = shown_years(source, year)
    formulas = source_formulas(source)
    metrics = metric_catalogue(source)
    selected = next((m for m in metrics if m.code == metric), None) or next(
        m for m in metrics if m.code == DEFAULT_METRIC)

    # Region figures per year: the region's sums, then the ratios of those sums.
    region = {y: with_derived(formulas, region_sums(source.figures.get(y, {})),
                               len(source.figures.get(y, {}))) for y in years}
    coverage = source_coverage(source)
    tiles = build_tiles(source, TILE_CODES, region[year],
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
        decimals = decimals_of(first)
        series = [(source.indicators[code].name,
                   [round_half_away(region[y].get(code), decimals) for y in years])
                  for code in present]
        specs[key] = ChartSpec.line(key=key, title=str(title), categories=categories,
                                    series=series, unit=unit_text(first.unit),
                                    decimals=decimals)
        trend_keys.append(key)

    # Libraries in the selected year.
    library_values = year_library_values(source, formulas, year)
    populations = {slug: values.get(POPULATION) for slug, values in library_values.items()}
    events = source.events.get(year, {})
    peers = peer_standings(library_values, without_events(populations, events), (selected,))
    groups, standings = peers[selected.code]
    group_of = {slug: group.number for group in groups for slug in group.slugs}
    ranks = rank_places({slug: values.get(selected.code)
                         for slug, values in library_values.items()}, selected.higher_is_better)
    names = library_names(source, library_values)
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
    rows = sorted_rows(rows, sort, descending, metrics)

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
