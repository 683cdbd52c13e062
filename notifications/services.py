"""Queue an email for the background worker: the only way the portal sends mail."""

from django.db import transaction
from django.utils import timezone

from notifications.models import OutgoingEmail, WorkerHeartbeat
from notifications.tasks import email_schedule


def email_queue(*, to, subject: str, body: str, html: str = "", reply_to=(),
                kind: str = "") -> OutgoingEmail | None:
    """Store the message and have the worker send it once the caller's transaction commits.

    Returns None when there is nobody to write to. Never talks to the mail server, so the
    step that asked for the email succeeds whatever the mail server does.
    """
    recipients = sorted({address for address in to if address})
    if not recipients:
        return None
    email = OutgoingEmail.objects.create(
        kind=kind[:50], to=recipients, subject=" ".join(subject.split())[:300], body=body,
        html=html or "", reply_to=[address for address in reply_to if address])
    transaction.on_commit(lambda: email_schedule(email=email))
    return email



def worker_heartbeat_record(*, worker_id: str) -> None:
    """The worker is alive now: one short UPDATE (an INSERT the first time)."""
    WorkerHeartbeat.objects.update_or_create(
        pk=1, defaults={"worker_id": worker_id[:64], "last_seen": timezone.now()})
