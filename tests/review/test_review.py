from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from indicators.models import ReportingYear, ReviewComment, StatusChange, Submission
from review.forms import REOPEN_REASON_REQUIRED, RETURN_REASON_REQUIRED
from review.models import Reminder
from tests.review.helpers import EXPLANATION, make_last_year

Status = Submission.Status


def _url(name, submission, *args):
    return reverse(f"review:{name}", args=[submission.pk, *args])


# The review page -----------------------------------------------------------------------------

def test_review_page_shows_previous_years_changes_and_the_explanation(
        client_for, methodologist, submitted):
    two_years_ago = ReportingYear.objects.create(year=2020, deadline=date(2021, 2, 9))
    make_last_year(submitted.library, two_years_ago, {"users.active": 180})
    response = client_for(methodologist).get(_url("submission", submitted))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Audriņu pagasta bibliotēka · 2022" in html
    row = html[html.index('id="f-users-active"'):]
    row = row[:row.index("</tr>")]
    # 2020, 2021, 2022 and the changes: 180 → 200 (+11 %), 200 → 300 (+50 %)
    assert [cell in row for cell in (">180<", ">200<", ">300<", "+11 %", "+50 %")] == [True] * 5
    assert EXPLANATION in row
    assert "problem-warning explained" in row
    assert response.context["review"].years == (2020, 2021, 2022)


def test_review_page_shows_derived_indicators_of_the_library(
        client_for, methodologist, submitted):
    html = client_for(methodologist).get(_url("submission", submitted)).content.decode()
    row = html[html.index('id="f-derived-coverage_pct"'):]
    row = row[:row.index("</tr>")]
    assert ">20,0<" in row  # 200 / 1000 in 2021


def test_review_page_query_count_is_fixed(client_for, methodologist, submitted,
                                          django_assert_num_queries):
    client = client_for(methodologist)
    client.get(_url("submission", submitted))
    with django_assert_num_queries(18) as first:
        client.get(_url("submission", submitted))
    count = len(first.captured_queries)
    for indicator_code in ("users.active", "visits.total", "loans.total"):
        client.post(_url("comment", submitted), {"text": "Pārbaudiet.",
                                                  "indicator": indicator_code})
    with django_assert_num_queries(count):
        client.get(_url("submission", submitted))


# Comments ----------------------------------------------------------------------------------

def test_comment_on_a_figure(client_for, methodologist, submitted):
    response = client_for(methodologist).post(
        _url("comment", submitted), {"text": "  Lūdzu pārbaudiet.  ", "indicator": "users.active"})
    assert response.status_code == 302
    assert response.url.endswith("#f-users-active")
    comment = ReviewComment.objects.get()
    assert (comment.indicator.code, comment.section, comment.text, comment.author) == (
        "users.active", None, "Lūdzu pārbaudiet.", methodologist)
    html = client_for(methodologist).get(_url("submission", submitted)).content.decode()
    row = html[html.index('id="f-users-active"'):]
    assert "Lūdzu pārbaudiet." in row[:row.index("</tr>")]


def test_comment_on_a_section_and_on_the_whole_report(client_for, methodologist, submitted):
    from indicators.models import Section

    section = Section.objects.filter(chapter__regional_only=False).first()
    client = client_for(methodologist)
    client.post(_url("comment", submitted), {"text": "Par tekstu.", "section": section.code})
    client.post(_url("comment", submitted), {"text": "Kopumā labi."})
    assert ReviewComment.objects.get(text="Par tekstu.").section == section
    assert ReviewComment.objects.get(text="Kopumā labi.").indicator is None
    html = client.get(_url("submission", submitted)).content.decode()
    assert "Par tekstu." in html and "Kopumā labi." in html


def test_empty_comment_is_refused(client_for, methodologist, submitted):
    response = client_for(methodologist).post(_url("comment", submitted), {"text": "  "})
    assert response.status_code == 400
    assert not ReviewComment.objects.exists()


def test_comment_resolve(client_for, methodologist, submitted):
    comment = ReviewComment.objects.create(submission=submitted, text="x", author=methodologist)
    response = client_for(methodologist).post(_url("comment_resolve", submitted, comment.pk))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.resolved_at is not None


# Transitions -------------------------------------------------------------------------------

