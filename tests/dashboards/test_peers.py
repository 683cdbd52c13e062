"""Peer groups on a small hand-made network: groups by population, quartiles, flags."""

from decimal import Decimal

import pytest
from django.utils import translation

from catalogue.models import Indicator
from figures.comparison import quartiles
from figures.dashboard import build_dashboard
from figures.sources import CURRENT, FigureSource, LibraryInfo
from quality.peers import population_groups

D = Decimal


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def indicator(code, kind="count", formula="", unit="number", decimals=0):
    return Indicator(code=code, name_lv=code, name_en=code, kind=kind, formula=formula,
                     unit=unit, decimals=decimals)


CATALOGUE = {
    "population.total": indicator("population.total"),
    "visits.total": indicator("visits.total"),
    "derived.visits_per_inhabitant": indicator(
        "derived.visits_per_inhabitant", "derived", "visits.total / population.total",
        "per_person", 2),
}


def source(rows, year=2021):
    """rows: (slug, population, visits)."""
    figures = {year: {slug: {"population.total": D(pop), "visits.total": D(visits)}
                      for slug, pop, visits in rows}}
    return FigureSource(kind=CURRENT, region_name="R",
                        libraries={slug: LibraryInfo(slug, slug.title()) for slug, *_ in rows},
                        figures=figures, indicators=CATALOGUE)


def test_quartiles_inclusive():
    q = quartiles([D(1), D(2), D(3), D(4), D(5)])
    assert (q.q1, q.median, q.q3) == (D(2), D(3), D(4))
    q = quartiles([D(1), D(2), D(3), D(4)])
    assert (q.q1, q.median, q.q3) == (D("1.75"), D("2.5"), D("3.25"))
    assert quartiles([D(7)]).median == D(7)
    assert quartiles([]).median is None


def test_population_groups_are_quartiles_of_size():
    populations = {f"l{i}": D(i * 100) for i in range(1, 13)}
    groups = population_groups(populations)
    assert [len(group) for group in groups] == [3, 3, 3, 3]
    assert groups[0] == ("l1", "l2", "l3")
    assert groups[-1] == ("l10", "l11", "l12")
    # Fewer libraries: fewer groups, never fewer than 3 members.
    assert [len(g) for g in population_groups({f"l{i}": D(i) for i in range(1, 8)})] == [4, 3]
    assert population_groups({"a": None, "b": D(0)}) == []


def test_peer_group_median_and_below_peers():
    # Small group: populations 100–300; large group: 1000–3000.
    rows = [("a", 100, 100), ("b", 200, 600), ("c", 300, 900), ("d", 250, 1000),
            ("e", 1000, 1000), ("f", 2000, 6000), ("g", 3000, 9000), ("h", 2500, 10000)]
    dashboard = build_dashboard(source(rows), 2021)
    assert len(dashboard.groups) == 2
    small, _large = dashboard.groups
    assert set(small.slugs) == {"a", "b", "c", "d"}
    # visits per inhabitant in the small group: 1, 3, 3, 4 → Q1 2.5, median 3, Q3 3.25
    assert small.quartiles.q1 == D("2.5")
    assert small.quartiles.median == D("3")
    assert small.quartiles.q3 == D("3.25")
    assert small.label == "Group 1: 100–300 inhabitants"
    assert {row.slug for row in dashboard.below_peers} == {"a", "e"}
    row_a = next(row for row in dashboard.rows if row.slug == "a")
    assert row_a.standing.status == "below"
    assert row_a.standing.median_text == "3.00"
    assert row_a.standing.rank_in_group == 4
    group_chart = dashboard.charts["group-1"]
    assert ("Median", "3.00") in [row[:2] for row in group_chart.table_rows]
    assert dashboard.rows[0].rank == 1


def test_libraries_without_population_are_left_out_of_groups():
    rows = [("a", 100, 100), ("b", 200, 600), ("c", 300, 900)]
    src = source(rows)
    src.figures[2021]["z"] = {"population.total": None, "visits.total": D(5)}
    dashboard = build_dashboard(src, 2021)
    assert [row.slug for row in dashboard.ungrouped] == ["z"]
    assert all(row.slug != "z" for row in dashboard.below_peers)
