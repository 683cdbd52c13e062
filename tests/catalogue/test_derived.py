"""Derived indicators are computed in one place; a region ratio is the ratio of the sums."""

from decimal import Decimal

import pytest

from catalogue.derived import (
    FormulaError,
    change_pct,
    change_points,
    compute_derived,
    parse_formula,
    round_half_away,
)

D = Decimal


def test_a_ratio_formula_is_read_into_its_parts():
    formula = parse_formula("users.active / population.total * 100")
    assert formula.numerator == ("users.active",)
    assert formula.denominator == ("population.total",)
    assert formula.scale == 100


def test_a_sum_formula():
    formula = parse_formula("acquisition_funding.municipal + acquisition_funding.other")
    assert formula.numerator == ("acquisition_funding.municipal", "acquisition_funding.other")
    assert formula.denominator == ()


def test_an_unreadable_formula_is_refused():
    with pytest.raises(FormulaError):
        parse_formula("users.active ** 2")


def test_region_ratio_is_the_ratio_of_the_sums_not_the_mean_of_ratios():
    # Library A: 10 users of 100 people (10 %); library B: 90 users of 300 people (30 %).
    # Region: 100 / 400 = 25 %, not the mean 20 %.
    totals = {"users.active": D(100), "population.total": D(400)}
    result = compute_derived({"derived.coverage_pct": "users.active / population.total * 100"},
                             totals)
    assert result["derived.coverage_pct"] == D(25)


def test_derived_on_derived_and_missing_parts():
    formulas = {
        "derived.acquisition_per_inhabitant": "acquisition_funding.total / population.total",
        "acquisition_funding.total": "acquisition_funding.municipal + acquisition_funding.other",
    }
    result = compute_derived(formulas, {"acquisition_funding.municipal": D(68180),
                                        "population.total": D(30963)})
    assert result["acquisition_funding.total"] == D(68180)
    assert round_half_away(result["derived.acquisition_per_inhabitant"], 2) == D("2.20")
    assert compute_derived(formulas, {})["derived.acquisition_per_inhabitant"] is None


def test_a_zero_divisor_gives_no_value_rather_than_an_error():
    assert compute_derived({"r": "a / b"}, {"a": D(1), "b": D(0)})["r"] is None


def test_a_formula_that_refers_to_itself_is_caught():
    with pytest.raises(FormulaError):
        compute_derived({"a.x": "a.y + b", "a.y": "a.x + b"}, {"b": D(1)})


@pytest.mark.parametrize(("previous", "current", "expected"), [
    (7114, 6441, -9),      # −9.46 → −9 (the report)
    (196, 638, 226),       # the report printed +326
    (7941, 7114, -10),     # −10.41
    (200, 199, -1),        # −0.5 rounds half away from zero → −1
    (200, 201, 1),         # +0.5 → +1
    (0, 10, None),         # no change from nothing
    (None, 10, None),
])
def test_change_pct_rounds_half_away_from_zero(previous, current, expected):
    previous = None if previous is None else D(previous)
    result = change_pct(previous, D(current))
    assert result == (None if expected is None else D(expected))


def test_percentage_rows_change_in_points():
    assert change_points(D("22.506"), D("20.802")) == D("-1.7")
    assert change_points(D("51.5"), None) is None


def test_round_half_away_from_zero():
    assert round_half_away(D("2.205"), 2) == D("2.21")
    assert round_half_away(D("-2.5")) == D(-3)
    assert round_half_away(None) is None
