"""The comparison of libraries: quartiles, ranks, peer groups (`quality.peers`, the one
rule of population groups) and where a library stands in its group (the rule is in
`figures.dashboard`'s docstring, "Peer groups")."""

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.derived import round_half_away
from catalogue.formatting import format_number
from figures.tiles import Metric
from quality.peers import population_groups


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


def rank_places(values: Mapping[str, Decimal | None], higher_is_better: bool) -> dict[str, int]:
    """Competition ranking (1, 2, 2, 4), best first; libraries without a value are unranked."""
    present = sorted(((value, slug) for slug, value in values.items() if value is not None),
                     key=lambda item: item[0], reverse=higher_is_better)
    ranks: dict[str, int] = {}
    for position, (value, slug) in enumerate(present, start=1):
        previous = present[position - 2] if position > 1 else None
        ranks[slug] = ranks[previous[1]] if previous and previous[0] == value else position
    return ranks


def without_events(populations, events):
    """The populations without the library-years that have a context event: peer groups,
    quartiles and medians leave them out (they are listed as left out)."""
    return {slug: value for slug, value in populations.items() if slug not in events}


def peer_standings(library_values, populations, metrics):
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
            ranks = rank_places(values, metric.higher_is_better)
            for slug in slugs:
                standings[slug] = Standing(metric=metric, value=values[slug], group=group,
                                           quartiles=q, rank_in_group=ranks.get(slug),
                                           status=_status(values[slug], q))
        result[metric.code] = (tuple(groups), standings)
    return result

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

SORTS = ("rank", "name", "population")


def sorted_rows(rows, sort, descending, metrics):
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
