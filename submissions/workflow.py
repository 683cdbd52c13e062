"""A submission's life: draft → submitted → accepted, or returned and submitted again.

Every transition is recorded (StatusChange and AuditEntry: who, when, why) and the
people concerned are told by email.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from libraries.models import Membership, Role
from notifications.services import email_queue
from submissions.models import AuditEntry, StatusChange, Submission
from submissions.selectors import catalogue_record
from submissions.validation import check_submission

Status = Submission.Status

SUBMIT_FROM = (Status.DRAFT, Status.RETURNED)
REVIEW_FROM = (Status.SUBMITTED,)
REOPEN_FROM = (Status.ACCEPTED, Status.SUBMITTED)


class TransitionError(ValidationError):
    pass


def _record(submission, from_status, to_status, user, reason=""):
    StatusChange.objects.create(submission=submission, from_status=from_status,
                                to_status=to_status, user=user, reason=reason)
    AuditEntry.objects.create(
        submission=submission, user=user, action=AuditEntry.Action.STATUS, target="status",
        label=_("Status"), old=Submission.Status(from_status).label,
        new=Submission.Status(to_status).label)


def can_send_back(submission) -> bool:
    """A report goes back to its library only while the library can still correct it."""
    return submission.year.is_open


def _ensure_library_can_correct(submission):
    if not can_send_back(submission):
        raise TransitionError(
            _("The year %(year)s is closed, so the library could not correct its report. "
              "Open the year for entry first (Catalogue and network → Reporting years).")
            % {"year": submission.year.year}, code="closed")


def _locked(submission) -> Submission:
    return Submission.objects.select_for_update().select_related("library__region", "year").get(
        pk=submission.pk)


def notify(recipients, template, context, reply_to=()) -> list[str]:
    """Email the template triplet (subject, text, optional HTML) to the addresses given.

    The message is rendered now (in Latvian) and sent by the background worker, so a mail
    server that is down never undoes or fails the step that asked for it.
    `reply_to`: who answers reach (the person behind the email), so "reply to this
    email" in the text works. Returns the addresses written to (empty: nobody to tell).
    """
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return []
    with override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        body = render_to_string(f"emails/{template}_body.txt", context)
        try:
            html = render_to_string(f"emails/{template}_body.html", context)
        except TemplateDoesNotExist:
            html = ""
    email_queue(to=recipients, subject=subject, body=body, html=html, reply_to=reply_to,
                kind=template)
    return recipients


def methodologist_emails(region) -> list[str]:
    return list(Membership.objects.filter(role=Role.METHODOLOGIST, region=region)
                .values_list("user__email", flat=True))


def librarian_emails(library) -> list[str]:
    emails = list(Membership.objects.filter(role=Role.LIBRARIAN, library=library)
                  .values_list("user__email", flat=True))
    return [*emails, library.email]


@transaction.atomic
def submission_submit(*, submission: Submission, user) -> Submission:
    """Hand the year in: only with no errors, nothing required empty, every warning explained."""
    submission = _locked(submission)
    if submission.status not in SUBMIT_FROM or not submission.year.is_open:
        raise TransitionError(_("This report cannot be submitted now (status: %(status)s).")
                              % {"status": submission.get_status_display()})
    blocking = [problem for problem in check_submission(submission)
                if problem.blocks_submission]
    if blocking:
        raise TransitionError([problem.message for problem in blocking], code="blocking")
    from_status = submission.status
    submission.status = Status.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.catalogue_seen = catalogue_record(submission)
    submission.save(update_fields=["status", "submitted_at", "catalogue_seen", "updated_at"])
    _record(submission, from_status, Status.SUBMITTED, user)
    transaction.on_commit(lambda: notify(
        methodologist_emails(submission.library.region), "submitted",
        {"submission": submission, "user": user, "site_url": settings.SITE_URL},
        reply_to=[getattr(user, "email", "")]))
    return submission


@transaction.atomic
def submission_return(*, submission: Submission, user, reason: str) -> Submission:
    """Send a submitted report back to the library with the reasons."""
    if not reason.strip():
        raise TransitionError(_("Say why the report is returned, so the library knows what "
                                "to fix."), code="reason")
    submission = _locked(submission)
    if submission.status not in REVIEW_FROM:
        raise TransitionError(_("Only a submitted report can be returned."))
    _ensure_library_can_correct(submission)
    submission.status = Status.RETURNED
    submission.version += 1
    submission.save(update_fields=["status", "version", "updated_at"])
    _record(submission, Status.SUBMITTED, Status.RETURNED, user, reason.strip())
    transaction.on_commit(lambda: notify(
        librarian_emails(submission.library), "returned",
        {"submission": submission, "reason": reason.strip(), "site_url": settings.SITE_URL},
        reply_to=[getattr(user, "email", "")]))
    return submission


@transaction.atomic
def submission_accept(*, submission: Submission, user, reason: str = "") -> Submission:
    submission = _locked(submission)
    if submission.status not in REVIEW_FROM:
        raise TransitionError(_("Only a submitted report can be accepted."))
    submission.status = Status.ACCEPTED
    submission.accepted_at = timezone.now()
    submission.save(update_fields=["status", "accepted_at", "updated_at"])
    _record(submission, Status.SUBMITTED, Status.ACCEPTED, user, reason.strip())
    transaction.on_commit(lambda: notify(
        librarian_emails(submission.library), "accepted",
        {"submission": submission, "site_url": settings.SITE_URL},
        reply_to=[getattr(user, "email", "")]))
    return submission


@transaction.atomic
def submission_reopen(*, submission: Submission, user, reason: str) -> Submission:
    """Open an accepted (or submitted) report again for the library to correct."""
    if not reason.strip():
        raise TransitionError(_("Say why the report is reopened."), code="reason")
    submission = _locked(submission)
    if submission.status not in REOPEN_FROM:
        raise TransitionError(_("Only an accepted or submitted report can be reopened."))
    _ensure_library_can_correct(submission)
    from_status = submission.status
    submission.status = Status.RETURNED
    submission.version += 1
    submission.accepted_at = None
    submission.save(update_fields=["status", "version", "accepted_at", "updated_at"])
    _record(submission, from_status, Status.RETURNED, user, reason.strip())
    transaction.on_commit(lambda: notify(
        librarian_emails(submission.library), "returned",
        {"submission": submission, "reason": reason.strip(), "site_url": settings.SITE_URL},
        reply_to=[getattr(user, "email", "")]))
    return submission


def year_close_counts(reporting_year) -> dict[str, int]:
    """How many of the year's reports are where, for the closing's confirmation: submitted
    (waiting for review), accepted, returned and drafts (these two lapse)."""
    counts = dict.fromkeys(Status.values, 0)
    for status in Submission.objects.filter(year=reporting_year).values_list("status",
                                                                           flat=True):
        counts[status] += 1
    return counts


def submissions_lapse(*, reporting_year, user) -> list[Submission]:
    """The year is closing: every draft or returned report becomes “not submitted by the
    deadline”, its earlier status kept in the StatusChange written, and its librarians are
    told (after commit). Call inside the closing's transaction."""
    lapsed = list(Submission.objects.select_for_update().filter(
        year=reporting_year, status__in=SUBMIT_FROM).select_related("library", "year"))
    reason = _("The year %(year)s was closed.") % {"year": reporting_year.year}
    for submission in lapsed:
        from_status = submission.status
        submission.status = Status.LAPSED
        submission.save(update_fields=["status", "updated_at"])
        _record(submission, from_status, Status.LAPSED, user, reason)
        transaction.on_commit(lambda s=submission: notify(
            librarian_emails(s.library), "year_closed",
            {"submission": s, "site_url": settings.SITE_URL},
            reply_to=[getattr(user, "email", "")] if user else methodologist_emails(
                s.library.region_id)))
    return lapsed


def submissions_restore(*, reporting_year, user) -> list[Submission]:
    """The year is reopened: each report “not submitted by the deadline” gets back the
    status it had when the year was closed (its last StatusChange into the lapse)."""
    restored = []
    for submission in Submission.objects.select_for_update().filter(
            year=reporting_year, status=Status.LAPSED):
        change = (StatusChange.objects.filter(submission=submission, to_status=Status.LAPSED)
                  .order_by("-at", "-pk").first())
        before = change.from_status if change else Status.DRAFT
        submission.status = before
        submission.save(update_fields=["status", "updated_at"])
        _record(submission, Status.LAPSED, before, user,
                _("The year %(year)s was reopened.") % {"year": reporting_year.year})
        restored.append(submission)
    return restored
