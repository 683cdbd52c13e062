"""The scheduler process: queues the periodic jobs for the task worker at set times.

APScheduler's cron trigger decides when; the work itself runs in the worker
(`manage.py worker`), so a slow or failing job never blocks the schedule. Run one scheduler per
installation (docker-compose's `scheduler` service); the jobs are idempotent, so a
second one or a restart never sends a reminder twice.
"""

import contextlib
import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management.base import BaseCommand

from cycle.tasks import reminders_due

logger = logging.getLogger(__name__)


def queue_reminders() -> None:
    result = reminders_due.enqueue()
    logger.info("queued the scheduled reminders (task %s)", result.id)


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
            misfire_grace_time=6 * 3600, max_instances=1)
        self.stdout.write(f"Scheduler started: reminders at “{reminders}” "
                          f"({settings.TIME_ZONE}).")
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()
