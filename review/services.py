"""The methodologist's writes: comments on fields and reminders to libraries.

Transitions (return, accept, reopen) live in `indicators.workflow`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from indicators.models import Indicator, ReportingYear, ReviewComment, Section, Submission
from indicators.workflow import methodologist_emails, notify
from libraries.models import Library, Membership, Role
from review.models import Reminder

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
    return site + reverse("indicators:submission", args=[submission.pk])


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

