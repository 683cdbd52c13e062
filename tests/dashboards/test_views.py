"""Dashboard views: access, published vs current figures, fixed query counts, CSV and PDF."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from figures.published import record_published
from reports.models import PublishedReport
from submissions.models import Submission
from tests.factories import LibraryFactory, RegionFactory

DASHBOARD = reverse("dashboards:dashboard")


def urls(slug="lib-0000"):
    return [
        DASHBOARD,
        reverse("dashboards:library_profile", args=[slug]),
        reverse("dashboards:chart_csv", args=["visits-per-inhabitant"]),
        reverse("dashboards:library_chart_csv", args=[slug, "visits"]),
    ]  # the dashboard's PDF (a POST that queues a job): tests/dashboards/test_pdf_job.py


def publish(region, year, figures, libraries, version=1):
    """A published version as reports.services.report_publish writes it."""
    snapshot = {"report": {}, "figures": figures, "libraries": libraries}
    published = PublishedReport.objects.create(region=region, year=year, version=version,
                                               snapshot=snapshot)
    record_published(published, snapshot)
    return published


def published_snapshot(slugs, visits):
    figures = {str(year): {slug: {"population.total": 1000, "visits.total": visits[year],
                                  "users.active": 100}
                           for slug in slugs}
               for year in visits}
    libraries = {slug: {"name": f"Published {slug}", "kind": "parish", "population": 1000}
                 for slug in slugs}
    return figures, libraries


@pytest.fixture
def small(region, network):
    return network(region, libraries=4, years=[2020, 2021])


# Access ------------------------------------------------------------------------------
@pytest.mark.parametrize("index", range(4))
def test_anonymous_is_sent_to_login(client, small, index):
    url = urls()[index]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("index", range(4))
def test_librarian_is_refused(client_for, small, librarian, index):
    assert client_for(librarian).get(urls()[index]).status_code == 403


@pytest.mark.parametrize("index", range(4))
def test_methodologist_sees_current_figures(client_for, small, methodologist, index):
    response = client_for(methodologist).get(urls()[index], {"source": "current"})
    assert response.status_code == 200


def test_methodologist_sees_not_published_banner(client_for, small, methodologist):
    response = client_for(methodologist).get(DASHBOARD)  # nothing published: current figures
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="not-final source-banner"' in html
    assert "Bibliotēka lib 0000" in html


def test_library_of_another_region_is_not_found(client_for, small, methodologist):
    stranger = LibraryFactory(region=RegionFactory(), slug="stranger")
    url = reverse("dashboards:library_profile", args=[stranger.slug])
    assert client_for(methodologist).get(url).status_code == 404


def test_unknown_chart_is_not_found(client_for, small, methodologist):
    url = reverse("dashboards:chart_csv", args=["nope"])
    assert client_for(methodologist).get(url, {"source": "current"}).status_code == 404


# The municipality sees published figures only ------------------------------------------
@pytest.mark.parametrize("index", range(4))
def test_municipality_may_not_ask_for_current_figures(client_for, small, municipality, index):
    for source in ("current", "all"):
        assert client_for(municipality).get(urls()[index], {"source": source}).status_code == 403


def test_municipality_without_published_report_sees_no_figures(client_for, small, municipality):
    response = client_for(municipality).get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bibliotēka lib 0000" not in html
    assert "<svg" not in html
    assert response.templates[0].name == "dashboards/no_data.html"
    profile = client_for(municipality).get(urls()[1])
    assert "Bibliotēka lib 0000" not in profile.content.decode().split("<h1>", 1)[1].split(
        "</h1>")[1]
    assert client_for(municipality).get(urls()[2]).status_code == 404


def test_municipality_sees_published_not_current_figures(client_for, region, small,
                                                         municipality):
    slugs = [library.slug for library in small]
    figures, libraries = published_snapshot(slugs, {2020: 4000, 2021: 3000})
    publish(region, 2021, figures, libraries)
    # Current figures have since changed (and a draft exists): none of it must show.
    Submission.objects.filter(year__year=2021).update(status=Submission.Status.SUBMITTED)
    response = client_for(municipality).get(DASHBOARD, {"year": 2021})
    assert response.status_code == 200
    board = response.context["board"]
    assert board.is_published
    tile = board.tile["derived.visits_per_inhabitant"]
    assert str(tile.value) == "3.00"  # 3000 / 1000 from the snapshot
    assert str(tile.change) == "-25"
    html = response.content.decode()
    assert "Published lib-0000" in html and "Bibliotēka lib 0000" not in html
    assert "not-final" not in html
    csv = client_for(municipality).get(urls()[2], {"year": 2021}).content.decode("utf-8-sig")
    assert "2021;3,00" in csv


def test_newest_version_of_a_year_wins(client_for, region, small, municipality):
    slugs = [library.slug for library in small]
    publish(region, 2021, *published_snapshot(slugs, {2021: 3000}), version=1)
    publish(region, 2021, *published_snapshot(slugs, {2021: 2000}), version=2)
    board = client_for(municipality).get(DASHBOARD).context["board"]
    assert str(board.tile["derived.visits_per_inhabitant"].value) == "2.00"
    assert board.versions == {2021: 2}


def test_a_year_without_its_own_report_names_the_report_it_comes_from(
        client_for, region, small, municipality):
    """2020 was never published on its own: its figures come from the 2021 report's
    three-year tables, and the banner says so (no made-up "version 2 of the 2020 report")."""
    slugs = [library.slug for library in small]
    publish(region, 2021, *published_snapshot(slugs, {2020: 4000, 2021: 3000}), version=1)
    latest = publish(region, 2021, *published_snapshot(slugs, {2020: 4000, 2021: 3000}),
                     version=2)
    PublishedReport.objects.filter(pk=latest.pk).update(
        published_at=datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC))
    response = client_for(municipality).get(DASHBOARD, {"year": 2020})
    board = response.context["board"]
    assert board.year == 2020
    assert (board.origin.report_year, board.origin.version) == (2021, 2)
    banner = response.content.decode().split('class="source-banner published">', 1)[1]
    banner = banner.split("</p>", 1)[0]
    assert banner == ("Dati: Publicētais pārskats · no 2021. gada pārskata, 2. versija, "
                      "publicēts 25.11.2026")
    assert "2020. gada pārskata" not in response.content.decode()
    profile = client_for(municipality).get(urls()[1], {"year": 2020}).content.decode()
    assert "no 2021. gada pārskata, 2. versija, publicēts 25.11.2026" in profile
    with translation.override("en"):
        assert board.source_note == "from the 2021 report, version 2, published 25/11/2026"


def test_methodologist_can_switch_between_sources(client_for, region, small, methodologist):
    slugs = [library.slug for library in small]
    publish(region, 2021, *published_snapshot(slugs, {2021: 3000}))
    client = client_for(methodologist)
    assert client.get(DASHBOARD).context["board"].is_published  # published by default
    current = client.get(DASHBOARD, {"source": "current"}).context["board"]
    assert not current.is_published
    assert current.source_kind == "current"
    assert "not-final" in client.get(DASHBOARD, {"source": "all"}).content.decode()


# Fixed number of queries ---------------------------------------------------------------
def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["dashboard", "library_profile", "chart_csv"])
def test_query_count_does_not_grow_with_libraries_or_years(
        client_for, region, network, methodologist, django_assert_num_queries, url_name):
    network(region, libraries=35, years=[2019, 2020, 2021], prefix="a")
    args = {"dashboard": [], "library_profile": ["a-0001"],
            "chart_csv": ["comparison"]}[url_name]
    url = reverse(f"dashboards:{url_name}", args=args)
    client = client_for(methodologist)
    params = {"source": "current"}
    small_count = count_queries(client, url, params)
    network(region, libraries=315, years=[2016, 2017, 2018, 2019, 2020, 2021], prefix="b")
    with django_assert_num_queries(small_count):
        response = client.get(url, params)
    assert response.status_code == 200
    if url_name == "dashboard":
        assert len(response.context["board"].rows) == 350
        assert response.context["board"].years == (2016, 2017, 2018, 2019, 2020, 2021)


def test_published_query_count_is_fixed(client_for, region, small, municipality,
                                        django_assert_num_queries):
    slugs = [library.slug for library in small]
    publish(region, 2021, *published_snapshot(slugs, {2020: 4000, 2021: 3000}))
    client = client_for(municipality)
    small_count = count_queries(client, DASHBOARD, {})
    many = [f"x-{index}" for index in range(350)]
    publish(region, 2019, *published_snapshot(many, dict.fromkeys(range(2014, 2020), 3000)))
    with django_assert_num_queries(small_count):
        client.get(DASHBOARD)


# Downloads -----------------------------------------------------------------------------
def test_chart_csv_has_the_chart_table(client_for, small, methodologist):
    response = client_for(methodologist).get(
        reverse("dashboards:chart_csv", args=["visits-per-inhabitant"]), {"source": "current"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("Gads;")
    # population 1000·size, visits 2500·size: 2,50 every year
    assert lines[2:] == ["2020;2,50", "2021;2,50"]
    assert response["Content-Disposition"] == (
        'attachment; filename="rezeknes-novads-2021-panelis-apmeklejums-uz-vienu-'
        'iedzivotaju.csv"')


def test_chart_csv_numbers_are_numbers_for_latvian_excel(client_for, small, methodologist):
    """Same CSV as the reports: BOM, ";", decimal comma, no thousands separator."""
    response = client_for(methodologist).get(
        reverse("dashboards:chart_csv", args=["visits"]), {"source": "current"})
    assert response.content.startswith("\ufeff".encode())
    lines = response.content.decode("utf-8-sig").splitlines()
    # 4 libraries of sizes 1–4: 2500·10 visits, no "25 000" (a thousands space is text)
    assert lines[2].split(";")[:2] == ["2020", "25000"]


def test_comparison_csv_lists_every_library_and_the_reference_lines(
        client_for, small, methodologist):
    response = client_for(methodologist).get(
        reverse("dashboards:chart_csv", args=["comparison"]), {"source": "current"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 + 4 + 2  # title, headers, libraries, region and median


def test_sortable_table_headers_are_links(client_for, small, methodologist):
    response = client_for(methodologist).get(DASHBOARD, {"source": "current",
                                                         "sort": "population", "order": "desc"})
    html = response.content.decode()
    assert 'aria-sort="descending"' in html
    assert "sort=name" in html
    rows = response.context["board"].rows
    assert [row.population for row in rows] == sorted((row.population for row in rows),
                                                      reverse=True)


def test_a_year_without_figures_says_which_year_is_shown_instead(client_for, small,
                                                                 methodologist):
    page = client_for(methodologist).get(DASHBOARD, {"year": 2030, "source": "current"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "2030" in html and "2021" in html
    assert "Par 2030" in html
