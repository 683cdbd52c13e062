"""The dashboard's figures: the metrics compared, the key-figure tiles and the trends,
and a year's values of a FigureSource (a library's ratio from its own figures, a
region's from the region's sums, through `catalogue.derived`)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy

from catalogue.derived import (
    change_pct,
    change_points,
    compute_derived,
    parse_formula,
    round_half_away,
)
from catalogue.formatting import format_change, format_number
from catalogue.models import Indicator
from figures.coverage import NOT_COMPARABLE, coverage_text
from figures.sources import FigureSource
from quality.peers import POPULATION


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


def source_formulas(source: FigureSource, codes=None) -> dict[str, str]:
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


def with_derived(formulas, values: Mapping[str, Decimal | None],
                  library_count: int | None = None) -> dict[str, Decimal | None]:
    result = dict(values)
    result.update(compute_derived(formulas, values, library_count))
    return result


def region_sums(by_library: Mapping[str, Mapping[str, Decimal | None]]) -> dict[str, Decimal]:
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
    `catalogue.derived` (missing when an input is missing). `libraries` limits the
    libraries whose values are computed (the region's sums still count every library)."""
    formulas = source.formulas
    by_library = source.figures.get(year, {})
    region = with_derived(formulas, region_sums(by_library), len(by_library))
    wanted = by_library if libraries is None else [slug for slug in libraries
                                                   if slug in by_library]
    return region, {slug: with_derived(formulas, by_library[slug], 1) for slug in wanted}

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


def decimals_of(indicator) -> int:
    if indicator.is_derived:
        return indicator.decimals
    return 2 if indicator.kind in ("eur", "fte") else 0


def build_tiles(source, codes, current, previous, previous_year, *, comparable: bool = True,
           included: int | None = None, library_total: int | None = None
           ) -> tuple[Tile, ...]:
    """One tile per code; `comparable=False` keeps the change out (different libraries)."""
    tiles = []
    for code in codes:
        indicator = source.indicators.get(code)
        if indicator is None:
            continue
        decimals = decimals_of(indicator)
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

def year_library_values(source, formulas, year) -> dict[str, dict[str, Decimal | None]]:
    by_library = source.figures.get(year, {})
    return {slug: with_derived(formulas, values) for slug, values in by_library.items()}


def library_names(source, slugs) -> dict[str, str]:
    return {slug: (source.libraries[slug].name if slug in source.libraries else slug)
            for slug in slugs}

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
