"""The methodologist closes 2022 and opens 2023 from the portal; a librarian then fills in
the 2023 report in the browser (a decimal typed with a comma, a thousands space, a text
with "&" and two spaces), submits it through the confirmation page and reads what
happens next; the methodologist accepts it in the browser.

One demo seed for the whole path, to keep the run short; the figures the test is not
about are stored through the services (`fill_the_rest`)."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import format_violations
from tests.browser.test_librarian_flow import fill_the_rest

pytestmark = pytest.mark.browser

TEXT = "Sadarbība ar skolu & pagastu  turpinājās"


@pytest.fixture(autouse=True)
def _fresh_catalogue():
    """The autosave keeps the catalogue in the (live server's) process; the demo is new."""
    from catalogue.selectors import forget_catalogue
    from submissions.selectors import forget_kept

    forget_catalogue()
    forget_kept()


def _maltas_2022_accepted():
    """Malta handed in 2022 with its 2021 figures: last year's figures for 2023."""
    from submissions.models import Submission, Value

    draft = Submission.objects.get(library__slug="maltas", year__year=2022)
    Value.objects.bulk_create(
        Value(submission=draft, indicator_id=value.indicator_id, value=value.value,
              not_applicable=value.not_applicable)
        for value in Value.objects.filter(submission__library__slug="maltas",
                                          submission__year__year=2021))
    Submission.objects.filter(pk=draft.pk).update(status=Submission.Status.ACCEPTED)


def test_the_second_year_through_the_browser(page, live_server, demo_data, login,
                                             axe_violations, screenshot):
    from submissions.models import ChapterText, Submission, Value
    from submissions.sanitize import plain_text

    _maltas_2022_accepted()
    login(page, live_server, "metodikis")
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Galvenā izvēlne").get_by_role(
        "link", name="Katalogs un tīkls").click()
    assert page.locator("h1").inner_text() == "Pārskata gadi"
    violations = axe_violations(page)
    assert not violations, format_violations(violations)

    row = page.locator("tr", has_text="2022")
    row.get_by_role("link", name="Slēgt 2022. gadu…").click()
    page.get_by_label("Slēgt pirms termiņa").check()
    page.get_by_role("button", name="Slēgt 2022. gadu un paziņot bibliotekāriem").click()
    assert "2022. gads ir slēgts:" in page.locator(".messages").inner_text()

    assert page.locator("#id_year").input_value() == "2023"
    # the suggested deadline is ahead of today (the page refuses one already passed)
    assert page.locator("#id_deadline").input_value() >= timezone.localdate().isoformat()
    page.get_by_role("button", name="Atvērt gadu").click()
    assert "2023. gads ir atvērts: 35 bibliotēkām ir melnraksti" in page.locator(
        ".messages").inner_text()
    screenshot(page, "cycle-years-lv")

    # The figures this test is not about, stored while the browser is idle (the test's
    # SQLite connection and the live server's share one in-memory database)
    submission = Submission.objects.get(library__slug="maltas", year__year=2023)
    assert fill_the_rest(submission) == []

    # The librarian finds 2023 and types figures and a text
    page.context.clear_cookies()
    login(page, live_server, "bibl-maltas")
    page.goto(live_server.url + "/entry/")
    page.get_by_role("link", name="Aizpildīt 2023. gada pārskatu").click()
    expect(page.locator("h1")).to_contain_text("2023. gada pārskats")
    page.locator(".chapter-list").get_by_role("link", name="4. Personāls").click()
    page.wait_for_load_state("load")  # entry.js has set up the autosave
    units = page.get_by_role("textbox", name="Štata vienības kopā", exact=True)
    units.fill("4,75")
    units.press("Tab")
    expect(page.locator("#row-f-staff-units-total .save-state")).to_have_text("Saglabāts")
    page.locator("#s-4-staff-input-editor").click()
    page.keyboard.type(TEXT)
    expect(page.locator("#s-4-staff .save-state")).to_have_text("Saglabāts")
    expect(page.locator("#save-bar")).to_contain_text("Visas izmaiņas saglabātas")
    page.get_by_role("link", name="5. Pakalpojumu piedāvājums un pieejamība").first.click()
    page.wait_for_load_state("load")
    visits = page.get_by_role("textbox", name="Bibliotēkas apmeklējums", exact=True)
    visits.fill("6 500")
    visits.press("Tab")  # leaving the field saves it (now, not while the next page loads)
    expect(page.locator("#row-f-visits-total .save-state")).to_have_text("Saglabāts")
    expect(page.locator("#save-bar")).to_contain_text("Visas izmaiņas saglabātas")

    values = dict(Value.objects.filter(submission=submission).values_list(
        "indicator__code", "value"))
    assert (values["staff.units_total"], values["visits.total"]) == (
        Decimal("4.75"), Decimal("6500"))
    stored = ChapterText.objects.get(submission=submission, section__code="4-staff").html
    assert plain_text(stored).replace("\u00a0", " ") == TEXT and "&amp;amp;" not in stored

    # Submit through the confirmation page; the page says what happens next
    page.get_by_role("link", name="Kopskats un iesniegšana").click()
    page.get_by_role("link", name="Iesniegt pārskatu…").click()
    page.get_by_role("button", name="Iesniegt pārskatu").click()
    expect(page.locator(".messages")).to_contain_text("Pārskats iesniegts")
    expect(page.locator(".next-panel")).to_contain_text("Kas notiks tālāk")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED

    # The methodologist accepts it in the browser
    page.get_by_role("button", name="Iziet").click()
    login(page, live_server, "metodikis")
    page.goto(f"{live_server.url}/review/?year=2023")
    page.locator("table.board-table tbody tr").filter(has_text="Maltas").get_by_role(
        "link").first.click()
    expect(page.locator("h1")).to_contain_text("Maltas pagasta bibliotēka · 2023")
    expect(page.locator("#f-visits-total")).to_contain_text("6\u00a0500")
    page.locator("form.accept-form button[type=submit]").click()
    expect(page.locator(".submission-facts .status-accepted")).to_be_visible()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ACCEPTED
    screenshot(page, "cycle-2023-accepted")
