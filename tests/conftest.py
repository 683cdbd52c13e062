import pytest
from django.test import Client

from libraries.models import Role
from tests.factories import (
    LibraryFactory,
    RegionFactory,
    ReportingYearFactory,
    SubmissionFactory,
    UserFactory,
    librarian_of,
    regional_user,
)


@pytest.fixture(autouse=True)
def _nothing_kept_between_tests():
    """The autosave keeps the catalogue and the quality checks' inputs in the process
    (catalogue.selectors, submissions.selectors); a test's database is rolled back and its
    ids reused. Every test starts in the site's language (Latvian)."""
    from django.conf import settings
    from django.utils import translation

    from catalogue.selectors import forget_catalogue
    from submissions.selectors import forget_kept

    forget_catalogue()
    forget_kept()
    # a request or test that switched the language must not leave it to the next test
    translation.activate(settings.LANGUAGE_CODE)
    yield
    forget_catalogue()
    forget_kept()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def region(db):
    return RegionFactory(name="Rēzeknes novads", slug="rezeknes-novads")


@pytest.fixture
def library(region):
    return LibraryFactory(region=region, name="Audriņu pagasta bibliotēka", slug="audrinu")


@pytest.fixture
def other_library(region):
    return LibraryFactory(region=region, name="Maltas pagasta bibliotēka", slug="maltas")


@pytest.fixture
def open_year(region):
    return ReportingYearFactory(region=region, year=2022, is_open=True)


@pytest.fixture
def submission(library, open_year):
    return SubmissionFactory(library=library, year=open_year)


@pytest.fixture
def other_submission(other_library, open_year):
    return SubmissionFactory(library=other_library, year=open_year)


@pytest.fixture
def librarian(library):
    return librarian_of(library, "librarian")


@pytest.fixture
def other_librarian(other_library):
    return librarian_of(other_library, "other-librarian")


@pytest.fixture
def methodologist(region):
    return regional_user(region, Role.METHODOLOGIST, "methodologist")


@pytest.fixture
def municipality(region):
    return regional_user(region, Role.MUNICIPALITY, "municipality")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def _client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def client_for():
    """client_for(user) → a test client logged in as that user (None: anonymous)."""
    return _client_for
