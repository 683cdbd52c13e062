import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.factories import ReportingYearFactory, SubmissionFactory, set_values
from tests.workbooks.helpers import FIGURES_2021


@pytest.fixture
def closed_year(region):
    return ReportingYearFactory(region=region, year=2021, is_open=False)


@pytest.fixture
def last_year(library, closed_year):
    """The library's accepted 2021 figures (last year for the open 2022 submission)."""
    submission = SubmissionFactory(library=library, year=closed_year, status="accepted")
    set_values(submission, **FIGURES_2021)
    return submission


@pytest.fixture(autouse=True)
def english():
    """The assertions read English messages, whatever translations are compiled."""
    with translation.override("en"):
        yield


@pytest.fixture
def client_for():
    """A logged-in test client whose requests ask for English (LocaleMiddleware)."""
    def make(user):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if user is not None:
            client.force_login(user)
        return client
    return make
