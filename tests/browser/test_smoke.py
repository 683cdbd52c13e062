"""Smoke test of the real thing: the demo methodologist logs in through the login form,
reads the 2021 region tables, switches the language; the main pages pass axe-core."""

import re

import pytest

from tests.browser.conftest import format_violations

pytestmark = pytest.mark.browser

NBSP = "\u00a0"  # Latvian thousands separator, as catalogue.formatting.format_number renders it


def test_login_page_is_latvian_by_default(page, live_server, transactional_db, screenshot):
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url  # anonymous → the login form
    assert page.locator("html").get_attribute("lang") == "lv"
    assert page.locator("h1").inner_text() == "Pieteikties"
    assert page.get_by_label("Lietotājvārds").is_visible()
    assert page.get_by_label("Parole").is_visible()
    screenshot(page, "login-lv")


def test_wrong_password_is_refused_with_a_latvian_message(page, live_server, demo_data):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "metodikis")
    page.fill("#id_password", "nepareiza-parole")
    page.click("form.stacked button[type=submit]")
    assert page.get_by_role("alert").inner_text().startswith("Nepareizs lietotājvārds vai parole")
    assert "/accounts/login/" in page.url


def test_methodologist_logs_in_and_reads_the_2021_region_tables(
        page, live_server, demo_data, login, screenshot):
    login(page, live_server, "metodikis")

    assert page.url == f"{live_server.url}/"
    assert page.locator("html").get_attribute("lang") == "lv"
    assert page.locator("h1").inner_text().startswith("Sveicināti")
    nav = page.get_by_role("navigation", name="Galvenā izvēlne")
    assert nav.get_by_role("link", name="Sākums").is_visible()
    assert page.get_by_role("button", name="Iziet").is_visible()
    screenshot(page, "home-methodologist-lv")

    with page.expect_navigation():
        nav.get_by_role("link", name="Reģiona tabulas").click()
    assert "/reports/tables/" in page.url
    page.goto(f"{live_server.url}/reports/tables/?year=2021")
    assert "2021" in page.locator("h1").inner_text()
    row = page.locator("tr", has_text="Aktīvo lietotāju skaits").first
    cells = row.locator("td.num").all_inner_texts()
    # 2019, 2020, 2021 as in the printed report, grouped with a no-break space
    assert cells[:3] == [f"7{NBSP}941", f"7{NBSP}114", f"6{NBSP}441"]
    assert f"77{NBSP}282" in page.locator("main").inner_text()  # visits 2021
    screenshot(page, "region-tables-2021-lv")


def test_language_switch_to_english_and_back(page, live_server, demo_data, login, screenshot):
    login(page, live_server, "metodikis")
    page.goto(f"{live_server.url}/reports/tables/?year=2021")

    with page.expect_navigation():
        page.get_by_role("button", name="EN", exact=True).click()
    assert page.url.endswith("/reports/tables/?year=2021")  # stays on the same page
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Log out").is_visible()
    assert page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Region tables").is_visible()
    assert page.get_by_role("button", name="EN", exact=True).get_attribute(
        "aria-pressed") == "true"
    assert re.search(r"\b2021\b", page.locator("h1").inner_text())
    screenshot(page, "region-tables-2021-en")

    page.goto(f"{live_server.url}/")
    assert page.locator("h1").inner_text().startswith("Welcome")
    screenshot(page, "home-methodologist-en")

    with page.expect_navigation():
        page.get_by_role("button", name="LV", exact=True).click()
    assert page.locator("html").get_attribute("lang") == "lv"
    assert page.locator("h1").inner_text().startswith("Sveicināti")


def test_login_page_has_no_serious_accessibility_violations(
        page, live_server, transactional_db, axe_violations):
    page.goto(f"{live_server.url}/accounts/login/")
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_home_and_region_tables_have_no_serious_accessibility_violations(
        page, live_server, demo_data, login, axe_violations):
    login(page, live_server, "metodikis")
    for path in ("/", "/reports/tables/?year=2021"):
        page.goto(f"{live_server.url}{path}")
        violations = axe_violations(page)
        assert violations == [], f"{path}:\n{format_violations(violations)}"
