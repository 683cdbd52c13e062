from decimal import Decimal

import pytest

from catalogue.models import Indicator
from submissions.models import Value
from tests.factories import ReportingYearFactory, SubmissionFactory, set_values


@pytest.fixture(autouse=True)
def _fresh_catalogue():
    """The autosave keeps the catalogue in the process; a test may change an indicator."""
    from catalogue.selectors import forget_catalogue
    from submissions.selectors import forget_kept

    forget_catalogue()
    forget_kept()
    yield
    forget_catalogue()
    forget_kept()


@pytest.fixture
def last_year(region):
    return ReportingYearFactory(region=region, year=2021, is_open=False)


@pytest.fixture
def last_submission(library, last_year):
    submission = SubmissionFactory(library=library, year=last_year, status="accepted")
    set_values(submission, **{
        "visits.total": 6044, "visits.children": 1478, "users.active": 482,
        "collection.stock": 10000, "collection.acquired": 500, "collection.withdrawn": 300,
    })
    return submission


def fill_required(submission, **overrides):
    """Every required figure in force filled with a plausible value (no warnings unless
    last year's figures say otherwise); overrides by code. The ratios with limits in the
    catalogue (visits per active user, loans per visit, acquisitions per euro) follow
    the overrides, so they stay plausible."""
    year = submission.year.year
    users = Decimal(overrides.get("users.active", 10))
    visits = Decimal(overrides.get("visits.total", users * 10))
    plausible = {"visits.total": visits, "loans.total": visits * 2,
                 "acquisition_funding.municipal": max(Decimal(10), Decimal(
                     overrides.get("collection.acquired", 10)))}
    for indicator in (Indicator.objects.for_region(submission.library.region_id).entered()
                      .in_force(year).filter(required=True)):
        value = Decimal(1) if indicator.is_bool else plausible.get(indicator.code, Decimal(10))
        Value.objects.update_or_create(submission=submission, indicator=indicator,
                                       defaults={"value": value})
    if overrides:
        set_values(submission, **overrides)


@pytest.fixture
def filled():
    return fill_required
