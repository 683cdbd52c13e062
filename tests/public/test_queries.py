"""The public pages take a fixed number of queries, whatever the number of libraries: built
from the figures (the first request for a published state), and kept (every request after
it, or after the worker built it)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from libraries.models import Role
from public.models import StoredPage
from reports.services import report_publish
from tests.dashboards.conftest import build_network
from tests.factories import RegionFactory, regional_user

pytestmark = pytest.mark.django_db


def _published_region(size: int):
    region = RegionFactory(name=f"Novads {size}", slug=f"novads-{size}")
    build_network(region, libraries=size, years=(2020, 2021), prefix=f"n{size}")
    report_publish(region=region, year=2021,
                   user=regional_user(region, Role.METHODOLOGIST, f"metodikis-{size}"))
    return region


@pytest.mark.parametrize("page", ["region", "library", "embed"])
def test_pages_take_the_same_queries_for_5_and_40_libraries(page, django_assert_num_queries):
    counts = []
    for size in (5, 40):
        region = _published_region(size)
        url = {"region": f"/regions/{region.slug}/",
               "library": f"/libraries/n{size}-0001/",
               "embed": f"/libraries/n{size}-0001/embed/"}[page]
        client = Client()
        StoredPage.objects.all().delete()
        with CaptureQueriesContext(connection) as built:  # built from the figures
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as kept:  # the same published state again
            assert client.get(url).status_code == 200
        counts.append((len(built), len(kept)))
    assert counts[0] == counts[1]
    # built: the library or region, the page's state (its published versions, the
    # catalogue's version, the region's context events), the store, the figures (5), the
    # page kept (3 with its savepoint) and an older state's pages deleted; kept: the first 5
    assert counts[0][0] <= 14 and counts[0][1] <= 5
    with django_assert_num_queries(counts[0][1]):
        Client().get(url)
