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


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Slow tests (`@pytest.mark.slow`) start first. pytest-django's own hook runs after
    this one and sorts the tests by what they do with the database (those using it, then
    those emptying it, then those without one); its sort keeps this order within each
    group, and pytest-xdist hands the tests out in that order. A slow test handed out
    near the end keeps one worker busy after the other has run out of tests (issue 18).

    Tests in a class stay where they are, so a class still sets up its data once. So do
    the slow tests that empty the database: the one migrating the test database back and
    forth (tests/submissions/test_reporting_year_region.py) fails on PostgreSQL ("pending
    trigger events") when it is the first of them in a process, with the catalogue the
    migrations loaded still there; after the browser tests it finds an emptied database."""
    def starts_early(item):
        marker = item.get_closest_marker("django_db")
        empties = (marker is not None and marker.kwargs.get("transaction")) or bool(
            {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))
        return (item.get_closest_marker("slow") is not None
                and getattr(item, "cls", None) is None and not empties)

    items[:] = sorted(items, key=lambda item: not starts_early(item))


@pytest.fixture(autouse=True)
def _nothing_kept_between_tests():
    """The autosave keeps the catalogue and the quality checks' inputs in the process
    (catalogue.selectors, submissions.selectors), the public pages a region's published
    figures (public.selectors); a test's database is rolled back and its
    ids reused. Every test starts in the site's language (Latvian)."""
    from django.conf import settings
    from django.utils import translation

    from catalogue.selectors import forget_catalogue
    from public.selectors import forget_kept_sources
    from submissions.selectors import forget_kept

    forget_catalogue()
    forget_kept()
    forget_kept_sources()
    # a request or test that switched the language must not leave it to the next test
    translation.activate(settings.LANGUAGE_CODE)
    yield
    forget_catalogue()
    forget_kept()
    forget_kept_sources()
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
