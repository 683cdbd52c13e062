"""The background worker keeps running through a database outage, and the administrator
sees when it was last seen and how many jobs wait for it."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import InterfaceError, OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from notifications.models import OutgoingEmail, WorkerHeartbeat
from notifications.services import email_queue, worker_heartbeat_record
from notifications.worker import MAX_BACKOFF, ResilientWorker

pytestmark = pytest.mark.django_db

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                          "QUEUES": ["default"]}}


def worker(**options) -> ResilientWorker:
    defaults = {"queue_names": ["default"], "interval": 0, "batch": False,
                "backend_name": "default", "startup_delay": False, "max_tasks": None,
                "worker_id": "test-worker", "excluded_queue_names": [], "heartbeat": False}
    return ResilientWorker(**{**defaults, **options})


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DB_BACKEND


@pytest.fixture
def sleeps():
    with mock.patch("notifications.worker.time.sleep") as sleep:
        yield sleep


# Transactional: the worker closes its connections after an error, which inside a test's
# transaction would end it (PostgreSQL then refuses every later query).
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_email_after_the_database_comes_back(
        database_queue, sleeps, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(to=["biblioteka@example.lv"], subject="Sveiki", body="Teksts")
    assert DBTaskResult.objects.ready().count() == 1  # queued, not sent yet
    real_get_locked = DBTaskResultQuerySet.get_locked
    outage = OperationalError("server closed the connection unexpectedly")
    calls = iter([outage, outage])

    def get_locked(self):
        error = next(calls, None)
        if error is not None:
            raise error
        return real_get_locked(self)

    with mock.patch.object(DBTaskResultQuerySet, "get_locked", get_locked):
        worker(max_tasks=1).run()  # db_worker would have died at the first error

    assert [call.args[0] for call in sleeps.call_args_list] == [1, 2]  # backed off
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert [message.subject for message in mail.outbox] == ["Sveiki"]


def test_the_back_off_is_capped_and_starts_again_after_a_healthy_spell(
        database_queue, sleeps, caplog):
    errors = [InterfaceError("connection already closed")] * 9
    with mock.patch.object(DBTaskResultQuerySet, "get_locked",
                           side_effect=[*errors, None]):
        worker(batch=True).run()  # the queue is empty: batch mode then ends
    assert [call.args[0] for call in sleeps.call_args_list] == [
        1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert "Database unreachable (InterfaceError: connection already closed)" in caplog.text

    resilient = worker()
    resilient.failures = 5000  # hours of outage: still one minute, no overflow
    with mock.patch("notifications.worker.time.sleep") as sleep:
        resilient._wait_after(OperationalError("gone"), ran_for=1)
    assert sleep.call_args.args[0] == MAX_BACKOFF
    resilient.failures = 7
    with mock.patch("notifications.worker.time.sleep"):
        resilient._wait_after(OperationalError("gone"), ran_for=MAX_BACKOFF + 1)
    assert resilient.failures == 1  # a new outage waits 1 s first again


def test_a_programming_error_still_stops_the_worker(database_queue, sleeps):
    with mock.patch.object(DBTaskResultQuerySet, "get_locked",
                           side_effect=ValueError("a bug")), pytest.raises(ValueError):
        worker().run()
    sleeps.assert_not_called()


def test_the_heartbeat_says_when_the_worker_was_last_seen():
    worker_heartbeat_record(worker_id="a")
    worker_heartbeat_record(worker_id="b")
    beat = WorkerHeartbeat.objects.get()
    assert beat.worker_id == "b"
    assert timezone.now() - beat.last_seen < timedelta(seconds=5)



def test_the_administrators_home_page_says_when_the_worker_was_last_seen(
        client_for, admin_user, methodologist, database_queue,
        django_capture_on_commit_callbacks):
    home = reverse("home")
    WorkerHeartbeat.objects.create(worker_id="w", last_seen=timezone.now())
    page = client_for(admin_user).get(home).content.decode()
    assert "Fona apstrādes process pēdējoreiz redzēts" in page
    assert "Gaida 0 uzdevumu." in page
    assert "netiek sagatavoti" not in page

    with django_capture_on_commit_callbacks(execute=True):
        email_queue(to=["biblioteka@example.lv"], subject="Sveiki", body="Teksts")
    page = client_for(admin_user).get(home).content.decode()
    assert "Gaida 1 uzdevums." in page  # a live worker is about to take it

    # the worker stopped ten minutes ago while a job waits: a warning
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - timedelta(minutes=10))
    page = client_for(admin_user).get(home).content.decode()
    assert "nav redzēts kopš" in page
    assert "gaida 1 uzdevums: PDF un e-pasti netiek sagatavoti" in page
    assert 'role="alert"' in page

    WorkerHeartbeat.objects.all().delete()
    page = client_for(admin_user).get(home).content.decode()
    assert "Fona apstrādes process vēl nav ticis redzēts, un gaida 1 uzdevums" in page

    # the methodologist's home page says nothing about the worker
    assert "Fona apstrādes" not in client_for(methodologist).get(home).content.decode()


def test_the_administrators_home_page_in_english(client_for, admin_user, settings):
    WorkerHeartbeat.objects.create(worker_id="w", last_seen=timezone.now())
    client = client_for(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("home")).content.decode()
    assert "Background worker last seen at" in page
    assert "0 jobs waiting." in page


def test_the_heartbeat_thread_beats_while_the_loop_runs_and_not_after(database_queue):
    loop = mock.Mock(is_alive=mock.Mock(side_effect=[True, True, False]))
    stop = mock.Mock(is_set=mock.Mock(return_value=False))
    # the thread closes its own connection after each beat; here it is the test's
    with mock.patch("notifications.worker.connection"):
        worker()._beat(loop, stop)
    assert WorkerHeartbeat.objects.get().worker_id == "test-worker"
    assert stop.wait.call_count == 2  # two beats, then the loop's thread had ended
