"""Reads for the administrator: the outgoing email and the background worker."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications.models import OutgoingEmail, WorkerHeartbeat


def emails_not_sent() -> dict[str, int]:
    """How many emails gave up after their last attempt (`failed`) and how many wait for
    another attempt after an error (`retrying`). One query."""
    return OutgoingEmail.objects.aggregate(
        failed=Count("pk", filter=Q(status=OutgoingEmail.Status.FAILED)),
        retrying=Count("pk", filter=Q(status=OutgoingEmail.Status.QUEUED, attempts__gt=0)),
    )


# The worker writes its heartbeat every HEARTBEAT_SECONDS; not seen for WORKER_LATE while
# jobs wait means it is not running (or cannot reach the database).
HEARTBEAT_SECONDS = 30
WORKER_LATE = timedelta(minutes=5)


@dataclass(frozen=True)
class WorkerStatus:
    last_seen: datetime | None
    waiting: int  # jobs due now that no worker has taken yet
    late: bool  # jobs wait and the worker has not been seen for WORKER_LATE (or ever)


def worker_status() -> WorkerStatus:
    """When the background worker was last seen and how many jobs wait for it. Two queries."""
    last_seen = WorkerHeartbeat.objects.values_list("last_seen", flat=True).first()
    waiting = DBTaskResult.objects.ready().count()
    late = bool(waiting) and (last_seen is None or timezone.now() - last_seen > WORKER_LATE)
    return WorkerStatus(last_seen=last_seen, waiting=waiting, late=late)
