"""A year's package is built once (when published, by the worker) and then served as the
stored file, through the same access checks; a newer version builds it again."""

import io
import zipfile

import pytest

from opendata.models import StoredPackage
from reports.services import report_publish
from submissions.models import Submission
from tests.factories import set_values

pytestmark = pytest.mark.django_db

URL = "/api/v1/packages/2021.zip?region=rezeknes-novads"


def _values_csv(response) -> str:
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    name = next(name for name in archive.namelist() if name.endswith("values.csv"))
    return archive.read(name).decode("utf-8")


def _no_building(monkeypatch):
    def refuse(**kwargs):
        raise AssertionError("the package was built again")

    monkeypatch.setattr("opendata.packages.year_package", refuse)


def test_publishing_builds_the_packages_and_requests_serve_the_stored_file(
        client, network, monkeypatch, django_capture_on_commit_callbacks):
    maltas = Submission.objects.get(library__slug="maltas", year__year=2021)
    set_values(maltas, **{"visits.total": 4321})
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(region=network.region, year=2021, user=network.methodologist)
    # the worker built the region's and the all-regions packages of 2019, 2020 and 2021
    assert sorted(StoredPackage.objects.values_list("year", "region")) == [
        (year, region) for year in (2019, 2020, 2021) for region in ("", "rezeknes-novads")]
    _no_building(monkeypatch)
    response = client.get(URL)
    assert response.status_code == 200
    assert "rezeknes-novads;maltas;2021;visits.total;4321" in _values_csv(response)
    assert response["Content-Type"] == "application/zip"
    disposition = 'attachment; filename="libreport-rezeknes-novads-2021.zip"'
    assert response["Content-Disposition"] == disposition
    again = client.get(URL, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_a_newer_version_builds_the_package_again(client, network, monkeypatch,
                                                  django_capture_on_commit_callbacks):
    first = client.get(URL)  # none stored yet (no worker ran): built, then kept
    assert "maltas;2021;visits.total;1234" in _values_csv(first)
    stored = StoredPackage.objects.get(year=2021, region="rezeknes-novads")
    set_values(Submission.objects.get(library__slug="maltas", year__year=2021),
               **{"visits.total": 4321})
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(region=network.region, year=2021, user=network.methodologist)
    _no_building(monkeypatch)
    fresh = client.get(URL, headers={"If-None-Match": first["ETag"]})
    assert fresh.status_code == 200
    assert "maltas;2021;visits.total;4321" in _values_csv(fresh)
    # the older file and its row are gone
    assert not StoredPackage.objects.filter(pk=stored.pk).exists()
    assert not stored.file.storage.exists(stored.file.name)


def test_a_missing_file_is_built_again(client, network):
    body = client.get(URL).getvalue()
    stored = StoredPackage.objects.get(year=2021, region="rezeknes-novads")
    stored.file.storage.delete(stored.file.name)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.getvalue() == body


def test_the_stored_package_still_needs_the_token_when_required(client, network, settings):
    client.get(URL)  # stored
    settings.OPENDATA_REQUIRE_TOKEN = True
    settings.OPENDATA_TOKENS = ["s3cret-token"]
    assert client.get(URL).status_code == 401
    assert client.get(URL, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get(URL, headers={"Authorization": "Bearer s3cret-token"}).status_code == 200


def test_the_package_is_rate_limited_like_any_answer(client, network, settings):
    settings.OPENDATA_ANON_RATE = "2/min"
    assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 429]
