"""Scheduled reminders: 14, 7 and 1 days before the deadline and 1 and 7 days after, to
the libraries not yet submitted; each stage once per library and year; queued by the
scheduler for the worker; shown on the completeness board."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from cycle.management.commands import scheduler
from cycle.tasks import reminders_due
from review.models import Reminder
from review.selectors import board_rows
from review.services import reminder_stage_due, reminders_send_due
from tests.factories import ReportingYearFactory, SubmissionFactory, librarian_of

pytestmark = pytest.mark.django_db

DEADLINE = date(2024, 1, 15)


@pytest.fixture
def campaign(region, library, other_library, methodologist):
    year = ReportingYearFactory(region=region, year=2023, is_open=True, deadline=DEADLINE)
    SubmissionFactory(library=library, year=year)  # a draft: reminded
    SubmissionFactory(library=other_library, year=year, status="submitted")  # done
    librarian_of(library, "librarian")
    librarian_of(other_library, "other-librarian")
    return year


@pytest.mark.parametrize(("days_before", "stage"), [
    (20, ""), (14, "before-14"), (10, "before-14"), (7, "before-7"), (2, "before-7"),
    (1, "before-1"), (0, "before-1"), (-1, "after-1"), (-6, "after-1"), (-7, "after-7"),
    (-40, "after-7")])
def test_the_stage_due(days_before, stage):
    assert reminder_stage_due(DEADLINE, DEADLINE - timedelta(days=days_before)) == stage


def test_each_stage_goes_once_to_the_libraries_not_yet_submitted(
        campaign, library, methodologist, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders_send_due(today=DEADLINE - timedelta(days=7))
    assert [(r.library, r.stage, r.sent_by) for r in sent] == [(library, "before-7", None)]
    (email,) = mail.outbox
    assert "librarian@example.test" in email.to
    assert email.reply_to == [methodologist.email]
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send_due(today=DEADLINE - timedelta(days=6)) == []  # same stage
    assert len(mail.outbox) == 1
    reminders_send_due(today=DEADLINE - timedelta(days=1))
    reminders_send_due(today=DEADLINE + timedelta(days=1))
    assert list(Reminder.objects.order_by("pk").values_list("stage", flat=True)) == [
        "before-7", "before-1", "after-1"]
    row = {r.library.slug: r for r in board_rows(campaign.region, campaign)}
    assert row["audrinu"].last_reminded is not None  # shown on the completeness board
    assert row["maltas"].last_reminded is None


def test_a_closed_year_gets_no_reminder(campaign):
    campaign.is_open = False
    campaign.save()
    assert reminders_send_due(today=DEADLINE - timedelta(days=1)) == []


def test_the_worker_task_and_the_command_send_what_is_due(campaign, monkeypatch):
    monkeypatch.setattr("review.services.timezone.localdate",
                        lambda: DEADLINE - timedelta(days=14))
    result = reminders_due.enqueue()  # tests run tasks immediately
    assert result.return_value == 1
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "0 reminder(s) sent." in out.getvalue()  # already sent: idempotent


def test_the_scheduler_queues_the_reminders_daily(monkeypatch, settings):
    settings.REMINDERS_CRON = "0 8 * * *"
    jobs = []

    def start(self):
        jobs.extend(self.get_jobs())

    monkeypatch.setattr(scheduler.BlockingScheduler, "start", start)
    call_command("scheduler", stdout=StringIO())
    (job,) = jobs
    assert job.func is scheduler.queue_reminders
    assert "hour='8'" in str(job.trigger) and "minute='0'" in str(job.trigger)


def test_the_scheduler_rides_out_a_short_database_outage(campaign, monkeypatch,
                                                         django_capture_on_commit_callbacks):
    """The database is gone at 08:00 for two tries: the reminders are queued on the third,
    after waiting 1 and 2 s, and the worker sends them."""
    from django.db import OperationalError

    tries = []

    class Outage:
        @staticmethod
        def enqueue():
            tries.append(1)
            if len(tries) <= 2:
                raise OperationalError("connection refused")
            return reminders_due.enqueue()  # the tests' worker runs it at once

    monkeypatch.setattr(scheduler, "reminders_due", Outage)
    # the outage is simulated: the test's own connection (its transaction) stays open
    dropped = []
    monkeypatch.setattr(scheduler, "close_connections", lambda: dropped.append(1))
    waits = []
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduler.queue_reminders(sleep=waits.append) is True
    assert (len(tries), waits, len(dropped)) == (3, [1, 2], 2)  # each broken one dropped
    assert Reminder.objects.filter(year=campaign).count() == 1  # the draft's library
    assert len(mail.outbox) == 1


def test_the_scheduler_gives_up_after_the_misfire_grace_and_says_so(monkeypatch, caplog):
    """A database down for longer than a missed run may start: the tries back off to a
    minute, stop after RETRY_FOR, and an error is logged (the next day's run catches up)."""
    from django.db import OperationalError

    class Outage:
        @staticmethod
        def enqueue():
            raise OperationalError("connection refused")

    monkeypatch.setattr(scheduler, "reminders_due", Outage)
    monkeypatch.setattr(scheduler, "close_connections", lambda: None)  # (simulated)
    now = [0.0]
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds

    assert scheduler.queue_reminders(sleep=sleep, clock=lambda: now[0]) is False
    assert waits[:7] == [1, 2, 4, 8, 16, 32, 60] and set(waits[7:]) == {60}
    assert sum(waits) >= scheduler.RETRY_FOR
    assert "were not queued" in caplog.text
