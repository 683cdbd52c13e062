"""The facts beside the regional text (reports.facts): one click puts a sentence into the
editor at the cursor, as ordinary editable text, without reloading the page."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_methodologist_inserts_a_fact_into_the_regional_text(page, live_server, demo_data,
                                                             login):
    login(page, live_server, "metodikis")
    page.goto(f"{live_server.url}/reports/text/2021/5-indicators/")
    editor = page.locator(".rich-editor")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Ievads.")
    page.wait_for_timeout(700)  # the typing is its own undo step
    fact = page.locator("aside.facts article").filter(
        has_text="Apmeklējums 2021. gadā samazinājās par 13 %")
    fact.get_by_role("button", name="Ievietot tekstā").click()
    expect(editor).to_contain_text("Apmeklējums 2021. gadā samazinājās par 13 %")
    expect(editor).to_contain_text("Ievads.")  # no reload: what was typed stays
    assert page.url.endswith("/reports/text/2021/5-indicators/")
    page.keyboard.press("Control+z")  # one step: undo takes the fact out again
    expect(editor).not_to_contain_text("Apmeklējums 2021. gadā samazinājās par 13 %")
    expect(editor).to_contain_text("Ievads.")
