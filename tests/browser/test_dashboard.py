"""The municipality's question, answered from the dashboard alone, in a real browser:
"how did visits per inhabitant change in 2021, and which libraries are below their peers?"
Keyboard use and axe-core on the dashboard and a library profile."""

import pytest

from tests.browser.conftest import format_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def published_2021(demo_data):
    """The 2021 report as the demo publishes it (version 1, without its PDF job)."""
    from reports.models import PublishedReport

    return PublishedReport.objects.get(region__slug="rezeknes-novads", year=2021)


def test_municipality_answers_the_question_from_the_dashboard(
        page, live_server, published_2021, login, axe_violations, screenshot):
    login(page, live_server, "pasvaldiba")
    nav = page.get_by_role("navigation", name="Galvenā izvēlne")
    with page.expect_navigation():
        nav.get_by_role("link", name="Informācijas panelis").click()
    assert "/dashboards/" in page.url
    assert "2021" in page.locator("h1").inner_text()
    assert page.locator(".not-final").count() == 0  # published figures only
    # The banner names the report the figures come from.
    assert "no 2021. gada pārskata, 1. versija, publicēts" in page.locator(
        ".source-banner").inner_text()
    # The comparison chart says what its orange bars mean.
    assert "zem savas lieluma grupas 1. kvartiles" in page.locator(
        "#comparison ~ figure .chart-note, section[aria-labelledby=comparison] .chart-note"
    ).first.inner_text()

    tile = page.locator(".tile", has_text="Apmeklējums uz vienu iedzīvotāju").first
    assert "2,50" in tile.inner_text()
    assert "-11 % salīdzinājumā ar 2020. gadu (2,81)" in tile.inner_text()

    below = page.get_by_role("heading", name="Bibliotēkas zem līdzīgajām")
    assert below.is_visible()
    rows = page.locator("table.below-peers tbody tr")
    assert rows.count() > 0
    screenshot(page, "dashboard-municipality-lv")

    violations = axe_violations(page)
    assert not violations, format_violations(violations)

    # A library of the list, by keyboard: its profile shows where it stands among its peers.
    link = rows.first.get_by_role("link")
    name = link.inner_text()
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().startswith(name)
    assert page.locator("table.standing tr.flagged").count() >= 1
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    screenshot(page, "dashboard-library-profile-lv")


def test_a_year_taken_from_a_later_report_says_so(page, live_server, published_2021, login):
    from reports.models import PublishedReport

    # The demo publishes every year; without a 2020 report of its own, 2020 comes from 2021's.
    PublishedReport.objects.filter(region=published_2021.region, year__lt=2021).delete()
    login(page, live_server, "pasvaldiba")
    page.goto(f"{live_server.url}/dashboards/?year=2020")
    banner = page.locator(".source-banner").inner_text()
    assert "no 2021. gada pārskata, 1. versija, publicēts" in banner
    assert "2020. gada pārskata" not in banner


def test_comparison_table_sorts_from_the_keyboard(page, live_server, published_2021, login):
    login(page, live_server, "pasvaldiba")
    page.goto(f"{live_server.url}/dashboards/")
    header = page.locator("table.comparison thead th",
                          has_text="Iedzīvotāju skaits").get_by_role("link")
    header.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("table.comparison th[aria-sort='descending']").count() == 1
    # The chart's data is there as a table without JavaScript: open it by keyboard.
    summary = page.locator("details.chart-data summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.chart-data table").first.is_visible()


def test_methodologist_current_figures_are_marked_not_published(
        page, live_server, demo_data, login, axe_violations):
    login(page, live_server, "metodikis")
    page.goto(f"{live_server.url}/dashboards/?source=current&year=2021")
    assert page.locator(".not-final").is_visible()
    assert "Nav publicēts" in page.locator(".not-final").inner_text()
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
