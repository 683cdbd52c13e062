"""The flat published figures (figures.PublishedValue): written once at publishing, filled
for older versions by a data migration, the one source of the API and the dashboards."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from figures.models import PublishedValue, PublishedYear
from figures.published import chosen_years, record_published
from figures.sources import published_source
from opendata.services import package_store
from reports.models import PublishedReport
from reports.services import report_publish
from submissions.models import Submission
from tests.factories import LibraryFactory, RegionFactory, set_values

pytestmark = pytest.mark.django_db

fill_migration = importlib.import_module("figures.migrations.0002_fill_published_values")


def _flat(published) -> dict:
    """{year: {library: {code: value}}} of one version's flat rows."""
    result: dict = {}
    for year, library, code, value in PublishedValue.objects.filter(
            figure_year__published=published).values_list("year", "library", "code", "value"):
        result.setdefault(str(year), {}).setdefault(library, {})[code] = value
    return result


def _as_snapshot(figures: dict) -> dict:
    return {year: {slug: {code: None if value is None else Decimal(str(value))
                          for code, value in codes.items()}
                   for slug, codes in by_library.items()}
            for year, by_library in figures.items()}


def test_publishing_writes_every_figure_of_the_snapshot(network):
    published = network.published
    assert set(published.snapshot["figures"]) == {"2019", "2020", "2021"}
    assert _flat(published) == _as_snapshot(published.snapshot["figures"])
    assert PublishedValue.objects.get(figure_year__published=published, year=2021,
                                      library="maltas", code="visits.total").value == 1234
    assert PublishedYear.objects.filter(published=published).count() == 3


def test_not_applicable_is_kept_as_null(network):
    submission = Submission.objects.get(library__slug="maltas", year__year=2021)
    set_values(submission, **{"loans.books": None})
    second = report_publish(region=network.region, year=2021, user=network.methodologist)
    row = PublishedValue.objects.get(figure_year__published=second, year=2021,
                                     library="maltas", code="loans.books")
    assert row.value is None
    assert second.snapshot["figures"]["2021"]["maltas"]["loans.books"] is None


def test_a_later_version_leaves_the_earlier_ones_rows_as_they_were(network):
    before = _flat(network.published)
    set_values(Submission.objects.get(library__slug="maltas", year__year=2021),
               **{"visits.total": 4321})
    second = report_publish(region=network.region, year=2021, user=network.methodologist)
    assert _flat(network.published) == before
    assert _flat(second)["2021"]["maltas"]["visits.total"] == 4321


def test_the_data_migration_fills_versions_published_before_the_table(network):
    """A version written the old way (snapshot only) gets the same rows as publishing
    writes; versions already filled are left alone."""
    written = _flat(network.published)
    old = PublishedReport.objects.create(region=network.region, year=2021, version=2,
                                         snapshot=network.published.snapshot)
    assert not _flat(old)
    fill_migration.fill(apps, None)
    assert _flat(old) == written
    assert _flat(network.published) == written  # not written twice
    assert PublishedYear.objects.count() == 6
    fill_migration.empty(apps, None)
    assert not PublishedValue.objects.exists()


def _publish(region, report_year, version, figures):
    snapshot = {"report": {}, "figures": figures,
                "libraries": {slug: {"name": slug, "kind": "parish"}
                              for by_library in figures.values() for slug in by_library}}
    published = PublishedReport.objects.create(region=region, year=report_year,
                                               version=version, snapshot=snapshot)
    record_published(published, snapshot)
    return published


