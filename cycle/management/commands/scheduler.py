"""The scheduler process: queues the periodic jobs for the task worker at set times.

APScheduler's cron trigger decides when; the work itself runs in the worker
(`manage.py worker`), so a slow or failing job never blocks the schedule. Run one scheduler per
installation (docker-compose's `scheduler` service); the jobs are idempotent, so a
second one or a restart never sends a reminder twice. When the database cannot be reached
at the set time, queueing is tried again with the worker's back-off (1, 2, 4 … 60 s) for
as long as a missed run may still start (`RETRY_FOR`), so a short outage does not cost a
day's reminders.
"""

import contextlib
import logging
import time

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError

from cycle.tasks import reminders_due
from notifications.worker import backoff_delay, close_connections

logger = logging.getLogger(__name__)


RETRY_FOR = 6 * 3600  # seconds: the job's misfire grace, how late a run may still start


def queue_reminders(*, sleep=time.sleep, clock=time.monotonic) -> bool:
    """Queue the day's reminders for the worker; while the database cannot be reached, try
    again after a back-off, for up to RETRY_FOR. False when it gave up (logged as an
    error; the next day's run sends the stage then due)."""
    started = clock()
    failures = 0
    while True:
        try:
            result = reminders_due.enqueue()
        except (OperationalError, InterfaceError) as error:
            close_connections()
            if clock() - started >= RETRY_FOR:
                logger.error("The reminders were not queued: the database was unreachable "
                             "for %d s (%s)", RETRY_FOR, error)
                return False
            delay = backoff_delay(failures)
            failures += 1
            logger.warning("Database unreachable (%s); queueing the reminders again in "
                           "%.0f s", str(error).strip()[:300], delay)
            sleep(delay)
        else:
            logger.info("queued the scheduled reminders (task %s)", result.id)
            return True


class Command(BaseCommand):
    help = "Queue the periodic jobs (daily reminders) at their times; runs until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--reminders", default=settings.REMINDERS_CRON,
                            help="When to queue the reminders, as a crontab line "
                                 "(default REMINDERS_CRON, e.g. '0 8 * * *').")

    def handle(self, *args, reminders, **options):
        scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
        scheduler.add_job(queue_reminders, CronTrigger.from_crontab(
            reminders, timezone=settings.TIME_ZONE), id="reminders", coalesce=True,
            misfire_grace_time=RETRY_FOR, max_instances=1)
        self.stdout.write(f"Scheduler started: reminders at “{reminders}” "
                          f"({settings.TIME_ZONE}).")
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()
