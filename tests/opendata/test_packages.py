"""Open-data packages: a ZIP per published year and region (and all regions), Frictionless-valid."""

import io
import json
import zipfile

import pytest
from frictionless import Package, system

from reports.services import report_publish
from tests.factories import LibraryFactory, ReportingYearFactory, SubmissionFactory
from tests.opendata.conftest import DRAFT_2022, _figures

pytestmark = pytest.mark.django_db


def _zip(client, url) -> zipfile.ZipFile:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.getvalue()))


def _csv_rows(archive, name):
    text = archive.read(name).decode("utf-8")
    assert text.startswith("\ufeff")
    return [line.split(";") for line in text.lstrip("\ufeff").splitlines()]


def test_a_regions_year_package_holds_csv_files_and_a_datapackage(client, network):
    archive = _zip(client, "/api/v1/packages/2021.zip?region=rezeknes-novads")
    names = {name.split("/", 1)[1] for name in archive.namelist()}
    assert names == {"values.csv", "indicators.csv", "libraries.csv", "datapackage.json"}
    folder = archive.namelist()[0].split("/", 1)[0]
    assert folder == "libreport-rezeknes-novads-2021"
    # unpacked, the files are readable like any other download (not owner-only 0600)
    assert {info.external_attr >> 16 for info in archive.infolist()} == {0o644}
    descriptor = json.loads(archive.read(f"{folder}/datapackage.json"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["title"] == "Public library statistics 2021: Rēzeknes novads"
    assert [resource["name"] for resource in descriptor["resources"]] == [
        "values", "indicators", "libraries"]
    values = descriptor["resources"][0]["schema"]["fields"]
    assert [(field["name"], field["type"]) for field in values] == [
        ("region", "string"), ("library", "string"), ("year", "year"), ("code", "string"),
        ("value", "number"), ("scope", "string")]
    assert "unit" in values[-2]["description"]
    assert "version 1" in descriptor["sources"][0]["title"]
    # The values are the API's CSV for that year, byte for byte.
    api_csv = client.get("/api/v1/values", {"year": 2021, "region": "rezeknes-novads",
                                             "format": "csv"}).getvalue()
    assert archive.read(f"{folder}/values.csv") == api_csv
    rows = _csv_rows(archive, f"{folder}/values.csv")
    assert ["rezeknes-novads", "maltas", "2021", "visits.total", "1234", "national"] in rows
    assert {row[2] for row in rows[1:]} == {"2021"}
    units = {row[0]: row[4] for row in _csv_rows(archive, f"{folder}/indicators.csv")}
    assert units["derived.visits_per_inhabitant"] == "per_person"
    libraries = _csv_rows(archive, f"{folder}/libraries.csv")
    assert [row[1] for row in libraries[1:]] == ["audrinu", "maltas", "viljanu"]


def test_the_package_is_valid_frictionless_data(client, network, tmp_path):
    _zip(client, "/api/v1/packages/2021.zip").extractall(tmp_path)
    folder = tmp_path / "libreport-all-regions-2021"
    with system.use_context(trusted=True):
        package = Package(str(folder / "datapackage.json"))
        report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    values = package.get_resource("values").read_rows()
    maltas = next(row for row in values if row["library"] == "maltas"
                  and row["code"] == "derived.visits_per_inhabitant")
    assert str(maltas["value"]) == "0.50"


def test_all_regions_holds_every_region_that_published_the_year(client, network):
    other = network.other_region
    library = LibraryFactory(region=other, slug="cita", name="Cita bibliotēka")
    year = ReportingYearFactory(region=other, year=2021)
    _figures(SubmissionFactory(library=library, year=year,
                               status="accepted"), 700, 1000, 100)
    report_publish(region=other, year=2021, user=network.methodologist)
    archive = _zip(client, "/api/v1/packages/2021.zip")
    rows = _csv_rows(archive, "libreport-all-regions-2021/values.csv")
    assert {row[0] for row in rows[1:]} == {"rezeknes-novads", "sintetiskais-novads"}
    assert ["sintetiskais-novads", "cita", "2021", "visits.total", "700", "national"] in rows


def test_unpublished_years_and_regions_have_no_package(client, network):
    assert client.get("/api/v1/packages/2022.zip").status_code == 404
    assert client.get(
        "/api/v1/packages/2021.zip?region=sintetiskais-novads").status_code == 404
    assert client.get("/api/v1/packages/2018.zip").status_code == 404


def test_earlier_years_come_from_the_report_that_shows_them(client, network):
    archive = _zip(client, "/api/v1/packages/2019.zip?region=rezeknes-novads")
    rows = _csv_rows(archive, "libreport-rezeknes-novads-2019/values.csv")
    assert ["rezeknes-novads", "maltas", "2019", "visits.total", "6500", "national"] in rows
    assert not any(str(DRAFT_2022) in row for row in rows)


def test_the_package_list_names_every_download(client, network):
    listed = client.get("/api/v1/packages").json()
    assert [(item["year"], item["region"]) for item in listed] == [
        (2021, None), (2021, "rezeknes-novads"), (2020, None), (2020, "rezeknes-novads"),
        (2019, None), (2019, "rezeknes-novads")]
    assert listed[1]["url"].endswith("/api/v1/packages/2021.zip?region=rezeknes-novads")


def test_only_years_with_figures_are_offered_each_package_holding_them(client, network):
    # The 2019 report shows 2017 and 2018 too, years before the region's first report:
    # published, but empty. They are not offered, and every package offered has values.
    report_publish(region=network.region, year=2019, user=network.methodologist)
    listed = client.get("/api/v1/packages").json()
    assert sorted({item["year"] for item in listed}) == [2019, 2020, 2021]
    for item in listed:
        archive = _zip(client, item["url"].removeprefix("http://testserver"))
        folder = archive.namelist()[0].split("/", 1)[0]
        values = _csv_rows(archive, f"{folder}/values.csv")[1:]
        assert {row[2] for row in values} == {str(item["year"])}
        assert len(_csv_rows(archive, f"{folder}/libraries.csv")[1:]) == 3
    assert client.get("/api/v1/packages/2018.zip").status_code == 404
    assert client.get("/api/v1/packages/2017.zip?region=rezeknes-novads").status_code == 404
    html = client.get("/data/").content.decode()
    assert "/api/v1/packages/2018.zip" not in html and "/api/v1/packages/2017.zip" not in html
    regions = client.get("/api/v1/regions").json()
    assert [r["years"] for r in regions if r["slug"] == "rezeknes-novads"] == [[2019, 2020, 2021]]
