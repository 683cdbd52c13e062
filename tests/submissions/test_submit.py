"""Submitting: only with no errors and every warning explained; then locked; email."""

import pytest
from django.core import mail
from django.urls import reverse

from review.models import ReviewComment
from submissions.models import StatusChange, Submission, Value
from tests.factories import set_values

pytestmark = pytest.mark.django_db


def submit(client, submission):
    return client.post(reverse("entry:submit", kwargs={"pk": submission.pk}), follow=True)


def test_refused_with_empty_required_figures(client_for, submission, librarian):
    response = submit(client_for(librarian), submission)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.DRAFT
    assert "nav iesniegts" in response.content.decode()


def test_refused_with_an_unexplained_warning_then_accepted_after_explaining(
        client_for, submission, last_submission, librarian, methodologist, filled,
        django_capture_on_commit_callbacks):
    filled(submission, **{"visits.total": 3000, "visits.children": 1400, "users.active": 470,
                          "collection.stock": 10200, "collection.acquired": 500,
                          "collection.withdrawn": 300})
    client = client_for(librarian)
    client.cookies["django_language"] = "en"
    response = submit(client, submission)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.DRAFT
    assert "changed by -50% on last year" in response.content.decode()
    assert not mail.outbox

    Value.objects.filter(submission=submission, indicator__code="visits.total").update(
        explanation="Closed for five months.")
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, submission)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    assert StatusChange.objects.filter(submission=submission, to_status="submitted").exists()
    assert [message.to for message in mail.outbox] == [[methodologist.email]]
    # locked for the librarian
    chapter = reverse("entry:chapter", kwargs={"pk": submission.pk, "number": 5})
    assert client.post(chapter, {"v-users.active": "1", "rev-users.active": "1"}).status_code == 403
    assert b'name="v-' not in client.get(chapter).content


def test_methodologist_sees_it_as_submitted(client_for, submission, librarian, methodologist,
                                            filled):
    filled(submission)
    submit(client_for(librarian), submission)
    response = client_for(methodologist).get(
        reverse("entry:submission", kwargs={"pk": submission.pk}))
    assert 'class="status status-submitted"' in response.content.decode()


def test_returned_submission_shows_comments_and_reason_and_can_be_submitted_again(
        client_for, submission, librarian, methodologist, filled):
    from catalogue.models import Indicator, Section
    from submissions.workflow import submission_return

    filled(submission)
    submit(client_for(librarian), submission)
    submission.refresh_from_db()
    ReviewComment.objects.create(submission=submission, author=methodologist,
                                 indicator=Indicator.objects.get(code="users.active"),
                                 text="Vai tiešām tikai 10 lietotāju?")
    ReviewComment.objects.create(submission=submission, author=methodologist,
                                 section=Section.objects.get(code="5-indicators"),
                                 text="Lūdzu, aprakstiet apmeklējuma kritumu.")
    submission_return(submission=submission, user=methodologist,
                      reason="Pārbaudiet lietotāju skaitu.")
    client = client_for(librarian)
    overview = client.get(reverse("entry:submission", kwargs={"pk": submission.pk}))
    assert "Pārbaudiet lietotāju skaitu." in overview.content.decode()
    chapter = client.get(reverse("entry:chapter", kwargs={"pk": submission.pk,
                                                              "number": 5})).content.decode()
    assert "Vai tiešām tikai 10 lietotāju?" in chapter
    assert "Lūdzu, aprakstiet apmeklējuma kritumu." in chapter
    assert chapter.index("Vai tiešām") > chapter.index('id="row-f-users-active"')
    assert chapter.index("Vai tiešām") < chapter.index('id="row-f-users-active-children"')
    set_values(submission, **{"users.active": 12})
    submit(client, submission)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED


def test_what_is_missing_is_one_line_linking_to_the_status_panel(client_for, submission,
                                                                 librarian):
    client = client_for(librarian)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("entry:submission", kwargs={"pk": submission.pk}))
    content = page.content.decode()
    assert "Still missing before you can submit:" in content
    assert "required figures empty" in content and 'href="#status-panel"' in content
    assert "Submit the report…" not in content  # nothing to confirm yet
    response = submit(client, submission)
    messages = list(response.context["messages"])
    assert len(messages) == 1  # one line, not one banner per field
    assert "required figures empty" in str(messages[0])
    assert response.redirect_chain[-1][0].endswith("#status-panel")


def test_submitting_asks_for_confirmation_showing_what_will_be_sent(
        client_for, submission, last_submission, librarian, filled):
    filled(submission, **{"visits.total": 3000, "visits.children": 1400, "users.active": 470,
                          "collection.stock": 10200, "collection.acquired": 500,
                          "collection.withdrawn": 300})
    Value.objects.filter(submission=submission, indicator__code="visits.total").update(
        explanation="Closed for five months.")
    client = client_for(librarian)
    client.cookies["django_language"] = "en"
    overview = client.get(reverse("entry:submission", kwargs={"pk": submission.pk}))
    assert "Submit the report…" in overview.content.decode()
    confirm = client.get(reverse("entry:submit", kwargs={"pk": submission.pk}))
    content = confirm.content.decode()
    assert "What will be sent" in content
    assert "Closed for five months." in content  # the explained warning goes with it
    assert "have no text yet" in content
    submission.refresh_from_db()
    assert submission.status == Submission.Status.DRAFT  # a GET never submits
    response = submit(client, submission)
    content = response.content.decode()
    assert "What happens next" in content
    assert 'id="status-panel"' not in content  # no more nagging


def test_the_confirmation_title_reads_as_latvian(client_for, submission, librarian):
    """A library's name cannot be declined: “Iesniegt Maltas pagasta bibliotēka … pārskatu”
    is broken Latvian, so the name follows after a colon."""
    confirm = client_for(librarian).get(reverse("entry:submit",
                                                kwargs={"pk": submission.pk}))
    title = f"Iesniegt {submission.year.year}. gada pārskatu: {submission.library.name}"
    assert f"<h1>{title}</h1>" in confirm.content.decode()
