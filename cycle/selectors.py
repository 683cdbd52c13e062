"""Reads for the methodologist's cycle pages."""

from dataclasses import dataclass

from django.db.models import Count, Q

from libraries.models import Library
from submissions.models import ReportingYear, Submission

Status = Submission.Status


def libraries_reporting(region, year: int):
    """The libraries of the region that report for `year`: active, not closed by then."""
    return Library.objects.reporting_in(year).filter(region=region)


def libraries_to_assign(region, today):
    """The libraries a librarian can be invited or assigned to: those reporting in the
    region's open years (in the first of them, so in every one: a library closed or merged
    from a later open year still has its draft for the earlier one), or, with no year
    open, in the next year to open. A closed or merged library is not offered."""
    first_open = (ReportingYear.objects.for_region(region).open().order_by("year")
                  .values_list("year", flat=True).first())
    year = first_open if first_open is not None else next_year_number(region, today)
    return libraries_reporting(region, year)


@dataclass(frozen=True)
class YearRow:
    year: ReportingYear
    drafts: int
    submitted: int
    accepted: int

    @property
    def not_submitted(self) -> int:
        return self.drafts

    @property
    def total(self) -> int:
        return self.drafts + self.submitted + self.accepted


def year_rows(region) -> list[YearRow]:
    """The region's years, newest first, with how many reports are where (one query)."""
    years = (ReportingYear.objects.for_region(region).order_by("-year").annotate(
        drafts=Count("submissions", filter=Q(submissions__status__in=(
            Status.DRAFT, Status.RETURNED, Status.LAPSED))),
        submitted=Count("submissions", filter=Q(submissions__status=Status.SUBMITTED)),
        accepted=Count("submissions", filter=Q(submissions__status=Status.ACCEPTED))))
    return [YearRow(year, year.drafts, year.submitted, year.accepted) for year in years]


def next_year_number(region, today) -> int:
    """The year to open next: after the region's newest, else the last calendar year."""
    newest = ReportingYear.objects.for_region(region).order_by("-year").first()
    return newest.year + 1 if newest else today.year - 1