def test_accept_records_who_and_the_note(client_for, methodologist, submitted):
    response = client_for(methodologist).post(_url("accept", submitted), {"reason": "Paldies!"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.ACCEPTED
    change = StatusChange.objects.filter(submission=submitted).first()
    assert (change.from_status, change.to_status, change.user, change.reason) == (
        Status.SUBMITTED, Status.ACCEPTED, methodologist, "Paldies!")


def test_return_needs_a_reason(client_for, methodologist, submitted):
    response = client_for(methodologist).post(_url("return", submitted), {"reason": "   "})
    assert response.status_code == 400
    assert str(RETURN_REASON_REQUIRED) in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_return_with_reasons_is_recorded_and_emailed(client_for, methodologist, submitted,
                                                     django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(methodologist).post(
            _url("return", submitted), {"reason": "Izlabojiet apmeklējumu."})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED
    change = StatusChange.objects.filter(submission=submitted).first()
    assert (change.to_status, change.user, change.reason) == (
        Status.RETURNED, methodologist, "Izlabojiet apmeklējumu.")
    assert len(mail.outbox) == 1 and "Izlabojiet apmeklējumu." in mail.outbox[0].body
    html = client_for(methodologist).get(_url("submission", submitted)).content.decode()
    assert "Izlabojiet apmeklējumu." in html  # the history shows why


def test_reopen_an_accepted_report_needs_a_reason(client_for, methodologist, submitted):
    client = client_for(methodologist)
    client.post(_url("accept", submitted), {})
    response = client.post(_url("reopen", submitted), {"reason": ""})
    assert response.status_code == 400
    assert str(REOPEN_REASON_REQUIRED) in response.content.decode()
    client.post(_url("reopen", submitted), {"reason": "Jālabo krājums."})
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED
    assert StatusChange.objects.filter(submission=submitted, from_status=Status.ACCEPTED,
                                       reason="Jālabo krājums.", user=methodologist).exists()


def test_accepting_a_draft_is_refused_with_a_message(client_for, methodologist, submission):
    response = client_for(methodologist).post(_url("accept", submission), {}, follow=True,
                                              HTTP_ACCEPT_LANGUAGE="en")
    submission.refresh_from_db()
    assert submission.status == Status.DRAFT
    assert "Only a submitted report can be accepted." in response.content.decode()


# Reminders ---------------------------------------------------------------------------------

@pytest.fixture
def three_libraries(submitted, other_draft, other_librarian, region, open_year):
    from tests.factories import LibraryFactory, SubmissionFactory, librarian_of

    third = LibraryFactory(region=region, name="Ozolaines pagasta bibliotēka",
                           slug="ozolaines", email="ozolaine@example.test")
    librarian_of(third, "third-librarian")
    SubmissionFactory(library=third, year=open_year, status=Status.RETURNED)
    return submitted, other_draft, third


def test_remind_all_not_yet_submitted(client_for, methodologist, three_libraries,
                                      django_capture_on_commit_callbacks):
    _submitted, _other_draft, _third = three_libraries
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(methodologist).post(
            reverse("review:remind"), {"year": 2022, "everyone": "1"}, follow=True)
    assert "2" in str(next(iter(response.context["messages"])))
    addressed = sorted(tuple(message.to) for message in mail.outbox)
    assert addressed == [("other-librarian@example.test",),
                         ("ozolaine@example.test", "third-librarian@example.test")]
    assert "2022" in mail.outbox[0].subject
    assert mail.outbox[0].alternatives  # the HTML part
    assert set(Reminder.objects.values_list("library__slug", flat=True)) == {
        "maltas", "ozolaines"}
    html = client_for(methodologist).get(reverse("review:board")).content.decode()
    assert "Reminded" in html or "Atgādināts" in html


def test_remind_selected_never_writes_to_a_submitted_library(
        client_for, methodologist, three_libraries, django_capture_on_commit_callbacks):
    submitted, _other_draft, third = three_libraries
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(methodologist).post(reverse("review:remind"), {
            "year": 2022, "library": [submitted.library.pk, third.pk]})
    assert [message.to for message in mail.outbox] == [
        ["ozolaine@example.test", "third-librarian@example.test"]]
    assert list(Reminder.objects.values_list("library__slug", flat=True)) == ["ozolaines"]


def test_remind_with_nothing_selected(client_for, methodologist, three_libraries):
    response = client_for(methodologist).post(reverse("review:remind"), {"year": 2022},
                                              follow=True)
    assert not Reminder.objects.exists()
    assert response.status_code == 200
