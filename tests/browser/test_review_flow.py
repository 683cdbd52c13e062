"""The methodologist's afternoon: the board, a filter, a submitted report, a comment, a return."""

import pytest

from tests.browser.conftest import format_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def submitted_2022(demo_data):
    from indicators.models import Submission
    from libraries.models import User
    from tests.review.helpers import submit_demo

    submissions = list(Submission.objects.filter(
        year__year=2022, library__slug__in=["dricanu", "maltas"]).select_related(
        "library", "year").order_by("library__slug"))
    for submission in submissions:
        user = User.objects.filter(memberships__library=submission.library).first()
        submit_demo(submission, user, with_warning=submission.library.slug == "dricanu")
    return submissions


def test_methodologist_reviews_and_returns_a_report(page, live_server, submitted_2022, login,
                                                    axe_violations, screenshot):
    login(page, live_server, "metodikis")
    page.goto(f"{live_server.url}/review/?year=2022")
    assert "2022" in page.locator("h1").inner_text()
    assert page.locator("#board-progress").get_attribute("value") == "2"
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    screenshot(page, "review-board-lv")

    page.select_option("#id_status", "submitted")
    page.click("form.filters button[type=submit]")
    rows = page.locator("table.board-table tbody tr")
    assert rows.count() == 2
    rows.filter(has_text="Dricānu").get_by_role("link").click()
    assert "Dricānu pagasta bibliotēka · 2022" in page.locator("h1").inner_text()
    row = page.locator("#f-users-active")
    assert "Pagasta skolā atvērta jauna lasītava" in row.inner_text()
    violations = axe_violations(page)
    assert not violations, format_violations(violations)

    row.locator("details.comment-add summary").click()
    row.locator("textarea").fill("Lūdzu pārbaudiet, vai skaitītas tikai aktīvās personas.")
    row.locator("details.comment-add button[type=submit]").click()
    assert "Lūdzu pārbaudiet" in page.locator("#f-users-active").inner_text()

    page.click("form[action$='/return/'] button[type=submit]")  # no reason: refused
    assert page.locator(".field-error").first.is_visible()
    page.fill("#id_return_reason", "Pārbaudiet aktīvo lietotāju skaitu.")
    page.click("form[action$='/return/'] button[type=submit]")
    assert page.locator(".submission-facts .status-returned").is_visible()
    history = page.locator("#history").inner_text()
    assert "Pārbaudiet aktīvo lietotāju skaitu." in history
    screenshot(page, "review-submission-returned-lv")