def test_which_version_counts_for_a_year():
    """The year's own report wins (its newest version); else the newest report showing it."""
    region = RegionFactory(slug="a-region")
    _publish(region, 2020, 1, {"2019": {"x": {"visits.total": 1}},
                               "2020": {"x": {"visits.total": 2}}})
    _publish(region, 2020, 2, {"2019": {"x": {"visits.total": 3}},
                               "2020": {"x": {"visits.total": 4}}})
    _publish(region, 2021, 1, {"2019": {"x": {"visits.total": 5}},
                               "2020": {"x": {"visits.total": 6}},
                               "2021": {"x": {"visits.total": 7}}})
    _publish(region, 2022, 1, {"2020": {"x": {"visits.total": 8}},
                               "2021": {"x": {"visits.total": 9}},
                               "2022": {"x": {"visits.total": 10}}})
    chosen = chosen_years(region="a-region")
    assert {year: (origin.report_year, origin.version)
            for (_slug, year), origin in chosen.items()} == {
        2019: (2021, 1), 2020: (2020, 2), 2021: (2021, 1), 2022: (2022, 1)}
    source = published_source(region)
    assert {year: by_library["x"]["visits.total"]
            for year, by_library in source.figures.items()} == {
        2019: 5, 2020: 4, 2021: 7, 2022: 10}


def _network(libraries: int, years: int):
    region = RegionFactory(slug="synthetic")
    for number in range(libraries):
        LibraryFactory(region=region, slug=f"lib-{number:03d}")
    for report_year in range(2020, 2020 + years):
        _publish(region, report_year, 1, {
            str(year): {f"lib-{n:03d}": {"visits.total": 100 + n, "population.total": 1000,
                                         "users.active": 50}
                        for n in range(libraries)}
            for year in range(report_year - 2, report_year + 1)})
    return region


URLS = ("/api/v1/values?indicator=derived.visits_per_inhabitant&format=csv",
        "/api/v1/values",
        "/api/v1/values?region=synthetic&year_from=2019",
        "/api/v1/libraries",
        "/api/v1/packages/2020.zip")


def _counts(client, region):
    counts = []
    for url in URLS:
        if ".zip" in url:  # built once (when published), then the stored file: count that
            package_store(year=int(url.rsplit("/", 1)[1].split(".")[0]))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200, url
            response.getvalue()  # a streamed answer runs its query when read
        counts.append(len(queries))
    with CaptureQueriesContext(connection) as queries:
        assert published_source(region) is not None
    counts.append(len(queries))
    return counts


@pytest.mark.parametrize("size", [(3, 1), (30, 4)])
def test_query_counts_do_not_grow_with_libraries_and_years(client, size, settings):
    settings.OPENDATA_ANON_RATE = ""
    counts = _counts(client, _network(*size))
    # values: catalogue, chosen years, values (+ the ETag's state and Last-Modified);
    # libraries: chosen years, libraries as published, library-years; the stored package
    # of all regions: chosen years, catalogue (its key), the stored row, Last-Modified;
    # published_source: chosen years, values, catalogue, events
    assert counts == [5, 4, 4, 4, 4, 4]


def test_the_whole_csv_is_streamed_and_answers_a_conditional_get(client, network):
    url = "/api/v1/values?indicator=visits.total&format=csv"
    response = client.get(url)
    assert response.streaming
    assert "1234" in response.getvalue().decode()
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    set_values(Submission.objects.get(library__slug="maltas", year__year=2021),
               **{"visits.total": 4321})
    assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 304
    report_publish(region=network.region, year=2021, user=network.methodologist)
    fresh = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert fresh.status_code == 200
    assert "4321" in fresh.getvalue().decode()


def test_a_long_stream_reads_the_rest_after_its_first_chunk(client, network, monkeypatch):
    """Past the first chunk the rest is read by one more query, from the library-year the
    chunk ended in: the same rows, none twice, none missing."""
    url = "/api/v1/values?format=csv"
    whole = client.get(url).getvalue()
    monkeypatch.setattr("figures.published.FIRST_CHUNK", 7)
    with CaptureQueriesContext(connection) as chunked_queries:
        chunked = client.get(url).getvalue()
    monkeypatch.setattr("figures.published.FIRST_CHUNK", 10_000)
    with CaptureQueriesContext(connection) as one_queries:
        client.get(url).getvalue()
    assert chunked == whole
    assert len(whole.decode().splitlines()) > 100
    assert len(chunked_queries) == len(one_queries) + 1
