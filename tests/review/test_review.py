import re
from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from catalogue.models import Indicator
from review.forms import REOPEN_REASON_REQUIRED, RETURN_REASON_REQUIRED
from review.models import Reminder, ReviewComment
from review.selectors import indicator_label
from submissions.models import LibraryNote, ReportingYear, StatusChange, Submission
from tests.review.helpers import EXPLANATION, add_picture, make_last_year

Status = Submission.Status


def _url(name, submission, *args):
    return reverse(f"review:{name}", args=[submission.pk, *args])


def _english(client):
    """The user chose English with the language switch (Latvian is everyone's default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _text(html: str) -> str:
    """The page's text without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# The review page -----------------------------------------------------------------------------

def test_review_page_shows_previous_years_changes_and_the_explanation(
        client_for, methodologist, submitted):
    two_years_ago = ReportingYear.objects.create(region=submitted.library.region, year=2020,
                                                 deadline=date(2021, 2, 9))
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
    # 17 for the page, 6 for the quality checks (the triage queue's reads of the region),
    # the region's own warning thresholds among both, 1 for the library's own notes, 1 for
    # the texts' dismissed hints
    with django_assert_num_queries(25) as first:
        client.get(_url("submission", submitted))
    count = len(first.captured_queries)
    for indicator_code in ("users.active", "visits.total", "loans.total"):
        client.post(_url("comment", submitted), {"text": "Pārbaudiet.",
                                                  "indicator": indicator_code})
        LibraryNote.objects.create(library=submitted.library, year=submitted.year.year,
                                   indicator=Indicator.objects.get(code=indicator_code),
                                   text="Skaitīts pēc BIS")
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
    from catalogue.models import Section

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
    response = _english(client_for(methodologist)).post(_url("accept", submission), {},
                                                         follow=True)
    submission.refresh_from_db()
    assert submission.status == Status.DRAFT
    assert "Only a submitted report can be accepted." in response.content.decode()


def test_accepting_a_draft_is_refused_in_latvian_with_the_word_pienemt(
        client_for, methodologist, submission):
    html = client_for(methodologist).post(_url("accept", submission), {},
                                          follow=True).content.decode()
    assert "Pieņemt var tikai iesniegtu pārskatu." in html
    assert "pstiprin" not in html


# Accepting with unresolved comments ------------------------------------------------------------

