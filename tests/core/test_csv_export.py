"""The portal's one CSV format (core.csv_export), used by reports and dashboards."""

from decimal import Decimal

from core.csv_export import csv_cell, csv_response, csv_text


def test_numbers_stay_numbers_for_latvian_excel():
    assert csv_cell(6441) == "6441"  # no thousands separator
    assert csv_cell(Decimal("24.6")) == "24,6"
    assert csv_cell(Decimal("-2.1")) == "-2,1"  # a negative number is not a formula
    assert csv_cell(Decimal("2.50")) == "2,50"
    assert csv_cell(Decimal("-0.00")) == "0,00"
    assert csv_cell(2.5) == "2,5"
    assert csv_cell(None) == ""


def test_formula_like_text_is_neutralised():
    for text in ("=1+2", "+1", "-1", "@SUM(A1)", "\tx"):
        assert csv_cell(text) == "'" + text
    assert csv_cell("Pušas pagasta bibliotēka") == "Pušas pagasta bibliotēka"


def test_text_and_response():
    text = csv_text([["Gads", "Vērtība"], [2021, Decimal("1234.5")], ["a;b", None]])
    assert text == '\ufeffGads;Vērtība\r\n2021;1234,5\r\n"a;b";\r\n'
    response = csv_response([["x"]], "rezeknes-novads-2021.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="rezeknes-novads-2021.csv"')
