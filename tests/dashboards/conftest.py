"""A synthetic network of any size, written in bulk, for the dashboard tests."""

from decimal import Decimal

import pytest

from catalogue.models import Indicator
from libraries.models import Library
from submissions.models import Submission, Value
from tests.factories import ReportingYearFactory

# visits per inhabitant = visits / population
FIGURES = {
    "population.total": 1000, "users.active": 200, "users.active.children": 60,
    "visits.total": 2500, "visits.virtual": 300, "loans.total": 4000,
    "finance.expenses_total": 18000, "acquisition_funding.municipal": 2000,
    "acquisition_funding.other": 200,
}


def build_network(region, *, libraries: int, years, status=Submission.Status.ACCEPTED,
                  scale: float = 1.0, prefix: str = "lib"):
    """`libraries` libraries with figures for every year in `years` (bulk inserts)."""
    created = Library.objects.bulk_create(
        Library(region=region, name=f"Bibliotēka {prefix} {index:04d}",
                slug=f"{prefix}-{index:04d}", parish=f"Pagasts {index}")
        for index in range(libraries))
    created = list(Library.objects.filter(slug__in=[lib.slug for lib in created]))
    indicators = Indicator.objects.in_bulk(list(FIGURES), field_name="code")
    values = []
    for year in years:
        reporting_year = ReportingYearFactory(region=region, year=year, is_open=False)
        submissions = Submission.objects.bulk_create(
            Submission(library=library, year=reporting_year, status=status)
            for library in created)
        submissions = Submission.objects.filter(year=reporting_year,
                                                library__in=created).select_related("library")
        for submission in submissions:
            size = 1 + int(submission.library.slug.rsplit("-", 1)[1]) % 7
            for code, base in FIGURES.items():
                values.append(Value(submission=submission, indicator=indicators[code],
                                    value=Decimal(round(base * size * scale))))
    Value.objects.bulk_create(values, batch_size=2000)
    return created


@pytest.fixture
def network():
    return build_network
