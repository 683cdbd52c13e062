"""The national dashboard: regions compared per inhabitant, from published versions only.

Every value is a ratio of a region's sums (`catalogue.derived`, the same formulas as
the report); the national value is the ratio of the national sums. A region that has
not published the year has no value (shown as not published), never live figures.
Reads: the catalogue (1) and `reports.national.published_regions` (2), whatever the
number of regions and libraries.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from catalogue.derived import compute_derived, round_half_away
from catalogue.selectors import catalogue
from figures.charts import Chart, bar_chart
from figures.tiles import unit_text
from reports.national import PublishedRegion, national_name, published_regions

METRICS = ("derived.visits_per_inhabitant", "derived.expenses_per_inhabitant",
           "derived.acquisition_per_inhabitant", "derived.coverage_pct")
DEFAULT_METRIC = METRICS[0]
POPULATION = "population.total"


@dataclass(frozen=True)
class RegionValue:
    slug: str
    name: str
    published: bool
    population: Decimal | None
    value: Decimal | None
    rank: int | None  # 1 = highest value among published regions


@dataclass(frozen=True)
class NationalDashboard:
    year: int
    metric: str
    metric_label: str
    decimals: int
    unit: str
    metrics: tuple[tuple[str, str], ...]  # (code, label) to choose from
    national_value: Decimal | None
    national_population: Decimal | None
    rows: tuple[RegionValue, ...]  # in Latvian order of the regions
    chart: Chart

    @property
    def published_count(self) -> int:
        return sum(row.published for row in self.rows)


def _values(formulas, sums: dict[str, Decimal], library_count: int) -> dict:
    values = dict(sums)
    values.update(compute_derived(formulas, sums, library_count))
    return values


def build_national_dashboard(year: int, metric: str = DEFAULT_METRIC, *,
                             regions: list[PublishedRegion] | None = None) -> NationalDashboard:
    indicators = catalogue()
    metric = metric if metric in METRICS and metric in indicators else DEFAULT_METRIC
    indicator = indicators[metric]
    formulas = {code: ind.formula for code, ind in indicators.items() if ind.is_derived}
    if regions is None:
        regions = published_regions(year)
    national_sums: dict[str, Decimal] = {}
    national_count = 0
    values = []
    for region in regions:
        sums = region.sums.get(year)
        if not region.status.is_published or sums is None:
            values.append((region, None))
            continue
        national_count += region.library_counts.get(year, 0)
        for code, value in sums.items():
            national_sums[code] = national_sums.get(code, 0) + value
        values.append((region, _values(formulas, sums, region.library_counts.get(year, 0))))
    decimals = indicator.decimals
    ranked = sorted((row.get(metric) for _region, row in values
                     if row is not None and row.get(metric) is not None), reverse=True)
    rows = []
    for region, row in values:
        value = round_half_away(row.get(metric), decimals) if row else None
        rows.append(RegionValue(
            slug=region.status.slug, name=region.status.name, published=row is not None,
            population=row.get(POPULATION) if row else None, value=value,
            rank=(ranked.index(row[metric]) + 1) if row and row.get(metric) is not None
            else None))
    national = _values(formulas, national_sums, national_count) if national_sums else {}
    national_value = round_half_away(national.get(metric), decimals)
    chart = bar_chart(
        title=_("%(indicator)s by region, %(year)s") % {"indicator": indicator.name,
                                                        "year": year},
        labels=[row.name for row in rows], values=[row.value for row in rows],
        unit=unit_text(indicator.unit), decimals=decimals, label_header=_("Region"),
        reference_lines=[(national_name(), float(national_value))]
        if national_value is not None else [],
        note=_("Regions without a published version of the year have no bar."))
    return NationalDashboard(
        year=year, metric=metric, metric_label=indicator.name, decimals=decimals,
        unit=indicator.unit,
        metrics=tuple((code, indicators[code].name) for code in METRICS if code in indicators),
        national_value=national_value, national_population=national.get(POPULATION),
        rows=tuple(rows), chart=chart)
