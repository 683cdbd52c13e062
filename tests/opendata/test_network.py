"""The network as it was published: the libraries endpoint and the packages' libraries.csv."""

import importlib
import io
import zipfile

import pytest
from django.apps import apps

from figures.models import PublishedYear
from reports.services import report_publish
from tests.factories import LibraryFactory
from tests.opendata.conftest import NAMES

pytestmark = pytest.mark.django_db


def _libraries_csv(client, url):
    response = client.get(url)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    name = next(name for name in archive.namelist() if name.endswith("libraries.csv"))
    text = archive.read(name).decode("utf-8").lstrip("\ufeff")
    return [line.split(";") for line in text.splitlines()][1:]


def test_only_libraries_with_a_published_year_are_listed(client, network):
    LibraryFactory(region=network.region, slug="jauna", name="Jaunā bibliotēka")
    listed = client.get("/api/v1/libraries").json()
    assert [(item["region"], item["slug"]) for item in listed] == [
        ("rezeknes-novads", "audrinu"), ("rezeknes-novads", "maltas"),
        ("rezeknes-novads", "viljanu")]
    assert {tuple(item["years"]) for item in listed} == {(2019, 2020, 2021)}
    assert client.get("/api/v1/libraries?region=sintetiskais-novads").json() == []


def test_a_live_rename_changes_nothing_published_until_a_new_version(client, network):
    maltas = network.libraries["maltas"]
    old_parish = maltas.parish
    maltas.name, maltas.parish = "Maltas bibliotēka (jaunais nosaukums)", "Jaunā pagasts"
    maltas.save()
    listed = {item["slug"]: item for item in client.get("/api/v1/libraries").json()}
    assert listed["maltas"]["name"] == NAMES["maltas"]
    assert listed["maltas"]["parish"] == old_parish
    rows = _libraries_csv(client, "/api/v1/packages/2021.zip?region=rezeknes-novads")
    assert ["rezeknes-novads", "maltas", NAMES["maltas"], "parish", old_parish] in rows
    assert not any("jaunais" in cell for row in rows for cell in row)
    # The next version publishes the new name; the 2021 package then says so.
    report_publish(region=network.region, year=2021, user=network.methodologist)
    listed = {item["slug"]: item for item in client.get("/api/v1/libraries").json()}
    assert listed["maltas"]["name"] == "Maltas bibliotēka (jaunais nosaukums)"
    rows = _libraries_csv(client, "/api/v1/packages/2021.zip?region=rezeknes-novads")
    assert ["rezeknes-novads", "maltas", "Maltas bibliotēka (jaunais nosaukums)", "parish",
            "Jaunā pagasts"] in rows


def test_versions_published_before_get_the_parish_from_the_network(network):
    figure_year = PublishedYear.objects.filter(published=network.published).first()
    figure_year.libraries = {slug: {"name": info["name"], "kind": info["kind"]}
                             for slug, info in figure_year.libraries.items()}
    figure_year.save()
    migration = importlib.import_module("figures.migrations.0003_published_libraries_network")
    migration.fill(apps, None)
    figure_year.refresh_from_db()
    maltas = network.libraries["maltas"]
    assert figure_year.libraries["maltas"] == {
        "name": NAMES["maltas"], "kind": "parish", "parish": maltas.parish, "active": True}
