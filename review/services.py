"""The methodologist's writes: comments on fields and reminders to libraries.

Transitions (return, accept, reopen) live in `submissions.workflow`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.models import Indicator, Section
from libraries.models import Library, Membership, Role
from quality.models import CheckDecision
from review.models import Reminder, ReviewComment, TextHintDismissal
from submissions import workflow
from submissions.models import AuditEntry, ReportingYear, Submission
from submissions.workflow import methodologist_emails, notify

DONE = (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED)


@transaction.atomic
def comment_add(*, submission: Submission, user, text: str,
                indicator: Indicator | None = None,
                section: Section | None = None) -> ReviewComment:
    """A comment on one field (an indicator or a text section), or on the whole report."""
    if indicator is not None and section is not None:
        raise ValidationError(_("A comment is about one field: a figure or a text."))
    comment = ReviewComment(submission=submission, indicator=indicator, section=section,
                            text=text.strip(), author=user)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def text_hint_dismiss(*, user, key: str, reason: str, submission: Submission | None = None,
                      region=None, year: int | None = None) -> TextHintDismissal:
    """A hint of a text against the figures is no error: kept with the reason (a library's
    report, or the region's text of a year). Dismissing it again changes the reason."""
    scope = ({"submission": submission} if submission is not None
             else {"region": region, "year": year})
    dismissal, _created = TextHintDismissal.objects.update_or_create(
        **scope, key=key, defaults={"reason": reason.strip(), "dismissed_by": user})
    dismissal.full_clean()
    return dismissal


@transaction.atomic
def comment_resolve(*, comment: ReviewComment, user) -> ReviewComment:
    if comment.resolved_at is None:
        comment.resolved_at = timezone.now()
        comment.save(update_fields=["resolved_at"])
    return comment


def _entry_link(submission: Submission | None) -> str:
    """The absolute link to the library's report (the portal's home without a report)."""
    site = settings.SITE_URL.rstrip("/")
    if submission is None:
        return site + "/"
    return site + reverse("entry:submission", args=[submission.pk])


def _send_reminder(recipients: list[str], context: dict, reply_to: list[str]) -> None:
    """The reminder in the portal's language (Latvian), whatever the sender's UI language;
    answers go to the methodologist who sent it."""
    with translation.override(settings.LANGUAGE_CODE):
        notify(recipients, "reminder", context, reply_to=reply_to)


@transaction.atomic
def reminders_send(*, region, year: ReportingYear, user,
                   library_ids: list[int] | None = None, stage: str = "") -> list[Reminder]:
    """Email the libraries of the region that have not submitted `year` yet.

    `library_ids` limits it to a selection (None: every library not yet submitted).
    Libraries that have submitted (or whose report is accepted) are never written to,
    even when selected. Each email goes to the library's librarians and its own address.
    `stage` names a scheduled reminder (sent by the worker, `user` None): a library that
    already had that stage for the year is skipped. Returns one Reminder per library
    written to.
    """
    libraries = Library.objects.reporting_in(year.year).filter(region=region).in_latvian_order()
    if library_ids is not None:
        libraries = libraries.filter(pk__in=library_ids)
    if stage:
        libraries = libraries.exclude(reminders__year=year, reminders__stage=stage)
    reply_to = ([getattr(user, "email", "")] if user is not None
                else methodologist_emails(region))
    submissions = {s.library_id: s for s in Submission.objects.filter(
        library__region=region, year=year).select_related("library", "year")}
    librarians: dict[int, list[str]] = {}
    for library_id, email in Membership.objects.filter(
            role=Role.LIBRARIAN, library__region=region).values_list(
            "library_id", "user__email"):
        librarians.setdefault(library_id, []).append(email)
    late = timezone.localdate() > year.deadline
    reminders = []
    for library in libraries:
        submission = submissions.get(library.pk)
        if submission is not None and submission.status in DONE:
            continue
        recipients = sorted({address for address in
                             [*librarians.get(library.pk, []), library.email] if address})
        if not recipients:
            continue
        context = {"library": library, "year": year, "submission": submission, "late": late,
                   "link": _entry_link(submission), "site_url": settings.SITE_URL}
        transaction.on_commit(lambda r=recipients, c=context: _send_reminder(r, c, reply_to))
        reminders.append(Reminder(library=library, year=year, sent_by=user,
                                  recipients=", ".join(recipients), stage=stage))
    return Reminder.objects.bulk_create(reminders)


# Days before the deadline (negative: after it) of the scheduled reminders, in order.
REMINDER_STAGES = (("before-14", 14), ("before-7", 7), ("before-1", 1), ("after-1", -1),
                   ("after-7", -7))


def reminder_stage_due(deadline, today) -> str:
    """The latest scheduled stage reached by `today` ("" before the first): a day the job
    did not run is caught up by the next stage, never by a burst of old ones."""
    due = ""
    for stage, days_before in REMINDER_STAGES:
        if (deadline - today).days <= days_before:
            due = stage
    return due


def reminders_send_due(*, today=None) -> list[Reminder]:
    """Every open year of every region: the libraries not yet submitted get the stage due
    today, each stage once per library and year (run it as often as you like)."""
    today = today or timezone.localdate()
    sent = []
    for year in ReportingYear.objects.open().select_related("region").order_by("pk"):
        stage = reminder_stage_due(year.deadline, today)
        if not stage:
            continue
        with transaction.atomic():
            year = ReportingYear.objects.select_for_update().select_related("region").get(
                pk=year.pk)  # one run at a time per year: each stage once per library
            sent += reminders_send(region=year.region, year=year, user=None, stage=stage)
    return sent


# The triage queue's decisions -------------------------------------------------------------

CHECK_REASON_REQUIRED = gettext_lazy(
    "Say why the figure is right, so next year's limits can learn from it.")


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
    text = _("Please check %(field)s and explain it: %(cause)s") % {
        "field": indicator.label, "cause": cause}
    comment_add(submission=submission, user=user, text=text, indicator=indicator)
    decisions = _decide(submission=submission, code=indicator.code, checks=checks, user=user,
                        status=CheckDecision.Status.ASKED, follow_up=True)
    link = settings.SITE_URL.rstrip("/") + reverse("entry:submission",
                                                   args=[submission.pk])
    context = {"submission": submission, "indicator": indicator, "label": indicator.label,
               "cause": cause, "link": link, "site_url": settings.SITE_URL}
    recipients = workflow.librarian_emails(submission.library)
    transaction.on_commit(lambda: workflow.notify(recipients, "triage_ask", context,
                                         reply_to=[getattr(user, "email", "")]))
    return decisions


@transaction.atomic
def check_accept(*, submission: Submission, indicator: Indicator, checks, reason: str, user
                 ) -> list[CheckDecision]:
    """Accept the figure with a reason; next year's limits learn from the measures."""
    if not reason.strip():
        raise ValidationError(CHECK_REASON_REQUIRED, code="reason")
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
