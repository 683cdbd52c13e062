"""GET /api/v1/values: published figures only, frozen, derived as everywhere, paginated."""

import csv
import io
from decimal import Decimal

import pytest

from reports.services import report_publish
from submissions.models import Submission
from tests.factories import set_values
from tests.opendata.conftest import DRAFT_2022, FIGURES

pytestmark = pytest.mark.django_db


def _get(client, **params):
    response = client.get("/api/v1/values", params)
    assert response.status_code == 200, response.content
    return response


def test_the_issues_example_answers_every_librarys_visits(client, network):
    body = _get(client, indicator="visits.total", year=2021).json()
    assert body["next"] is None
    assert body["results"] == [
        {"region": "rezeknes-novads", "library": slug, "year": 2021, "code": "visits.total",
         "value": FIGURES[slug][2021][0], "scope": "national"}
        for slug in ("audrinu", "maltas", "viljanu")]
    assert {"region": "rezeknes-novads", "library": "maltas", "year": 2021,
            "code": "visits.total", "value": 1234, "scope": "national"} in body["results"]


def test_derived_indicators_are_computed_per_library_and_rounded(client, network):
    rows = _get(client, indicator="derived.visits_per_inhabitant", library="maltas").json()
    assert [(row["year"], row["value"]) for row in rows["results"]] == [
        (2019, 2.6), (2020, 2.02), (2021, 0.5)]  # 6500/2500, 5000/2480, 1234/2460


def test_a_correction_after_publishing_changes_nothing(client, network):
    before = _get(client).json()
    submission = Submission.objects.get(library__slug="maltas", year__year=2021)
    set_values(submission, **{"visits.total": 99999})
    assert _get(client).json() == before
    report_publish(region=network.region, year=2021, user=network.methodologist)
    after = _get(client, indicator="visits.total", library="maltas", year=2021).json()
    assert after["results"][0]["value"] == 99999


def test_drafts_and_unpublished_regions_never_appear(client, network):
    body = _get(client, limit=10000).json()
    assert body["next"] is None and len(body["results"]) > 0
    assert {row["year"] for row in body["results"]} == {2019, 2020, 2021}
    assert {row["region"] for row in body["results"]} == {"rezeknes-novads"}
    assert not [row for row in body["results"] if row["value"] in (DRAFT_2022, 55555)]
    assert _get(client, year=2022).json()["results"] == []
    assert _get(client, region="sintetiskais-novads").json()["results"] == []


def test_texts_comments_and_people_are_not_in_any_answer(client, network):
    texts = [network.methodologist.username, network.methodologist.email]
    for url in ("/api/v1/values", "/api/v1/reports", "/api/v1/libraries", "/api/v1/regions",
                "/api/v1/indicators", "/api/v1/packages"):
        content = client.get(url).content.decode()
        assert not any(text in content for text in texts), url
        assert "sintetiska" not in content or url in ("/api/v1/libraries", "/api/v1/regions")


def test_filters_and_year_range(client, network):
    rows = _get(client, indicator="visits.total,population.total", region="rezeknes-novads",
                library="audrinu", year_from=2020, year_to=2021).json()["results"]
    assert [(row["year"], row["code"], row["value"]) for row in rows] == [
        (2020, "population.total", 1180), (2020, "visits.total", 2400),
        (2021, "population.total", 1150), (2021, "visits.total", 2950)]


def test_unknown_indicator_is_a_clear_404(client, network):
    response = client.get("/api/v1/values", {"indicator": "visits.totl"})
    assert response.status_code == 404
    assert "visits.totl" in response.json()["detail"]


def test_pages_follow_a_stable_order(client, network):
    everything = _get(client, limit=10000).json()["results"]
    pages, url = [], "/api/v1/values?limit=7"
    while url:
        body = client.get(url).json()
        pages.extend(body["results"])
        url = body["next"]
    assert pages == everything
    keys = [(row["region"], row["library"], row["year"]) for row in everything]
    assert keys == sorted(keys)


def test_csv_is_the_same_rows_through_the_project_csv_writer(client, network):
    response = _get(client, indicator="derived.visits_per_inhabitant", year_from=2019,
                    year_to=2021, format="csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    # "scope" added last by issue 21 (a region's own questions are "regional")
    assert rows[0] == ["region", "library", "year", "code", "value", "scope"]
    assert ["rezeknes-novads", "maltas", "2021", "derived.visits_per_inhabitant", "0,50",
            "national"] in rows
    json_rows = _get(client, indicator="derived.visits_per_inhabitant", year_from=2019,
                     year_to=2021).json()["results"]
    assert [[r["region"], r["library"], str(r["year"]), r["code"]] for r in json_rows] == [
        row[:4] for row in rows[1:]]
    assert [Decimal(str(r["value"])) for r in json_rows] == [
        Decimal(row[4].replace(",", ".")) for row in rows[1:]]


def test_values_take_a_fixed_number_of_queries(client, network, django_assert_max_num_queries,
                                              settings):
    settings.OPENDATA_ANON_RATE = ""  # the rate limit's own queries (its shared table) aside
    with django_assert_max_num_queries(5):
        _get(client)


def test_a_years_own_report_wins_over_a_later_report_that_shows_it(client, network):
    url = "/api/v1/values?indicator=visits.total&library=maltas&year=2020"
    assert _get(client).json()  # 2020 comes from the 2021 report so far
    assert client.get(url).json()["results"][0]["value"] == 5000
    set_values(Submission.objects.get(library__slug="maltas", year__year=2020),
               **{"visits.total": 5100})
    report_publish(region=network.region, year=2020, user=network.methodologist)
    assert client.get(url).json()["results"][0]["value"] == 5100
    versions = client.get("/api/v1/reports").json()
    assert [(v["year"], v["version"], v["latest"]) for v in versions] == [
        (2021, 1, True), (2020, 1, True)]
