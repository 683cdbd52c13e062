"""The methodologist's afternoon: the board, a filter, a submitted report, a comment, a return.

Accepting with an unresolved comment needs the explicit confirmation; the appendix
pictures are shown through the access-checked picture view.
"""

import pytest

from tests.browser.conftest import format_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def submitted_2022(demo_data):
    from libraries.models import User
    from submissions.models import Submission
    from tests.review.helpers import add_picture, submit_demo

    submissions = list(Submission.objects.filter(
        year__year=2022, library__slug__in=["dricanu", "maltas"]).select_related(
        "library", "year").order_by("library__slug"))
    for submission in submissions:
        user = User.objects.filter(memberships__library=submission.library).first()
        submit_demo(submission, user, with_warning=submission.library.slug == "dricanu")
    add_picture(submissions[0], caption="Dzejas dienas bibliotēkā", chapter=5)
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
    assert "1 neatrisināts komentārs" in page.locator(".problem-summary").inner_text()

    # the appendix picture, its thumbnail loaded through the checked view
    pictures = page.locator("#pictures")
    assert "Dzejas dienas bibliotēkā" in pictures.inner_text()
    thumbnail = pictures.locator("img").first
    thumbnail.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=thumbnail.element_handle())

    # accepting with the comment open: listed, and the confirmation is required
    accept_form = page.locator("form.accept-form")
    assert "Pārskatā ir 1 neatrisināts komentārs" in accept_form.inner_text()
    assert accept_form.locator("a[href='#f-users-active']").is_visible()
    accept_form.locator("button[type=submit]").click()
    assert not page.locator("#id_confirm_unresolved").evaluate("box => box.validity.valid")
    assert page.locator(".submission-facts .status-submitted").is_visible()  # not accepted
    violations = axe_violations(page)
    assert not violations, format_violations(violations)

    page.click("form[action$='/return/'] button[type=submit]")  # no reason: refused
    assert page.locator(".field-error").first.is_visible()
    page.fill("#id_return_reason", "Pārbaudiet aktīvo lietotāju skaitu.")
    page.click("form[action$='/return/'] button[type=submit]")
    assert page.locator(".submission-facts .status-returned").is_visible()
    history = page.locator("#history").inner_text()
    assert "Pārbaudiet aktīvo lietotāju skaitu." in history
    screenshot(page, "review-submission-returned-lv")
