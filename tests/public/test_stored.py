"""Issue 20: after a publishing the worker builds every public page of the region and
keeps it in the database (`public.StoredPage`) until the published state changes; what
changes without a publication (a context event, a library's address details) still shows
at once, and a switched-off region serves nothing it kept."""

import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from public.models import StoredPage
from public.services import pages_refresh
from quality.models import ContextEvent
from reports.services import report_publish

pytestmark = pytest.mark.django_db

PAGES = ("/regions/rezeknes-novads/", "/regions/rezeknes-novads/?lang=en",
         "/libraries/maltas/", "/libraries/maltas/?lang=en", "/libraries/maltas/embed/")


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def worker_on(settings):
    settings.PUBLIC_PAGES_AFTER_PUBLISHING = True
    settings.SITE_URL = "http://testserver"  # the host the test client asks


def test_the_worker_keeps_every_page_of_a_region_after_its_publishing(
        network, worker_on, django_capture_on_commit_callbacks):
    StoredPage.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(region=network.region, year=2020, user=network.methodologist,
                       make_pdf=False)
    # the region page and each of its three libraries' page and card, in two languages
    assert StoredPage.objects.filter(region=network.region).count() == 2 * (1 + 3 * 2)
    assert not StoredPage.objects.exclude(region=network.region).exists()
    client = Client()
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            served = client.get(url)
        assert served.status_code == 200
        # the library or region, the page's state (3) and the kept page: no figure read
        assert len(queries) == 5, url
        assert not any("figures_publishedvalue" in query["sql"]
                       for query in queries.captured_queries)
    # the kept page is the page a request builds
    kept = _text(client.get("/libraries/maltas/"))
    StoredPage.objects.all().delete()
    assert _text(client.get("/libraries/maltas/")) == kept


def test_a_new_publishing_replaces_the_kept_pages(network, worker_on,
                                                   django_capture_on_commit_callbacks):
    assert pages_refresh(region=network.region.slug) == 14
    before = set(StoredPage.objects.values_list("key", flat=True))
    client = Client()
    first = client.get("/regions/rezeknes-novads/")
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(region=network.region, year=2020, user=network.methodologist,
                       make_pdf=False)
    after = set(StoredPage.objects.values_list("key", flat=True))
    assert after and not after & before  # the older state's pages are gone
    again = client.get("/regions/rezeknes-novads/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def test_a_context_event_shows_without_a_publishing(network, worker_on):
    pages_refresh(region=network.region.slug)
    client = Client()
    first = client.get("/regions/rezeknes-novads/?lang=en")
    ContextEvent.objects.create(library=network.libraries["maltas"], year=2021,
                                kind=ContextEvent.Kind.RENOVATION,
                                date_from=date(2021, 3, 1), reason="Jumta remonts")
    assert client.get("/regions/rezeknes-novads/?lang=en",
                      HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert "renovation" in _text(client.get("/regions/rezeknes-novads/?lang=en"))
    assert "Not compared in 2021: renovation." in _text(
        client.get("/libraries/maltas/?lang=en"))


def test_a_librarys_address_details_show_without_a_publishing(network, worker_on):
    pages_refresh(region=network.region.slug)
    client = Client()
    assert "Skolas iela 12" not in _text(client.get("/libraries/maltas/"))
    maltas = network.libraries["maltas"]
    maltas.address, maltas.phone = "Skolas iela 12, Malta, LV-4630", "+371 64600001"
    maltas.website, maltas.opening_note = "https://maltas.example/", "P.–Pk. 9–17"
    maltas.save()
    page = _text(client.get("/libraries/maltas/"))
    assert "Skolas iela 12, Malta, LV-4630" in page and "P.–Pk. 9–17" in page
    assert 'href="tel:+37164600001"' in page and 'href="https://maltas.example/"' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page,
                                re.S).group(1))
    assert data["@type"] == "Dataset"
    assert data["about"]["@type"] == "Library"
    assert data["about"]["address"] == "Skolas iela 12, Malta, LV-4630"
    assert data["about"]["telephone"] == "+371 64600001"


def test_a_switched_off_region_serves_nothing_it_kept(network, worker_on):
    pages_refresh(region=network.region.slug)
    network.region.public_pages = False
    network.region.save(update_fields=["public_pages"])
    for url in PAGES:
        assert Client().get(url).status_code == 404, url
    assert pages_refresh(region=network.region.slug) == 0


def test_the_store_holds_no_draft(network, worker_on):
    pages_refresh(region=network.region.slug)
    for content in StoredPage.objects.values_list("content", flat=True):
        text = bytes(content).decode()
        assert "987\xa0654" not in text and "987654" not in text


def test_a_context_event_retires_the_pages_kept_before_it(network, worker_on):
    pages_refresh(region=network.region.slug)
    before = set(StoredPage.objects.values_list("key", flat=True))
    ContextEvent.objects.create(library=network.libraries["audrinu"], year=2021,
                                kind=ContextEvent.Kind.RENOVATION,
                                date_from=date(2021, 3, 1), reason="Jumts")
    assert Client().get("/libraries/maltas/").status_code == 200
    after = set(StoredPage.objects.values_list("key", flat=True))
    assert len(after) == 1 and not after & before


def test_pages_built_on_request_read_a_regions_figures_once_per_published_state(
        network, django_capture_on_commit_callbacks):
    """Before the worker has run, the first page of a region built on request reads its
    published figures; the next pages of that region reuse them (as the worker does), until
    a publishing makes a new state, whose figures are read again."""
    StoredPage.objects.all().delete()
    client = Client()
    first, second = sorted(network.libraries)[:2]

    def figure_reads(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return sum("figures_publishedvalue" in query["sql"]
                   for query in queries.captured_queries)

    assert figure_reads(f"/libraries/{first}/") == 1
    assert figure_reads(f"/libraries/{second}/") == 0
    assert figure_reads(f"/libraries/{second}/embed/") == 0
    assert figure_reads("/regions/rezeknes-novads/?lang=en") == 0
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(region=network.region, year=2020, user=network.methodologist,
                       make_pdf=False)
    assert figure_reads(f"/libraries/{second}/?lang=en") == 1
