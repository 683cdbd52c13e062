"""The public pages: anyone may read a region's and a library's published figures, and
nothing else (no draft, no unpublished region, no region that switched its pages off)."""

import re

import pytest
from django.test import Client

from catalogue.models import Indicator
from submissions.models import Submission
from tests.factories import set_values
from tests.public.conftest import DRAFT_2022

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _english(client=None):
    return client or Client()


def test_region_page_shows_published_figures_anonymously(network):
    response = Client().get("/regions/rezeknes-novads/")
    assert response.status_code == 200
    page = _text(response)
    # 2021 visits: 2950 + 1234 + 8100 = 12 284, written the Latvian way
    assert "12\xa0284" in page
    for name in ("Audriņu pagasta bibliotēka", "Maltas pagasta bibliotēka"):
        assert name in page
    assert 'href="/libraries/maltas/"' in page


def test_library_page_shows_published_figures_and_never_the_draft(network):
    # A figure typed into Maltas' 2022 draft (even submitted) appears nowhere.
    maltas = network.libraries["maltas"]
    draft = Submission.objects.get(library=maltas, year__year=2022)
    set_values(draft, **{"loans.total": 424242})
    client = Client()
    pages = [client.get(url) for url in (
        "/libraries/maltas/", "/libraries/maltas/?lang=en", "/libraries/maltas/embed/",
        "/regions/rezeknes-novads/", "/regions/rezeknes-novads/?lang=en",
        "/libraries/maltas/charts/visits.csv", "/regions/rezeknes-novads/charts/visits.csv")]
    assert [page.status_code for page in pages] == [200] * len(pages)
    for page in pages:
        text = _text(page)
        for draft_value in (DRAFT_2022, 424242):
            assert re.search(r"\D" + r"\D?".join(
                re.findall(r"\d{1,3}", f"{draft_value:,}".replace(",", " "))) + r"\D",
                text) is None, page
        assert "2022" not in text
    library_page = _text(pages[0])
    assert "1\xa0234" in library_page  # Maltas' published 2021 visits


def test_unpublished_region_and_its_library_have_no_page(network):
    client = Client()
    assert client.get("/regions/sintetiskais-novads/").status_code == 404
    assert client.get("/libraries/sintetiska/").status_code == 404
    assert client.get("/libraries/sintetiska/embed/").status_code == 404
    assert client.get("/regions/nav-tada/").status_code == 404


def test_a_region_that_switched_its_pages_off_has_none(network):
    client = Client()
    for url in ("/regions/rezeknes-novads/", "/libraries/maltas/", "/libraries/maltas/embed/"):
        assert client.get(url).status_code == 200  # built and kept
    network.region.public_pages = False
    network.region.save(update_fields=["public_pages"])
    for url in ("/regions/rezeknes-novads/", "/libraries/maltas/", "/libraries/maltas/embed/",
                "/libraries/maltas/charts/visits.csv"):
        assert client.get(url).status_code == 404, url
    assert "maltas" not in _text(client.get("/sitemap.xml"))


