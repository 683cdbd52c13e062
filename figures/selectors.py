"""Reads of region-level figures from submissions: a fixed number of queries whatever the
network's size. Reports, dashboards and the national level all read through here."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from submissions.models import Submission, Value

ACCEPTED_ONLY = (Submission.Status.ACCEPTED,)
ALL_STATUSES = tuple(Submission.Status.values)


@dataclass
class YearTotals:
    """One year's region sums: entered totals, how many libraries reported each, and who."""

    year: int
    library_count: int = 0  # libraries whose submission is counted (status in `statuses`)
    expected_count: int = 0  # libraries with a submission for the year, whatever its status
    sums: dict[str, Decimal] = field(default_factory=dict)
    reported: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def region_year_totals(region, years, statuses=ACCEPTED_ONLY) -> dict[int, YearTotals]:
    """Region sums per year of every entered indicator, over submissions in `statuses`.

    Yes/no indicators are stored as 1/0, so their sum counts the yeses.
    Two queries in all.
    """
    totals = {year: YearTotals(year) for year in years}
    submissions = (Submission.objects.filter(library__region=region, year__year__in=years)
                   .values("year__year")
                   .annotate(n=Count("pk", filter=Q(status__in=statuses)), expected=Count("pk")))
    for row in submissions:
        totals[row["year__year"]].library_count = row["n"]
        totals[row["year__year"]].expected_count = row["expected"]
    values = (Value.objects.filter(submission__library__region=region,
                                   submission__year__year__in=years,
                                   submission__status__in=statuses)
              .values("submission__year__year", "indicator__code")
              .annotate(total=Sum("value"),
                        reported=Count("pk", filter=Q(value__isnull=False)
                                       | Q(not_applicable=True))))
    for row in values:
        year_totals = totals[row["submission__year__year"]]
        if row["total"] is not None:
            year_totals.sums[row["indicator__code"]] = row["total"]
        year_totals.reported[row["indicator__code"]] = row["reported"]
    return totals


def library_figures(region, years, statuses=ACCEPTED_ONLY,
                    codes=None) -> dict[int, dict[str, dict]]:
    """{year: {library slug: {code: Decimal | None}}} of the entered figures, one query.

    `codes` limits the indicators read.
    """
    figures: dict[int, dict[str, dict]] = {year: {} for year in years}
    rows = Value.objects.filter(submission__library__region=region,
                                submission__year__year__in=years,
                                submission__status__in=statuses)
    if codes is not None:
        rows = rows.filter(indicator__code__in=sorted(codes))
    rows = (rows
            .values_list("submission__year__year", "submission__library__slug",
                         "indicator__code", "value"))
    for year, slug, code, value in rows.iterator(chunk_size=5000):
        figures[year].setdefault(slug, {})[code] = value
    return figures


def indicator_by_library(region, year: int, codes, statuses=ACCEPTED_ONLY) -> dict[int, dict]:
    """{library id: {code: Decimal | None}} for some indicators in one year, one query."""
    result: dict[int, dict] = {}
    rows = (Value.objects.filter(submission__library__region=region,
                                 submission__year__year=year, submission__status__in=statuses,
                                 indicator__code__in=list(codes))
            .values_list("submission__library_id", "indicator__code", "value"))
    for library_id, code, value in rows:
        result.setdefault(library_id, {})[code] = value
    return result


def statuses_for(scope: str) -> tuple[str, ...]:
    """The submission statuses a scope (\"accepted\" or \"all\") counts."""
    return ALL_STATUSES if scope == "all" else ACCEPTED_ONLY
