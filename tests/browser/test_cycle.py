"""The methodologist closes 2022 and opens 2023 from the portal; the librarian then finds
the 2023 report in "Mana bibliotēka"."""

import pytest

from tests.browser.conftest import format_violations

pytestmark = pytest.mark.browser


def test_the_methodologist_opens_a_year(page, live_server, demo_data, login, axe_violations,
                                        screenshot):
    login(page, live_server, "metodikis")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Katalogs un tīkls").click()
    assert page.locator("h1").inner_text() == "Pārskata gadi"
    violations = axe_violations(page)
    assert not violations, format_violations(violations)

    row = page.locator("tr", has_text="2022")
    row.get_by_label("Slēgt pirms termiņa").check()
    row.get_by_role("button", name="Slēgt 2022. gadu").click()
    assert "2022. gads ir slēgts." in page.locator(".messages").inner_text()

    assert page.locator("#id_year").input_value() == "2023"
    page.fill("#id_deadline", "2024-01-15")
    page.get_by_role("button", name="Atvērt gadu").click()
    assert "2023. gads ir atvērts: 35 bibliotēkām ir melnraksti" in page.locator(
        ".messages").inner_text()
    screenshot(page, "cycle-years-lv")

    page.context.clear_cookies()
    login(page, live_server, "bibl-maltas")
    page.goto(live_server.url + "/entry/")
    assert "Aizpildīt 2023. gada pārskatu" in page.content()
