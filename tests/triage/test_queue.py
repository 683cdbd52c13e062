"""The ranked queue on the synthetic region, its query count, filters and the command."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.utils import translation

from quality import synthetic
from review.triage import filter_queue, triage_queue
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def test_a_planted_x10_slip_heads_the_queue_with_its_cause(planted):
    region, data = planted
    with translation.override("lv"):
        items = triage_queue(region, 2022)
    top = items[0]
    assert (top.library.slug, top.code) == data.planted["x10"]
    assert top.check == "slip"
    assert top.cause == "desmit reizes vairāk nekā pērn: drukas kļūda (lieks cipars)?"
    assert top.score > items[1].score


def test_detection_floor_on_a_fixed_seed(planted):
    """bench/quality.py's measure: every planted kind in the top 20 (floor: 5 of 6)."""
    region, data = planted
    found, _unplanted = synthetic.top_counts(data, triage_queue(region, 2022), top=20)
    assert len(found) >= 5
    assert "x10" in found and "copied" in found and "closure" in found


def test_a_recorded_closure_ranks_below_an_unrecorded_one(planted):
    region, data = planted
    items = triage_queue(region, 2022)
    recorded = next(iter(data.events))
    unrecorded = data.planted["closure"][0]
    best = {slug: max(i.score for i in items if i.library.slug == slug)
            for slug in (recorded, unrecorded)}
    assert best[unrecorded] > 2 * best[recorded]
    assert all(i.event == "closure" for i in items if i.library.slug == recorded)


@pytest.mark.parametrize("size", [12, 36])
def test_queue_query_count_does_not_grow_with_the_network(size, django_assert_num_queries):
    data = synthetic.plant(synthetic.generate(libraries=size, seed=3), seed=3)
    region = RegionFactory(slug=f"size-{size}")
    synthetic.write(data, region)
    with django_assert_num_queries(7):  # the region's own thresholds among them
        items = triage_queue(region, 2022)
    assert items


def test_filters_by_library_chapter_and_check(planted):
    region, data = planted
    items = triage_queue(region, 2022)
    slug = data.planted["x10"][0]
    mine = filter_queue(items, library=slug)
    assert mine and {i.library.slug for i in mine} == {slug}
    slips = filter_queue(items, check="slip")
    assert slips and all("slip" in i.kinds for i in slips)
    chapter = items[0].indicator.chapter.number
    assert all(i.indicator.chapter.number == chapter
               for i in filter_queue(items, chapter=chapter))


def test_command_writes_the_ranked_list_as_json(planted, tmp_path):
    _region, data = planted
    output = tmp_path / "triage.json"
    call_command("triage", year=2022, region="synthetic", format="json", output=str(output))
    rows = json.loads(output.read_text(encoding="utf-8"))
    assert (rows[0]["library"], rows[0]["code"]) == data.planted["x10"]
    assert rows[0]["check"] == "slip" and rows[0]["cause"]
    assert isinstance(rows[0]["value"], int)
    assert abs(rows[0]["value"] / 10 - rows[0]["last_year"]) < 0.15 * rows[0]["last_year"]
    assert [row["score"] for row in rows] == sorted((row["score"] for row in rows),
                                                    reverse=True)


def test_command_writes_csv_through_the_one_csv_writer(planted):
    out = io.StringIO()
    call_command("triage", year=2022, format="csv", language="en", stdout=out)
    text = out.getvalue()
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:5] == ["rank", "library", "library_name", "code", "indicator"]
    assert rows[1][5] == "slip" and "ten times last year" in rows[1][7]
    assert "," in rows[1][8]  # the score with a decimal comma