def test_accept_with_unresolved_comments_lists_them_and_needs_a_confirmation(
        client_for, methodologist, submitted):
    children = Indicator.objects.select_related("parent").get(code="users.active.children")
    ReviewComment.objects.create(submission=submitted, indicator=children,
                                 text="Vai bērni ir skaitīti divreiz?", author=methodologist)
    client = client_for(methodologist)
    html = client.get(_url("submission", submitted)).content.decode()
    form = html[html.index('class="stacked accept-form"'):]
    form = form[:form.index("</form>")]
    assert "Pārskatā ir 1 neatrisināts komentārs:" in _text(form)
    assert f'<a href="#f-users-active-children">{indicator_label(children)}</a>' in form
    if hasattr(Indicator, "label"):  # an "of which" row names its total
        assert "(Aktīvo lietotāju skaits)" in form
    assert "Vai bērni ir skaitīti divreiz?" in form
    assert re.search(r'<input type="checkbox" name="confirm_unresolved"[^>]* required', form)
    assert "Pieņemt, kaut arī ir neatrisināti komentāri" in form

    response = client.post(_url("accept", submitted), {"reason": "Labi."})
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    page = response.content.decode()
    assert "Pārskatā ir neatrisināti komentāri." in page
    assert 'aria-invalid="true" aria-describedby="confirm-error"' in page
    assert "Labi." in page  # the note is kept

    response = client.post(_url("accept", submitted),
                           {"reason": "Labi.", "confirm_unresolved": "on"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.ACCEPTED


def test_accept_refused_without_confirmation_says_why_in_english(
        client_for, methodologist, submitted):
    ReviewComment.objects.create(submission=submitted, text="Kopumā?", author=methodologist)
    response = _english(client_for(methodologist)).post(_url("accept", submitted), {})
    assert response.status_code == 400
    assert "The report has unresolved comments." in response.content.decode()


def test_accept_needs_no_confirmation_once_comments_are_resolved(
        client_for, methodologist, submitted):
    from django.utils import timezone

    ReviewComment.objects.create(submission=submitted, text="x", author=methodologist,
                                 resolved_at=timezone.now())
    client = client_for(methodologist)
    html = client.get(_url("submission", submitted)).content.decode()
    assert "confirm_unresolved" not in html
    assert client.post(_url("accept", submitted), {}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.ACCEPTED


@pytest.mark.parametrize(("open_comments", "summary", "form"), [
    (0, "0 neatrisinātu komentāru", None),
    (1, "1 neatrisināts komentārs", "Pārskatā ir 1 neatrisināts komentārs:"),
    (2, "2 neatrisināti komentāri", "Pārskatā ir 2 neatrisināti komentāri:"),
    (21, "21 neatrisināts komentārs", "Pārskatā ir 21 neatrisināts komentārs:"),
])
def test_unresolved_comments_in_latvian_plural_forms(client_for, methodologist, submitted,
                                                     open_comments, summary, form):
    ReviewComment.objects.bulk_create([
        ReviewComment(submission=submitted, text=f"Nr. {n}", author=methodologist)
        for n in range(open_comments)])
    text = _text(client_for(methodologist).get(_url("submission", submitted)).content.decode())
    assert summary in text
    assert (form in text) if form else "Pārskatā ir" not in text


def test_review_wording_in_latvian(client_for, methodologist, submitted):
    """Pieņemts (never apstiprināts), the year's change column and the history column."""
    client = client_for(methodologist)
    client.post(_url("accept", submitted), {})
    html = client.get(_url("submission", submitted)).content.decode()
    assert "Pieņemts" in html and "pstiprin" not in html
    assert "Izmaiņas 2022" in html
    history = html[html.index('id="history"'):]
    assert '<th scope="col">Izmaiņas</th>' in history
    assert "Izmainīt" not in html
    assert "Iesniegšanas gaita 2022" in html  # the breadcrumb


# Pictures ----------------------------------------------------------------------------------------

def test_review_page_shows_the_appendix_pictures(client_for, methodologist, submitted):
    picture = add_picture(submitted, caption="Dzejas dienas bibliotēkā", chapter=5)
    client = client_for(methodologist)
    html = client.get(_url("submission", submitted)).content.decode()
    section = html[html.index('<section id="pictures"'):]
    section = section[:section.index("</section>")]
    full = reverse("entry:picture", kwargs={"pk": submitted.pk, "picture_pk": picture.pk})
    thumb = reverse("entry:picture_thumb",
                    kwargs={"pk": submitted.pk, "picture_pk": picture.pk})
    assert f'<a href="{full}"><img src="{thumb}" alt="Dzejas dienas bibliotēkā"' in section
    assert "Dzejas dienas bibliotēkā" in section
    assert "5. Pakalpojumu piedāvājums un pieejamība" in section
    response = client.get(full)  # the methodologist may open it through the checked view
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client.get(thumb).status_code == 200


def test_review_page_without_pictures_says_so(client_for, methodologist, submitted):
    html = client_for(methodologist).get(_url("submission", submitted)).content.decode()
    assert "Attēli nav augšupielādēti." in html


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


def test_reminder_is_latvian_whatever_the_methodologists_language(
        client_for, methodologist, three_libraries, django_capture_on_commit_callbacks):
    _submitted, other_draft, _third = three_libraries
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _english(client_for(methodologist)).post(reverse("review:remind"), {
            "year": 2022, "library": [other_draft.library.pk]})
    [message] = mail.outbox
    assert message.subject.startswith("Atgādinājums: 2022. gada pārskats jāiesniedz līdz ")
    assert "vēl nav iesniegts" in message.body
    link = settings.SITE_URL.rstrip("/") + reverse("entry:submission",
                                                   args=[other_draft.pk])
    assert link in message.body
    html, _mimetype = message.alternatives[0]
    assert '<html lang="lv">' in html and f'href="{link}"' in html
    # "Reply to this email" reaches the methodologist who sent it.
    assert message.reply_to == [methodologist.email]


def test_remind_with_nothing_selected(client_for, methodologist, three_libraries):
    response = client_for(methodologist).post(reverse("review:remind"), {"year": 2022},
                                              follow=True)
    assert not Reminder.objects.exists()
    assert response.status_code == 200


def test_a_closed_years_report_is_not_sent_back_where_nobody_can_correct_it(
        client_for, methodologist, submission):
    from submissions import workflow
    from submissions.models import Submission as SubmissionModel

    submission.status = SubmissionModel.Status.ACCEPTED
    submission.save()
    submission.year.is_open = False
    submission.year.save()
    page = client_for(methodologist).get(_url("submission", submission)).content.decode()
    assert _url("reopen", submission) not in page
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.submission_reopen(submission=submission, user=methodologist, reason="Labot")
    assert refused.value.code == "closed"
    submission.refresh_from_db()
    assert submission.status == SubmissionModel.Status.ACCEPTED


def test_review_page_s_last_change_is_the_librarian_s_last_autosave(
        client_for, methodologist, librarian, submission):
    """A figure saved on the page writes its audit entry and leaves the submission row
    alone: the review page's “last change” is still that save."""
    from datetime import UTC, datetime

    from django.utils.timezone import localtime

    from submissions.models import AuditEntry

    long_ago = datetime(2020, 3, 4, 5, 6, tzinfo=UTC)
    Submission.objects.filter(pk=submission.pk).update(updated_at=long_ago)
    response = client_for(librarian).post(
        reverse("entry:autosave", kwargs={"pk": submission.pk}),
        {"kind": "figure", "code": "users.active", "value": "470", "base_revision": 0})
    assert response.status_code == 200
    saved_at = AuditEntry.objects.get(submission=submission).at
    page = _text(client_for(methodologist).get(_url("submission", submission))
                 .content.decode())
    assert localtime(saved_at).strftime("%d.%m.%Y %H:%M") in page
    assert "04.03.2020" not in page
