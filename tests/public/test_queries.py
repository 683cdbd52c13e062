"""The public pages take a fixed number of queries, whatever the number of libraries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from libraries.models import Role
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
        cache.clear()
        with CaptureQueriesContext(connection) as built:  # built from the figures
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as kept:  # the same published state again
            assert client.get(url).status_code == 200
        counts.append((len(built), len(kept)))
    assert counts[0] == counts[1]
    assert counts[0][0] <= 9 and counts[0][1] <= 3
    with django_assert_num_queries(counts[0][1]):
        Client().get(url)
