"""A library's profile: its key figures across years and where it stands among its
peers, built from a FigureSource with the dashboard's parts (`figures.dashboard`)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from catalogue.derived import round_half_away
from catalogue.formatting import format_number
from figures.charts import Chart, line_chart
from figures.comparison import PeerGroup, Standing, peer_standings, without_events
from figures.dashboard import shown_years
from figures.sources import FigureSource, Merge, PublishedOrigin
from figures.tiles import (
    TILE_CODES,
    TRENDS,
    Tile,
    build_tiles,
    metric_catalogue,
    region_sums,
    source_formulas,
    unit_text,
    with_derived,
)
from quality.peers import POPULATION


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

def build_library_profile(source: FigureSource, slug: str, year: int | None = None
                          ) -> LibraryProfile:
    """One library's figures over the years and where it stands among its peers."""
    years, year, previous_year = shown_years(source, year)
    formulas = source_formulas(source)
    metrics = metric_catalogue(source)
    info = source.libraries.get(slug)
    name = info.name if info else slug

    own_by_year = {y: with_derived(formulas, source.figures[y][slug]) for y in years
                   if slug in source.figures.get(y, {})}
    region, peers = _region_part(source, years, formulas, metrics)
    standings_by_year = {}
    group_by_year = {}
    for y in years:
        standings_by_year[y] = {code: standings.get(slug)
                                for code, (_groups, standings) in peers[y].items()}
        group_by_year[y] = next((g for g in next(iter(peers[y].values()))[0]
                                 if slug in g.slugs), None) if peers[y] else None

    own = own_by_year.get(year, {})
    before = own_by_year.get(previous_year) if previous_year else None
    merges = tuple(merge for merge in source.merges
                   if merge.into == slug and merge.from_year <= year)
    # B alone before the merge, B with A after it: no change across the merge year.
    across_merge = any(merge.between(previous_year, year) for merge in merges)
    tiles = build_tiles(source, TILE_CODES, own, before, previous_year,
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
            return round_half_away(own_by_year.get(y, {}).get(metric.code), metric.decimals)

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
                     [own_by_year.get(y, {}).get(code) for y in years]) for code in present],
            decimals=0)
    return LibraryProfile(
        slug=slug, name=name, region_name=source.region_name, source_kind=source.kind,
        source_label=source.label, is_published=source.is_published, year=year,
        previous_year=previous_year, years=years, population=own.get(POPULATION),
        group=group_by_year.get(year), tiles=tiles, standings=standings, charts=charts,
        origin=source.origins.get(year), merges=merges)


def _region_part(source: FigureSource, years, formulas, metrics) -> tuple[dict, dict]:
    """What every library's profile of the region shares: the region's values by year and
    each year's peer groups and standings. The other libraries are compared on the metrics
    only (their other ratios are not computed: most of a profile's time in a region of a
    hundred libraries). Computed once per source, years and language (the standings carry
    the metrics' labels): the worker builds every page of a region from one source."""
    key = ("profile", tuple(years), translation.get_language())
    if key not in source.kept:
        peer_formulas = source_formulas(source, [metric.code for metric in metrics])
        region = {y: with_derived(formulas, region_sums(source.figures.get(y, {})))
                  for y in years}
        peers = {}
        for y in years:
            values = {s: with_derived(peer_formulas, v)
                      for s, v in source.figures.get(y, {}).items()}
            populations = {s: v.get(POPULATION) for s, v in values.items()}
            peers[y] = peer_standings(
                values, without_events(populations, source.events.get(y, {})), metrics)
        source.kept[key] = (region, peers)
    return source.kept[key]


def library_in_source(source: FigureSource, slug: str) -> bool:
    return slug in source.libraries or any(slug in by_slug for by_slug in source.figures.values())
