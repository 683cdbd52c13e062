from datetime import date, timedelta

import pytest
from django.utils import timezone

from libraries.models import Role
from tests.factories import (
    LibraryFactory,
    RegionFactory,
    ReportingYearFactory,
    regional_user,
)


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def open_year(region):
    """2022, open, with its deadline a month ahead (nobody is late unless a test says so)."""
    return ReportingYearFactory(region=region, year=2022, is_open=True,
                                deadline=timezone.localdate() + timedelta(days=30))


@pytest.fixture
def last_year(region):
    return ReportingYearFactory(region=region, year=2021, is_open=False,
                                deadline=date(2022, 2, 9))


@pytest.fixture
def foreign_region(db):
    return RegionFactory(name="Ludzas novads", slug="ludzas-novads")


@pytest.fixture
def foreign_methodologist(foreign_region):
    LibraryFactory(region=foreign_region, name="Cirmas pagasta bibliotēka", slug="cirmas")
    ReportingYearFactory(region=foreign_region, year=2022, is_open=True,
                         deadline=timezone.localdate() + timedelta(days=30))
    return regional_user(foreign_region, Role.METHODOLOGIST, "foreign-methodologist")


@pytest.fixture
def submitted(submission, librarian, last_year):
    """The library's 2022 report, filled from a 2021 one and submitted."""
    from tests.review.helpers import make_last_year, submit_demo

    make_last_year(submission.library, last_year)
    return submit_demo(submission, librarian, with_warning=True)


@pytest.fixture
def other_draft(other_submission):
    return other_submission

