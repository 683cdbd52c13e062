"""Which libraries a year's figures cover: banner, tiles without changes, trend notes."""

import pytest
from django.urls import reverse
from django.utils import translation

from catalogue.selectors import catalogue
from figures.dashboard import build_dashboard
from figures.sources import current_source
from figures.tiles import needed_codes
from submissions.models import Submission
from tests.dashboards.test_views import publish, published_snapshot

DASHBOARD = reverse("dashboards:dashboard")


@pytest.fixture
def latvian():
    with translation.override("lv"):
        yield


def _source(region):
    return current_source(region, codes=needed_codes(catalogue()))


def _accept_only(libraries, year):
    """Only the first library's submission of `year` stays accepted."""
    Submission.objects.filter(year__year=year, library__in=libraries[1:]).update(
        status=Submission.Status.SUBMITTED)


def test_full_coverage_shows_changes_as_before(region, network, latvian):
    network(region, libraries=4, years=[2020, 2021])
    board = build_dashboard(_source(region), 2021)
    assert not board.is_incomplete
    assert board.comparable_with_previous
    assert (board.included_count, board.library_total) == (4, 4)
    for tile in board.tiles:
        assert tile.comparable
        assert tile.change is not None
        assert tile.coverage_text == ""
        assert tile.not_comparable_text == ""
    assert all(not board.charts[key].note for key in board.trend_keys)


def test_year_with_fewer_libraries_shows_no_change(region, network, latvian):
    libraries = network(region, libraries=4, years=[2020, 2021])
    _accept_only(libraries, 2021)
    board = build_dashboard(_source(region), 2021)
    assert board.previous_year == 2020
    assert board.is_incomplete
    assert not board.comparable_with_previous
    assert (board.included_count, board.library_total, board.previous_included_count) == (
        1, 4, 4)
    assert board.coverage_text == "Iekļauta 1 no 4 bibliotēkām"
    for tile in board.tiles:
        assert tile.change is None
        assert tile.change_text == ""
        assert tile.direction == ""
        assert not tile.comparable
        assert tile.not_comparable_text == (
            "nav salīdzināms: atšķiras iekļauto bibliotēku kopa")
        assert tile.coverage_text == "Iekļauta 1 no 4 bibliotēkām"
    for key in board.trend_keys:
        assert "2021" in board.charts[key].note
        assert "2020" not in board.charts[key].note
    # The specs (the consolidated report's charts) are not touched.
    assert all(not board.chart_specs[key].note for key in board.trend_keys)
    # The complete year before is shown as it is.
    earlier = build_dashboard(_source(region), 2020)
    assert earlier.included_count == 4
    assert not earlier.is_incomplete  # nothing before it to compare with
    assert earlier.tiles[0].coverage_text == ""


def test_same_number_but_other_libraries_is_not_comparable(region, network, latvian):
    libraries = network(region, libraries=4, years=[2020, 2021])
    Submission.objects.filter(year__year=2020, library=libraries[0]).update(
        status=Submission.Status.SUBMITTED)
    Submission.objects.filter(year__year=2021, library=libraries[1]).update(
        status=Submission.Status.SUBMITTED)
    board = build_dashboard(_source(region), 2021)
    assert board.included_count == board.previous_included_count == 3
    assert not board.comparable_with_previous
    assert all(tile.change is None for tile in board.tiles)


def test_same_libraries_in_both_years_compare_even_if_the_region_has_more(
        region, network, latvian):
    libraries = network(region, libraries=4, years=[2020, 2021])
    for year in (2020, 2021):
        _accept_only(libraries, year)
    board = build_dashboard(_source(region), 2021)
    assert board.comparable_with_previous
    assert board.is_incomplete  # 1 of 4: the banner still says so
    tile = board.tiles[0]
    assert tile.change is not None and tile.coverage_text == "Iekļauta 1 no 4 bibliotēkām"


def test_coverage_plural_forms(region, network):
    network(region, libraries=4, years=[2021])
    board = build_dashboard(_source(region), 2021)
    with translation.override("lv"):
        assert board.coverage_text == "Iekļautas 4 no 4 bibliotēkām"
    with translation.override("en"):
        assert board.coverage_text == "4 of 4 libraries included"


def test_dashboard_page_shows_the_banner_and_no_change(client_for, region, network,
                                                      methodologist):
    libraries = network(region, libraries=35, years=[2021, 2022])
    _accept_only(libraries, 2022)
    response = client_for(methodologist).get(DASHBOARD, {"year": 2022, "source": "current"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="coverage-banner"' in html
    assert "Iekļauta 1 no 35 bibliotēkām" in html
    assert "nav salīdzināms: atšķiras iekļauto bibliotēku kopa" in html
    assert "▼" not in html.split('id="key-figures"', 1)[1].split("</section>", 1)[0]
    assert "▲" not in html.split('id="key-figures"', 1)[1].split("</section>", 1)[0]
    assert "Nepilnīgs gads" in html  # under the trend charts
    full = client_for(methodologist).get(DASHBOARD, {"year": 2021, "source": "current"})
    assert 'class="coverage-banner"' not in full.content.decode()


def test_published_year_with_fewer_libraries(client_for, region, network, municipality):
    libraries = network(region, libraries=4, years=[2021])
    slugs = [library.slug for library in libraries]
    figures, names = published_snapshot(slugs, {2020: 4000, 2021: 3000})
    figures["2021"] = {slugs[0]: figures["2021"][slugs[0]]}
    publish(region, 2021, figures, names)
    board = client_for(municipality).get(DASHBOARD, {"year": 2021}).context["board"]
    assert (board.included_count, board.library_total) == (1, 4)
    assert board.tile["visits.total"].change is None


def test_dashboard_pdf_says_which_libraries_are_included(client_for, region, network,
                                                        methodologist, monkeypatch,
                                                        django_capture_on_commit_callbacks):
    libraries = network(region, libraries=4, years=[2020, 2021])
    _accept_only(libraries, 2021)
    captured = {}

    def fake(html, **options):
        captured["html"] = html
        return b"%PDF-stub"

    monkeypatch.setattr("reports.tasks.html_to_pdf", fake)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(methodologist).post(
            reverse("dashboards:dashboard_pdf") + "?year=2021&source=current")
    assert response.status_code == 302  # to the job's page; the worker rendered it
    assert "Iekļauta 1 no 4 bibliotēkām" in captured["html"]
    assert "nav salīdzināms" in captured["html"]


def test_pdf_before_anything_is_published_shows_the_message(client_for, region, network,
                                                           municipality):
    network(region, libraries=4, years=[2021])
    response = client_for(municipality).post(reverse("dashboards:dashboard_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.templates[0].name == "dashboards/no_data.html"
    assert "Neviens pārskats vēl nav publicēts" in response.content.decode()
