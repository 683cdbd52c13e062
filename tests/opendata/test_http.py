"""Conditional GET, rate limiting, tokens, and the documentation pages' own assets."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils.http import http_date

from reports.services import report_publish
from tests.factories import set_values

pytestmark = pytest.mark.django_db

URL = "/api/v1/values?indicator=visits.total&year=2021"


def test_answers_carry_etag_and_last_modified(client, network):
    response = client.get(URL)
    assert response["ETag"]
    network.published.refresh_from_db()
    assert response["Last-Modified"] == http_date(network.published.published_at.timestamp())
    again = client.get(URL, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(URL, headers={"If-Modified-Since": response["Last-Modified"]})
    assert since.status_code == 304


def test_a_new_version_changes_the_etag(client, network):
    etag = client.get(URL)["ETag"]
    from submissions.models import Submission

    set_values(Submission.objects.get(library__slug="maltas", year__year=2021),
               **{"visits.total": 4321})
    assert client.get(URL, headers={"If-None-Match": etag}).status_code == 304
    report_publish(region=network.region, year=2021, user=network.methodologist)
    fresh = client.get(URL, headers={"If-None-Match": etag})
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag


def test_other_queries_have_other_etags(client, network):
    assert client.get(URL)["ETag"] != client.get(URL + "&library=maltas")["ETag"]
    assert client.get(URL + "&format=csv")["ETag"] != client.get(URL)["ETag"]


def test_anonymous_clients_are_rate_limited(client, network, settings):
    settings.OPENDATA_ANON_RATE = "3/min"
    assert [client.get("/api/v1/regions").status_code for _ in range(3)] == [200] * 3
    limited = client.get("/api/v1/values")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    other_address = Client(REMOTE_ADDR="10.0.0.2")
    assert other_address.get("/api/v1/regions").status_code == 200


def test_token_holders_are_not_limited(client, network, settings):
    settings.OPENDATA_ANON_RATE = "2/min"
    settings.OPENDATA_TOKENS = ["s3cret-token"]
    headers = {"Authorization": "Bearer s3cret-token"}
    assert {client.get("/api/v1/regions", headers=headers).status_code
            for _ in range(5)} == {200}


def test_a_setting_can_require_a_token(client, network, settings):
    settings.OPENDATA_REQUIRE_TOKEN = True
    settings.OPENDATA_TOKENS = ["s3cret-token"]
    assert client.get(URL).status_code == 401
    assert client.get(URL, headers={"Authorization": "Bearer wrong"}).status_code == 401
    response = client.get(URL, headers={"Authorization": "Bearer s3cret-token"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


def test_the_api_is_read_only(client, network):
    for method in (client.post, client.put, client.delete):
        assert method("/api/v1/values").status_code == 405


def test_openapi_schema_is_served(client, network):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/indicators", "/api/v1/regions", "/api/v1/libraries", "/api/v1/reports",
            "/api/v1/values", "/api/v1/packages", "/api/v1/packages/{year}.zip"
            } <= set(schema["paths"])
    # tools reading the schema are led to the open data page too
    assert "[the open data page](/data/)" in schema["info"]["description"]


def test_the_docs_page_is_the_portals_own_page_with_every_operation(client, network):
    """Not Swagger UI (1.7 MB, no `lang`, no phone layout): the schema rendered on the
    server in the portal's frame, in Latvian by default, with no script at all."""
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="lv">' in html
    assert "API dokumentācija" in html and 'class="site-footer"' in html
    assert "<script" not in html and "swagger" not in html.lower()
    schema = client.get("/api/v1/openapi.json").json()
    for path in schema["paths"]:
        assert f"<code class=\"api-path\">{path}</code>" in html, path
    # parameters with their constraints and examples, the fields of an answer
    assert "<code>year_from</code>" in html and "integer, 1990–2100" in html
    assert "<code>derived.visits_per_inhabitant</code>" in html
    assert "<code>results[].value</code>" in html
    # an example URL per operation that works as it stands
    examples = re.findall(r'class="api-example" href="([^"]+)"', html)
    assert "/api/v1/values?indicator=visits.total" in examples
    assert "/api/v1/packages/2021.zip" in examples
    for url in examples:
        assert client.get(url).status_code == 200, url
    # the scrolled tables can be reached and are named
    assert re.search(r'<div class="table-scroll" tabindex="0" role="region" aria-label="[^"]+">',
                     html)
    assert finders.find("css/opendata.css")


def test_the_docs_page_in_english(client, network):
    client.cookies["django_language"] = "en"
    html = client.get("/api/v1/docs").content.decode()
    assert '<html lang="en">' in html
    assert "API documentation" in html and "Parameters" in html


def test_the_data_page_is_public_and_lists_the_packages(client, network):
    response = client.get("/data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/docs" in html and "/api/v1/openapi.json" in html
    assert "/api/v1/packages/2021.zip?region=rezeknes-novads" in html
    assert "/api/v1/packages/2019.zip" in html
    assert "sintetiskais" not in html
    assert "<script" not in html.split("<main", 1)[1]


def test_the_data_page_is_in_latvian_and_english(client, network):
    assert "Atvērtie dati" in client.get("/data/").content.decode()
    client.cookies["django_language"] = "en"
    assert "Open data" in client.get("/data/").content.decode()


def test_the_data_page_before_anything_is_published(client, db):
    response = client.get("/data/")
    assert response.status_code == 200
    assert client.get("/api/v1/values").json()["results"] == []


def _another_process(monkeypatch):
    """What another gunicorn worker has: its own memory (the local-memory caches' module
    globals) and its own cache connections; only the database is shared."""
    from asgiref.local import Local
    from django.core.cache import caches
    from django.core.cache.backends import locmem

    monkeypatch.setattr(locmem, "_caches", {})
    monkeypatch.setattr(locmem, "_expire_info", {})
    monkeypatch.setattr(locmem, "_locks", {})
    monkeypatch.setattr(caches, "_connections", Local())


def test_the_rate_limit_is_counted_once_for_every_process(client, network, settings,
                                                          monkeypatch):
    settings.OPENDATA_ANON_RATE = "3/min"
    assert [client.get("/api/v1/regions").status_code for _ in range(2)] == [200, 200]
    _another_process(monkeypatch)
    assert client.get("/api/v1/regions").status_code == 200
    _another_process(monkeypatch)
    limited = client.get("/api/v1/regions")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert Client(REMOTE_ADDR="10.0.0.2").get("/api/v1/regions").status_code == 200


def test_head_is_answered_like_get_without_the_body(client, network):
    for url in (URL, URL + "&format=csv", "/api/v1/regions", "/api/v1/packages/2021.zip",
                "/api/v1/values?format=csv"):
        got = client.get(url)
        head = client.head(url)
        assert head.status_code == 200, url
        assert (b"".join(head.streaming_content) if head.streaming else head.content) == b""
        assert head["ETag"] == got["ETag"]
        assert head["Content-Type"] == got["Content-Type"]
        if not got.streaming:
            assert int(head["Content-Length"]) == len(got.content)
        assert client.head(url, headers={"If-None-Match": got["ETag"]}).status_code == 304
    assert client.head("/api/v1/packages/2018.zip").status_code == 404
