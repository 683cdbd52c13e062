"""The background job that sends one queued email, with retries."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from notifications.models import OutgoingEmail

logger = logging.getLogger(__name__)

# Wait before the next attempt: 1, 5, 30 minutes, then 2 hours.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30),
                timedelta(hours=2))


def _message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(email.subject, email.body, settings.DEFAULT_FROM_EMAIL,
                                     email.to, reply_to=email.reply_to or None)
    if email.html:
        message.attach_alternative(email.html, "text/html")
    return message


@task()
def email_send(email_id: int) -> str:
    """Send the email once; on failure record why and, while attempts remain, try later."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status == OutgoingEmail.Status.SENT:
            return "nothing to do"
        email.attempts += 1
        email.last_attempt_at = timezone.now()
        email.save(update_fields=["attempts", "last_attempt_at"])
    try:
        _message(email).send()
    except Exception as error:  # any failure of the mail server or the connection
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        retry = email.attempts < OutgoingEmail.MAX_ATTEMPTS
        email.status = OutgoingEmail.Status.QUEUED if retry else OutgoingEmail.Status.FAILED
        email.save(update_fields=["last_error", "status"])
        logger.warning("Email %s not sent (attempt %s): %s", email.pk, email.attempts,
                       email.last_error)
        if retry and default_task_backend.supports_defer:
            delay = RETRY_DELAYS[min(email.attempts, len(RETRY_DELAYS)) - 1]
            email_schedule(email=email, run_after=timezone.now() + delay)
        return "failed"
    email.status = OutgoingEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.save(update_fields=["status", "sent_at", "last_error"])
    return "sent"


def email_schedule(*, email: OutgoingEmail, run_after=None) -> None:
    """Hand the email to the worker. A queue that cannot take it leaves it waiting
    (the administrator sees it queued and can send it again)."""
    task = email_send.using(run_after=run_after) if run_after else email_send
    try:
        task.enqueue(email.pk)
    except Exception:
        logger.exception("Email %s could not be queued for sending", email.pk)
