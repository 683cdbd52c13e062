"""Reads of the outgoing email: what the administrator should know about."""

from django.db.models import Count, Q

from notifications.models import OutgoingEmail


def emails_not_sent() -> dict[str, int]:
    """How many emails gave up after their last attempt (`failed`) and how many wait for
    another attempt after an error (`retrying`). One query."""
    return OutgoingEmail.objects.aggregate(
        failed=Count("pk", filter=Q(status=OutgoingEmail.Status.FAILED)),
        retrying=Count("pk", filter=Q(status=OutgoingEmail.Status.QUEUED, attempts__gt=0)),
    )