def test_pages_set_no_cookie(network):
    client = Client()
    for url in ("/regions/rezeknes-novads/", "/libraries/maltas/", "/libraries/maltas/embed/",
                "/libraries/maltas/?lang=en", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, url
        assert "Set-Cookie" not in str(response.serialize_headers()), url
    for url in ("/libraries/nav-tadas/", "/regions/sintetiskais-novads/",
                "/libraries/maltas/charts/nav.csv"):
        response = client.get(url, {"lang": "en"})
        assert response.status_code == 404
        assert "This page does not exist" in _text(response)
        assert not response.cookies, url


def test_english_is_chosen_by_the_link(network):
    latvian = _text(Client().get("/libraries/maltas/"))
    english = _text(Client().get("/libraries/maltas/?lang=en"))
    assert '<html lang="lv">' in latvian and '<html lang="en">' in english
    assert "Visits per inhabitant" in english
    assert "Apmeklējums uz vienu iedzīvotāju" in latvian
    card = _text(Client().get("/libraries/maltas/embed/?lang=en"))
    # Maltas' visits: 5,000 in 2020, 1,234 in 2021
    assert "1,234" in card and "-75 % on 2020 (5,000)" in card
    assert "Visits per inhabitant" in card and "0.50" in card


def test_each_standard_indicator_is_shown_with_its_definition(network):
    english = _text(Client().get("/libraries/maltas/?lang=en"))
    for code in ("derived.visits_per_inhabitant", "derived.loans_per_inhabitant",
                 "derived.turnover", "derived.coverage_pct", "derived.cost_per_visit",
                 "derived.cost_per_loan", "derived.acquisition_per_inhabitant",
                 "derived.staff_per_1000"):
        indicator = Indicator.objects.get(code=code)
        assert indicator.definition_en and indicator.definition_lv, code
        assert indicator.name_en in english, code
        assert indicator.definition_en.replace("'", "&#x27;") in english, code


def test_only_the_embed_card_may_be_framed_by_another_site(network):
    client = Client()
    card = client.get("/libraries/maltas/embed/")
    assert card.status_code == 200
    assert "frame-ancestors *" in card["Content-Security-Policy"]
    assert "X-Frame-Options" not in card
    assert "<script" not in _text(card) and "<form" not in _text(card)
    assert 'href="http://testserver/libraries/maltas/"' in _text(card)  # the link back
    for url in ("/libraries/maltas/", "/regions/rezeknes-novads/"):
        page = client.get(url)
        assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
        assert page["X-Frame-Options"] == "DENY"


def test_a_conditional_get_of_an_unchanged_page_is_answered_304(network):
    client = Client()
    for url in ("/libraries/maltas/", "/regions/rezeknes-novads/", "/libraries/maltas/embed/"):
        first = client.get(url)
        assert first["ETag"] and first["Last-Modified"]
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
        # the other language is another page
        other = client.get(url + "?lang=en", HTTP_IF_NONE_MATCH=first["ETag"])
        assert other.status_code == 200


def test_a_new_published_version_changes_the_validators(network):
    from reports.services import report_publish

    client = Client()
    first = client.get("/libraries/maltas/")
    accepted = Submission.objects.get(library=network.libraries["maltas"], year__year=2021)
    set_values(accepted, **{"visits.total": 4321})
    assert client.get("/libraries/maltas/",  # corrected, not yet published: unchanged
                      HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    report_publish(region=network.region, year=2021, user=network.methodologist)
    again = client.get("/libraries/maltas/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "4\xa0321" in _text(again)


def test_pages_are_found_and_shared(network):
    client = Client()
    page = _text(client.get("/libraries/maltas/?lang=en"))
    assert '<link rel="canonical" href="http://testserver/libraries/maltas/?lang=en">' in page
    assert 'hreflang="lv" href="http://testserver/libraries/maltas/"' in page
    assert '<meta property="og:title" content="Maltas pagasta bibliotēka">' in page
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = __import__("json").loads(block.group(1))
    assert data["@type"] == "Dataset"
    assert data["distribution"][0]["contentUrl"] == (
        "http://testserver/api/v1/values?library=maltas&format=csv")
    assert client.get(data["distribution"][0]["contentUrl"]).status_code == 200
    sitemap = _text(client.get("/sitemap.xml"))
    for url in ("http://testserver/regions/rezeknes-novads/",
                "http://testserver/libraries/maltas/", "http://testserver/libraries/audrinu/"):
        assert f"<loc>{url}</loc>" in sitemap
    assert "sintetisk" not in sitemap  # never published


def test_the_region_table_sorts_by_a_column(network):
    client = Client()
    page = _text(client.get("/regions/rezeknes-novads/",
                            {"sort": "visits.total", "order": "desc"}))
    order = [page.index(name) for name in ("Viļānu pilsētas", "Audriņu pagasta",
                                           "Maltas pagasta")]
    assert order == sorted(order)
    by_name = _text(client.get("/regions/rezeknes-novads/"))
    order = [by_name.index(name) for name in ("Audriņu pagasta", "Maltas pagasta",
                                              "Viļānu pilsētas")]
    assert order == sorted(order)
    assert 'aria-sort="descending"' in page


def test_a_renovation_footnotes_the_library_and_leaves_it_out_of_comparisons(network):
    from datetime import date

    from quality.models import ContextEvent

    ContextEvent.objects.create(library=network.libraries["maltas"], year=2021,
                                kind=ContextEvent.Kind.RENOVATION, date_from=date(2021, 3, 1),
                                reason="Jumta remonts")
    client = Client()
    library = _text(client.get("/libraries/maltas/?lang=en"))
    assert "Not compared in 2021: renovation." in library
    assert "Peer group:" not in library
    assert "2021: renovation — left out of the comparisons of libraries of its size" in library
    region = _text(client.get("/regions/rezeknes-novads/?lang=en"))
    assert 'href="#event-maltas"' in region
    assert ("Maltas pagasta bibliotēka: renovation — left out of the comparisons of "
            "libraries of its size") in region
    other = _text(client.get("/libraries/audrinu/?lang=en"))
    assert "Not compared in 2021" not in other
