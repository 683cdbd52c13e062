"""The methodologist's writes for the yearly cycle: opening, closing and reopening a
region's reporting year, its deadline, and the drafts every reporting library gets.

Every change is recorded as a RegionChange; emails go through
`submissions.workflow.notify` after the transaction commits.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from cycle.models import RegionChange
from cycle.selectors import libraries_reporting
from libraries.models import Membership, Role
from submissions.models import ReportingYear, Submission
from submissions.workflow import (
    methodologist_emails,
    notify,
    submissions_lapse,
    submissions_restore,
)

YEAR_EXISTS = gettext_lazy("The year %(year)s already exists in this region.")
DEADLINE_TOO_EARLY = gettext_lazy("The deadline cannot be before the year %(year)s begins.")
CLOSE_BEFORE_DEADLINE = gettext_lazy(
    "The deadline (%(deadline)s) has not passed yet. Tick “Close before the deadline” to "
    "close the year now.")


def _record(*, region, user, subject: str, text: str,
            kind: str = RegionChange.Kind.YEAR) -> RegionChange:
    return RegionChange.objects.create(region=region, user=user, kind=kind, subject=subject,
                                       text=text)


def _short(day: date) -> str:
    with override(settings.LANGUAGE_CODE):
        return date_format(day, "SHORT_DATE_FORMAT")


def _report_link(submission: Submission) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("entry:submission",
                                                   args=[submission.pk])


def drafts_create(*, reporting_year: ReportingYear, user=None,
                  invite: bool = True) -> list[Submission]:
    """A draft for every library of the region that reports this year and has none yet;
    their librarians are invited by email with a link to the report (after commit)."""
    region = reporting_year.region
    have = set(Submission.objects.filter(year=reporting_year)
               .values_list("library_id", flat=True))
    missing = [library for library in libraries_reporting(region, reporting_year.year)
               if library.pk not in have]
    Submission.objects.bulk_create(Submission(library=library, year=reporting_year)
                                   for library in missing)
    created = list(Submission.objects.filter(year=reporting_year, library__in=missing)
                   .select_related("library", "year"))
    if invite and created:
        _invite(created, reporting_year, user)
    return created


def _invite(submissions: list[Submission], reporting_year: ReportingYear, user) -> None:
    emails: dict[int, list[str]] = {}
    for library_id, email in Membership.objects.filter(
            role=Role.LIBRARIAN, library__in=[s.library_id for s in submissions]
    ).values_list("library_id", "user__email"):
        emails.setdefault(library_id, []).append(email)
    reply_to = [getattr(user, "email", "")] if user else methodologist_emails(
        reporting_year.region)
    for submission in submissions:
        recipients = [*emails.get(submission.library_id, []), submission.library.email]
        context = {"library": submission.library, "year": reporting_year,
                   "deadline": _short(reporting_year.deadline),
                   "link": _report_link(submission), "site_url": settings.SITE_URL}
        transaction.on_commit(lambda r=recipients, c=context: notify(
            r, "year_opened", c, reply_to=reply_to))


@transaction.atomic
def reporting_year_open(*, region, year: int, deadline: date, user=None,
                        invite: bool = True) -> ReportingYear:
    """Open a new year for the region: the year, a draft for every reporting library,
    an invitation to each library's librarians."""
    if ReportingYear.objects.filter(region=region, year=year).exists():
        raise ValidationError(YEAR_EXISTS % {"year": year}, code="exists")
    if deadline < date(year, 1, 1):
        raise ValidationError(DEADLINE_TOO_EARLY % {"year": year}, code="deadline")
    reporting_year = ReportingYear(region=region, year=year, deadline=deadline, is_open=True)
    reporting_year.full_clean()
    reporting_year.save()
    created = drafts_create(reporting_year=reporting_year, user=user, invite=invite)
    _record(region=region, user=user, subject=str(year),
            text=_("opened, deadline %(deadline)s, %(count)s drafts") % {
                "deadline": _short(deadline), "count": len(created)})
    return reporting_year


@transaction.atomic
def reporting_year_close(*, reporting_year: ReportingYear, user=None,
                         before_deadline: bool = False,
                         today: date | None = None) -> ReportingYear:
    """Close the year: no more entry. Every report not submitted (draft or returned)
    becomes “not submitted by the deadline” and its librarians are emailed; a closed year
    refuses edits. Reopening restores each report's earlier status."""
    reporting_year = ReportingYear.objects.select_for_update().get(pk=reporting_year.pk)
    today = today or timezone.localdate()
    if not reporting_year.is_open:
        return reporting_year
    if today <= reporting_year.deadline and not before_deadline:
        raise ValidationError(CLOSE_BEFORE_DEADLINE % {
            "deadline": _short(reporting_year.deadline)}, code="deadline")
    reporting_year.is_open = False
    reporting_year.save(update_fields=["is_open"])
    not_submitted = len(submissions_lapse(reporting_year=reporting_year, user=user))
    _record(region=reporting_year.region, user=user, subject=str(reporting_year.year),
            text=_("closed, %(count)s not submitted") % {"count": not_submitted})
    return reporting_year


@transaction.atomic
def reporting_year_reopen(*, reporting_year: ReportingYear, user=None) -> ReportingYear:
    """Open a closed year for entry again: each report not submitted by the deadline gets
    back its earlier status (draft or returned); drafts for libraries added meanwhile."""
    reporting_year = ReportingYear.objects.select_for_update().get(pk=reporting_year.pk)
    if reporting_year.is_open:
        return reporting_year
    reporting_year.is_open = True
    reporting_year.save(update_fields=["is_open"])
    submissions_restore(reporting_year=reporting_year, user=user)
    drafts_create(reporting_year=reporting_year, user=user)
    _record(region=reporting_year.region, user=user, subject=str(reporting_year.year),
            text=_("reopened"))
    return reporting_year


@transaction.atomic
def reporting_year_set_deadline(*, reporting_year: ReportingYear, deadline: date,
                                user=None) -> ReportingYear:
    if deadline < date(reporting_year.year, 1, 1):
        raise ValidationError(DEADLINE_TOO_EARLY % {"year": reporting_year.year},
                              code="deadline")
    old = reporting_year.deadline
    if old == deadline:
        return reporting_year
    reporting_year.deadline = deadline
    reporting_year.save(update_fields=["deadline"])
    _record(region=reporting_year.region, user=user, subject=str(reporting_year.year),
            text=_("deadline %(old)s → %(new)s") % {"old": _short(old),
                                                    "new": _short(deadline)})
    return reporting_year


def drafts_for_new_library(*, library, user=None) -> list[Submission]:
    """A library added while a year is open gets its draft for every open year."""
    created = []
    for reporting_year in ReportingYear.objects.for_region(library.region_id).open():
        created += drafts_create(reporting_year=reporting_year, user=user)
    return created
