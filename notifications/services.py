"""Queue an email for the background worker: the only way the portal sends mail."""

import logging

from django.db import transaction

from notifications.models import OutgoingEmail

logger = logging.getLogger(__name__)


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


def email_schedule(*, email: OutgoingEmail, run_after=None) -> None:
    """Hand the email to the worker. A queue that cannot take it leaves it waiting
    (the administrator sees it queued and can send it again)."""
    from notifications.tasks import email_send

    task = email_send.using(run_after=run_after) if run_after else email_send
    try:
        task.enqueue(email.pk)
    except Exception:
        logger.exception("Email %s could not be queued for sending", email.pk)
