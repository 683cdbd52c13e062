"""Writes of the quality checks: the methodologist's decisions and context events.

Asking a library to explain writes a review comment on the figure
(`review.services.comment_add`) and emails the library (`indicators.workflow.notify`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from indicators.models import AuditEntry, Indicator, Submission
from indicators.workflow import librarian_emails, notify
from quality.models import CheckDecision, ContextEvent

REASON_REQUIRED = _("Say why the figure is right, so next year's limits can learn from it.")


def _decide(*, submission, code, checks, user, status, reason="", follow_up=None):
    decisions = []
    for kind, measure in checks:
        decision, _created = CheckDecision.objects.get_or_create(
            library=submission.library, year=submission.year.year, code=code, kind=kind,
            defaults={"status": status, "decided_by": user})
        decision.status = status
        decision.decided_by = user
        if reason:
            decision.reason = reason
        if measure is not None:
            decision.measure = measure
        if follow_up is not None:
            decision.follow_up = follow_up
        decision.full_clean()
        decision.save()
        decisions.append(decision)
    return decisions


@transaction.atomic
def check_ask(*, submission: Submission, indicator: Indicator, checks, cause: str, user
              ) -> list[CheckDecision]:
    """Ask the library to explain a figure: a review comment, an email, a follow-up flag.

    `checks`: (kind, measure) pairs of the checks on the figure; `cause`: the likely
    cause in words, quoted in the comment and the email.
    """
    from review.services import comment_add

    text = _("Please check %(field)s and explain it: %(cause)s") % {
        "field": indicator.label, "cause": cause}
    comment_add(submission=submission, user=user, text=text, indicator=indicator)
    decisions = _decide(submission=submission, code=indicator.code, checks=checks, user=user,
                        status=CheckDecision.Status.ASKED, follow_up=True)
    link = settings.SITE_URL.rstrip("/") + reverse("indicators:submission",
                                                   args=[submission.pk])
    context = {"submission": submission, "indicator": indicator, "label": indicator.label,
               "cause": cause, "link": link, "site_url": settings.SITE_URL}
    recipients = librarian_emails(submission.library)
    transaction.on_commit(lambda: notify(recipients, "triage_ask", context,
                                         reply_to=[getattr(user, "email", "")]))
    return decisions


@transaction.atomic
def check_accept(*, submission: Submission, indicator: Indicator, checks, reason: str, user
                 ) -> list[CheckDecision]:
    """Accept the figure with a reason; next year's limits learn from the measures."""
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason")
    decisions = _decide(submission=submission, code=indicator.code, checks=checks, user=user,
                        status=CheckDecision.Status.ACCEPTED, reason=reason.strip(),
                        follow_up=False)
    AuditEntry.objects.create(
        submission=submission, user=user, action=AuditEntry.Action.CHANGED,
        target=f"check:{indicator.code}", label=indicator.label, old="",
        new=_("Accepted: %(reason)s") % {"reason": reason.strip()})
    return decisions


@transaction.atomic
def check_follow_up(*, submission: Submission, code: str, checks, follow_up: bool, user
                    ) -> None:
    """Flag (or unflag) a figure's checks for follow-up, keeping any decision taken."""
    decided = set(CheckDecision.objects.filter(
        library=submission.library, year=submission.year.year, code=code).values_list(
        "kind", flat=True))
    CheckDecision.objects.filter(library=submission.library, year=submission.year.year,
                                 code=code).update(follow_up=follow_up)
    if follow_up:
        _decide(submission=submission, code=code, user=user,
                checks=[(kind, measure) for kind, measure in checks if kind not in decided],
                status=CheckDecision.Status.FLAGGED, follow_up=True)


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
