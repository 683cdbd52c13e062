"""The API's figures equal the published report's; every catalogue code is served."""

import csv
import io
import re
from decimal import Decimal

import pytest

from catalogue.derived import round_half_away
from catalogue.models import Indicator

pytestmark = pytest.mark.django_db


def _report(network):
    network.published.refresh_from_db()
    return network.published.snapshot["report"]


def _table_row(report, code):
    return next(row for table in report["tables"]["tables"] for row in table["rows"]
                if row["code"] == code)


def _chart(report, key):
    return next(chart for chart in report["charts"] if chart["key"] == key)


def _values(client, **params):
    response = client.get("/api/v1/values", {"limit": 10000, **params})
    assert response.status_code == 200
    return response.json()["results"]


def test_region_sums_equal_the_published_tables(client, network):
    report = _report(network)
    for code in ("visits.total", "users.active", "loans.total"):
        row = _table_row(report, code)
        rows = _values(client, indicator=code, region="rezeknes-novads")
        sums = [sum(Decimal(str(r["value"])) for r in rows if r["year"] == year)
                for year in report["tables"]["years"]]
        assert sums == [Decimal(value) for value in row["values"]], code


def test_every_catalogue_code_is_served(client, network):
    served = {row["code"] for row in client.get("/api/v1/indicators").json()}
    assert served == set(Indicator.objects.values_list("code", flat=True))
    published_codes = set(network.published.snapshot["figures"]["2021"]["maltas"])
    values = _values(client, year=2021, library="maltas")
    codes = {row["code"] for row in values}
    # Every entered figure published, and every derived indicator, has its row.
    assert codes == published_codes | set(
        Indicator.objects.derived().values_list("code", flat=True))
    for code in served:
        response = client.get("/api/v1/values", {"indicator": code, "year": 2021})
        assert response.status_code == 200, code


def test_the_catalogue_describes_each_indicator(client, network):
    by_code = {row["code"]: row for row in client.get("/api/v1/indicators").json()}
    assert by_code["derived.visits_per_inhabitant"] == {
        "code": "derived.visits_per_inhabitant", "name_lv": "Apmeklējums uz vienu iedzīvotāju",
        "name_en": "Visits per inhabitant", "kind": "derived", "unit": "per_person",
        "parent": None, "chapter": 5, "formula": "visits.total / population.total",
        "decimals": 2, "valid_from": None, "valid_to": None,
        "definition_lv": "Gada apmeklējumu skaits, dalīts ar apkalpojamo iedzīvotāju skaitu.",
        "definition_en": "Visits in the year divided by the population the library serves.",
        # added by issue 21 (a region's own questions are "regional")
        "scope": "national", "scope_region": None}
    assert by_code["visits.children"]["parent"] == "visits.total"
    assert by_code["visits.total"]["formula"] is None


def test_researcher_gets_visits_per_inhabitant_2019_2021_from_the_data_page(client, network):
    """Done when: from the documentation page, one URL gives the CSV, equal to the report."""
    page = client.get("/data/")
    assert page.status_code == 200
    html = page.content.decode()
    url = re.search(r'href="([^"]*derived\.visits_per_inhabitant[^"]*format=csv[^"]*)"',
                    html)[1].replace("&amp;", "&")
    assert "year_from=2019" in url and "year_to=2021" in url
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode().lstrip("\ufeff")),
                               delimiter=";"))
    assert len(rows) == 3 * 3  # three libraries, three years
    assert {row["code"] for row in rows} == {"derived.visits_per_inhabitant"}

    report = _report(network)
    # 2021, library by library: the report's comparison chart.
    names = {row["slug"]: row["name"]
             for row in client.get("/api/v1/libraries").json()}
    comparison = _chart(report, "comparison")
    from_report = dict(zip(comparison["labels"], comparison["values"], strict=True))
    from_api = {names[row["library"]]: row["value"].replace(",", ".")
                for row in rows if row["year"] == "2021"}
    assert from_api == from_report
    # Each year, the region's value (ratio of the sums) from the API's figures.
    trend = _chart(report, "visits-per-inhabitant")["series"][0]["values"]
    figures = _values(client, indicator="visits.total,population.total")
    for year, expected in zip((2019, 2020, 2021), trend, strict=True):
        visits = sum(r["value"] for r in figures if r["year"] == year
                     and r["code"] == "visits.total")
        population = sum(r["value"] for r in figures if r["year"] == year
                         and r["code"] == "population.total")
        assert round_half_away(Decimal(visits) / Decimal(population), 2) == Decimal(expected)
