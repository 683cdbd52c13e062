"""Open data is public and the same for everyone; its query counts do not grow with the data."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from libraries.models import Role
from opendata.services import package_store
from reports.services import report_publish
from tests.factories import (
    LibraryFactory,
    ReportingYearFactory,
    SubmissionFactory,
    librarian_of,
    regional_user,
)
from tests.opendata.conftest import _figures

pytestmark = pytest.mark.django_db

URLS = ("/data/", "/api/v1/values", "/api/v1/libraries", "/api/v1/reports",
        "/api/v1/packages")


def _people(network):
    other = network.other_region
    return {
        "anonymous": None,
        "librarian": librarian_of(network.libraries["maltas"], "bibl-maltas"),
        "methodologist": network.methodologist,
        "other region's methodologist": regional_user(other, Role.METHODOLOGIST, "cits-met"),
        "other region's municipality": regional_user(other, Role.MUNICIPALITY, "cita-pasv"),
    }


def test_everyone_reads_the_same_published_figures(network, client_for):
    answers = {}
    for who, user in _people(network).items():
        client = client_for(user)
        for url in URLS:
            response = client.get(url)
            assert response.status_code == 200, (who, url)
        answers[who] = client.get("/api/v1/values", {"limit": 10000}).json()
    assert all(answer == answers["anonymous"] for answer in answers.values())
    # The other region's own staff get none of its unpublished 2021 figures either.
    assert "sintetiska" not in str(answers["other region's methodologist"])


def test_the_nav_links_the_data_page_for_signed_in_users(network, client_for):
    html = client_for(network.methodologist).get("/").content.decode()
    assert 'href="/data/"' in html


def _grow(network, count):
    """Publish 2021 for another region with `count` more libraries."""
    year = ReportingYearFactory(region=network.other_region, year=2021)
    for number in range(count):
        library = LibraryFactory(region=network.other_region, slug=f"extra-{number}")
        _figures(SubmissionFactory(library=library, year=year, status="accepted"),
                 100 + number, 1000, 50)
    report_publish(region=network.other_region, year=2021, user=network.methodologist)


@pytest.mark.parametrize("url", ["/api/v1/values?year_from=2019", "/api/v1/libraries",
                                 "/api/v1/regions", "/api/v1/packages/2021.zip", "/data/"])
def test_query_counts_do_not_grow_with_the_network(network, url, django_assert_num_queries):
    client = Client()
    if ".zip" in url:  # a package is built once (when published), then served: count that
        package_store(year=2021)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(network, 12)
    if ".zip" in url:
        package_store(year=2021)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_new_visitor_finds_the_data_page_from_the_login_page(network):
    client = Client()
    login = client.get("/", follow=True).content.decode()
    assert 'href="/data/"' in login
