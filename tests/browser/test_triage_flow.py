"""The methodologist in February: the triage queue puts a planted ×10 slip first, with its
cause, and one click asks the library to explain it (a comment on the figure, an email)."""

import pytest

from tests.browser.conftest import format_violations

pytestmark = pytest.mark.browser

SUBMITTING = ["audrinu", "berzgales", "dricanu", "feimanu", "gaigalavas", "griskanu",
              "kaunatas-1", "lendzu", "luznavas", "maltas", "nautrenu", "ozolaines"]


@pytest.fixture
def slip_2022(demo_data):
    """Twelve libraries have submitted 2022; Maltas typed its visits with a digit too many."""
    from libraries.models import User
    from submissions.models import Submission, Value
    from tests.review.helpers import submit_demo

    for submission in Submission.objects.filter(
            year__year=2022, library__slug__in=SUBMITTING).select_related("library", "year"):
        user = User.objects.filter(memberships__library=submission.library).first()
        submit_demo(submission, user)
    value = Value.objects.get(submission__library__slug="maltas", submission__year__year=2022,
                              indicator__code="visits.total")
    value.value *= 10
    value.save(update_fields=["value"])
    return value


def test_the_methodologist_finds_the_slip_first_and_asks_in_one_click(
        page, live_server, slip_2022, login, axe_violations, screenshot):
    from django.core import mail

    from review.models import ReviewComment

    login(page, live_server, "metodikis")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Pārbaudes rinda", exact=True).click()  # the menu
    assert "2022. gada skaitļu pārbaude" in page.locator("h1").inner_text()
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    screenshot(page, "triage-queue-lv")

    first = page.locator("li.triage-item").first
    text = first.inner_text()
    assert "Maltas pagasta bibliotēka" in text
    assert "desmit reizes vairāk nekā pērn: drukas kļūda (lieks cipars)?" in text

    first.get_by_role("button", name="Lūgt bibliotēkai paskaidrot").click()
    assert "lūgts paskaidrot" in page.locator(".messages, [role=status], body").first.inner_text()
    first = page.locator("li.triage-item").first
    assert "bibliotēkai lūgts" in first.inner_text()
    comment = ReviewComment.objects.get(submission__library__slug="maltas",
                                        indicator__code="visits.total")
    assert "desmit reizes" in comment.text
    assert any("desmit reizes" in message.body for message in mail.outbox)


def test_the_slip_on_its_submission_page_and_the_decision_taken_there(
        page, live_server, slip_2022, login, axe_violations, screenshot):
    from review.models import ReviewComment

    login(page, live_server, "metodikis")
    page.goto(f"{live_server.url}/review/triage/?year=2022")
    page.locator("li.triage-item").first.get_by_role(
        "link", name="Maltas pagasta bibliotēka").click()
    assert "Maltas pagasta bibliotēka" in page.locator("h1").inner_text()
    checks = page.locator("#checks")
    item = checks.locator("li.triage-item").first
    assert "desmit reizes vairāk nekā pērn: drukas kļūda (lieks cipars)?" in item.inner_text()
    assert "1. vieta reģionā" in item.inner_text()
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    screenshot(page, "submission-checks-lv")

    item.get_by_role("button", name="Lūgt bibliotēkai paskaidrot").click()
    assert "/review/submission/" in page.url
    assert "bibliotēkai lūgts" in page.locator("#checks li.triage-item").first.inner_text()
    assert ReviewComment.objects.filter(submission__library__slug="maltas",
                                        indicator__code="visits.total").exists()
