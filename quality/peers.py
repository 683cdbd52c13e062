"""Peer groups: libraries compared with others of their size.

The one rule, used by the quality checks (a figure far from its peers per inhabitant)
and by the dashboards (peer groups, quartiles, a library's standing): the libraries with a
population served are ordered by it and cut into up to four groups of near-equal size,
with at least three libraries in a group (fewer libraries, fewer groups). Callers leave
out library-years with a context event (a closure, a renovation…) before grouping.
"""

from collections.abc import Hashable, Mapping
from decimal import Decimal

POPULATION = "population.total"  # the figure that sizes a library
GROUP_COUNT = 4
MIN_GROUP_SIZE = 3


def population_groups(populations: Mapping[Hashable, Decimal | None]) -> list[tuple]:
    """The keys cut into (up to) four groups of near-equal size by population served,
    smallest first; keys without a population (None or 0) are in no group."""
    ordered = sorted((value, key) for key, value in populations.items() if value)
    if not ordered:
        return []
    count = max(1, min(GROUP_COUNT, len(ordered) // MIN_GROUP_SIZE))
    return [tuple(key for _value, key in ordered[round(n * len(ordered) / count):
                                                 round((n + 1) * len(ordered) / count)])
            for n in range(count)]
