"""Mail never breaks a workflow step: every email goes through the worker, failures stay
visible to the administrator with their error, and can be sent again."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import OutgoingEmail
from notifications.tasks import email_send
from submissions.models import Submission
from tests.factories import UserFactory
from tests.submissions.conftest import fill_required

pytestmark = pytest.mark.django_db

UNREACHABLE = "tests.notifications.broken_mail.UnreachableMailServer"


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = UNREACHABLE


def submit(client, submission):
    return client.post(reverse("entry:submit", kwargs={"pk": submission.pk}), follow=True)


def test_submitting_works_with_the_mail_server_down(
        client_for, submission, librarian, methodologist, mail_server_down,
        django_capture_on_commit_callbacks):
    fill_required(submission)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client_for(librarian), submission)
    assert response.status_code == 200
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    email = OutgoingEmail.objects.get(kind="submitted")
    assert email.to == [methodologist.email]
    assert email.status != OutgoingEmail.Status.SENT
    assert "Connection refused" in email.last_error
    assert email.attempts == 1


def test_submitting_sends_the_email_through_the_worker(
        client_for, submission, librarian, methodologist,
        django_capture_on_commit_callbacks):
    fill_required(submission)
    with django_capture_on_commit_callbacks(execute=True):
        submit(client_for(librarian), submission)
    email = OutgoingEmail.objects.get(kind="submitted")
    assert email.status == OutgoingEmail.Status.SENT
    assert email.sent_at is not None
    assert [message.to for message in mail.outbox] == [[methodologist.email]]
    assert mail.outbox[0].subject == email.subject


def test_an_email_that_keeps_failing_is_marked_failed_after_the_last_attempt(
        mail_server_down):
    email = OutgoingEmail.objects.create(to=["a@example.lv"], subject="S", body="B")
    for _ in range(OutgoingEmail.MAX_ATTEMPTS):
        email_send.call(email.pk)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == OutgoingEmail.MAX_ATTEMPTS
    assert not mail.outbox


def test_a_failed_email_is_retried_later_when_the_queue_can_wait(mail_server_down,
                                                                   monkeypatch):
    scheduled = []
    monkeypatch.setattr("notifications.tasks.default_task_backend.supports_defer", True,
                        raising=False)
    monkeypatch.setattr("notifications.tasks.email_schedule",
                        lambda *, email, run_after=None: scheduled.append(run_after))
    email = OutgoingEmail.objects.create(to=["a@example.lv"], subject="S", body="B")
    email_send.call(email.pk)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert len(scheduled) == 1 and scheduled[0] > email.last_attempt_at


def test_a_sent_email_is_never_sent_twice():
    email = OutgoingEmail.objects.create(to=["a@example.lv"], subject="S", body="B")
    email_send.call(email.pk)
    email_send.call(email.pk)
    assert len(mail.outbox) == 1


def test_password_reset_answers_the_same_with_the_mail_server_down(
        client, mail_server_down, django_capture_on_commit_callbacks):
    UserFactory(username="ilze", email="ilze@example.lv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "ilze@example.lv"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    email = OutgoingEmail.objects.get(kind="password_reset")
    assert email.to == ["ilze@example.lv"]
    assert "/accounts/reset/" in email.body
    assert "Connection refused" in email.last_error


def test_the_administrator_sees_failed_emails_with_their_error_and_sends_them_again(
        client_for, admin_user, settings):
    failed = OutgoingEmail.objects.create(
        to=["a@example.lv"], subject="Atskaite iesniegta", body="B", kind="submitted",
        status=OutgoingEmail.Status.FAILED, attempts=5,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused")
    client = client_for(admin_user)
    page = client.get(reverse("admin:notifications_outgoingemail_changelist"))
    assert page.status_code == 200
    assert "Atskaite iesniegta" in page.content.decode()
    assert "Connection refused" in page.content.decode()

    client.post(reverse("admin:notifications_outgoingemail_changelist"),
                {"action": "send_again", "_selected_action": [failed.pk]})
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.SENT
    assert [message.to for message in mail.outbox] == [["a@example.lv"]]


def test_the_methodologist_cannot_read_the_outgoing_email(client_for, methodologist):
    methodologist.is_staff = True
    methodologist.save()
    response = client_for(methodologist).get(
        reverse("admin:notifications_outgoingemail_changelist"))
    assert response.status_code in (302, 403)


def test_the_administrators_home_page_says_when_mail_is_not_getting_through(
        client_for, admin_user, methodologist, mail_server_down,
        django_capture_on_commit_callbacks):
    """The mail server is down while a librarian submits: the administrator, opening the
    portal, is told (in Latvian) that an email failed and is led to its error."""
    home = reverse("home")
    assert "Nevienu e-pastu nav neizdevies nosūtīt" in client_for(admin_user).get(
        home).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        queued = OutgoingEmail.objects.create(to=["a@example.lv"], subject="S", body="B",
                                              kind="submitted")
        email_send.call(queued.pk)
    OutgoingEmail.objects.create(to=["b@example.lv"], subject="S", body="B",
                                 kind="reminder", status=OutgoingEmail.Status.FAILED,
                                 attempts=5, last_error="Connection refused")
    page = client_for(admin_user).get(home).content.decode()
    changelist = reverse("admin:notifications_outgoingemail_changelist")
    assert f'href="{changelist}?status__exact=failed"' in page
    assert "1 e-pastu neizdevās nosūtīt" in page
    assert f'href="{changelist}?status__exact=queued"' in page
    assert "1 e-pasts netika nosūtīts un gaida nākamo mēģinājumu" in page
    # the methodologist's home page says nothing about the mail server
    assert "e-pastu neizdevās" not in client_for(methodologist).get(home).content.decode()


def test_the_administrators_list_names_each_kind_of_email_in_latvian(client_for, admin_user):
    OutgoingEmail.objects.create(to=["a@example.lv"], subject="S", body="B",
                                 kind="year_opened")
    page = client_for(admin_user).get(
        reverse("admin:notifications_outgoingemail_changelist")).content.decode()
    assert "gads atvērts" in page and ">year_opened<" not in page
