"""Writes of the quality app: context events. (The methodologist's decisions on checks
are the review's writes: `review.services.check_ask` / `check_accept`.)"""

from django.db import transaction

from quality.models import ContextEvent


@transaction.atomic
def context_event_add(*, library, year: int, kind: str, date_from, date_to, reason: str,
                      user) -> ContextEvent:
    event = ContextEvent(library=library, year=year, kind=kind, date_from=date_from,
                         date_to=date_to, reason=reason.strip(), created_by=user)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def context_event_delete(*, event: ContextEvent) -> None:
    event.delete()
