"""Issue 20: the standard performance indicators are derived indicators of the catalogue,
each with its definition (Latvian and English) in the catalogue endpoint, and computed in
the open data like every derived figure (missing when an input is missing, never 0)."""

import pytest

pytestmark = pytest.mark.django_db

STANDARD = {
    "derived.loans_per_inhabitant": "loans.total / population.total",
    "derived.turnover": "loans.total / collection.stock",
    "derived.cost_per_loan": "finance.expenses_total / loans.total",
    "derived.staff_per_1000": "staff.units_total / population.total * 1000",
}


def test_the_catalogue_endpoint_gives_the_standard_indicators_with_definitions(client, network):
    by_code = {row["code"]: row for row in client.get("/api/v1/indicators").json()}
    for code, formula in STANDARD.items():
        assert by_code[code]["kind"] == "derived"
        assert by_code[code]["formula"] == formula
        assert by_code[code]["definition_lv"] and by_code[code]["definition_en"]
    visits = by_code["derived.visits_per_inhabitant"]
    assert "the population the library serves" in visits["definition_en"]
    assert by_code["visits.total"]["definition_en"] == ""


def test_standard_indicators_are_computed_and_missing_stays_missing(client, network):
    rows = client.get("/api/v1/values", {
        "indicator": "derived.loans_per_inhabitant,derived.turnover", "library": "maltas",
        "year": 2021}).json()["results"]
    values = {row["code"]: row["value"] for row in rows}
    # 640 users × 20 = 12 800 loans / 2 460 inhabitants; no total stock published
    assert values == {"derived.loans_per_inhabitant": 5.2, "derived.turnover": None}
