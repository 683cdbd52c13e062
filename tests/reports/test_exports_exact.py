"""Exports keep exact figures; only the display rounds (issue 14, item 5)."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from catalogue.formatting import format_change, format_number
from reports.consolidated import build_report
from reports.exports import render_csv, render_xlsx, sheet_name
from reports.region_tables import build_region_tables
from reports.renderers import render_json
from tests.factories import LibraryFactory, ReportingYearFactory, SubmissionFactory, set_values


@pytest.fixture
def cents_report(region):
    """Two libraries whose euros have cents and whose ratios are not round."""
    for year, (first, second) in {2020: ("30000.10", "9000.00"),
                                  2021: ("39858.41", "10000.00")}.items():
        reporting_year = ReportingYearFactory(year=year, is_open=False)
        for index, (expenses, population) in enumerate(((first, 2999), (second, 1001))):
            library = LibraryFactory(region=region, slug=f"lib-{index}") if year == 2020 else (
                region.libraries.get(slug=f"lib-{index}"))
            submission = SubmissionFactory(library=library, year=reporting_year,
                                           status="accepted")
            set_values(submission, **{"finance.expenses_total": expenses,
                                      "population.total": population, "users.active": 7})
    return build_report(region, 2021)


def _row(tables, table_key, code):
    return next(row for row in tables.table(table_key).rows if row.code == code)


def test_the_builder_keeps_cents_and_unrounded_ratios(cents_report):
    expenses = _row(cents_report.tables, "expenses", "finance.expenses_total")
    assert expenses.values[-1] == Decimal("49858.41")
    per_inhabitant = _row(cents_report.tables, "expenses", "derived.expenses_per_inhabitant")
    assert per_inhabitant.values[-1] == Decimal("49858.41") / Decimal(4000)  # 12.4646025
    # the page and the PDF round for display only
    assert format_number(expenses.values[-1], expenses.decimals) == "49\xa0858"
    assert format_number(per_inhabitant.values[-1], per_inhabitant.decimals) == "12,46"


def test_json_carries_exact_numbers(region, cents_report):
    payload = json.loads(render_json(build_region_tables(region, 2021)))
    rows = {row["code"]: row for row in payload["tables"]["expenses"]["rows"]}
    assert rows["finance.expenses_total"]["values"][-2:] == [39000.1, 49858.41]
    assert rows["finance.expenses_total"]["decimals"] == 0
    assert rows["derived.expenses_per_inhabitant"]["values"][-1] == pytest.approx(
        12.4646025, abs=1e-12)
    change = rows["finance.expenses_total"]["change_pct"][-1]
    assert change == pytest.approx((49858.41 - 39000.10) / 39000.10 * 100, abs=1e-9)
    assert format_change(Decimal(str(change)), False) == "+28 %"


def test_xlsx_cells_are_exact_numbers_with_display_formats(cents_report):
    workbook = load_workbook(io.BytesIO(render_xlsx(cents_report)))
    sheet = workbook["Bibliotēkas izdevumi"]
    assert sheet["A3"].value == "Rādītājs"
    total, per_inhabitant = sheet["D4"], sheet["D7"]
    assert total.value == pytest.approx(49858.41) and total.number_format == "#,##0"
    assert per_inhabitant.value == pytest.approx(12.4646025)
    assert per_inhabitant.number_format == "#,##0.00"
    change = sheet["F4"]  # % change 2021, a percent cell holding the fraction
    assert change.value == pytest.approx((49858.41 - 39000.10) / 39000.10)
    assert change.number_format == "0%"
    assert sheet.freeze_panes == "B4"
    assert sheet.auto_filter.ref.startswith("A3:")
    assert sheet.column_dimensions["A"].width >= 40
    assert all(len(name) <= 31 for name in workbook.sheetnames)


def test_percentage_rows_change_in_points(cents_report):
    workbook = load_workbook(io.BytesIO(render_xlsx(cents_report)))
    sheet = workbook["Bibliotēkas pamatrādītāji"]
    coverage = "Bibliotekārais aptvērums % no iedzīvotāju skaita"
    row = next(r for r in range(4, sheet.max_row + 1)
               if sheet.cell(row=r, column=1).value == coverage)
    assert sheet.cell(row=row, column=4).number_format == "#,##0.0"
    assert "p.p." in sheet.cell(row=row, column=6).number_format


def test_csv_carries_exact_numbers(cents_report):
    text = render_csv(cents_report, cents_report.find_table("expenses"))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    total = next(row for row in rows if row[0] == "Izdevumi kopā")
    assert total[2:4] == ["39000,1", "49858,41"]


def test_sheet_names_are_readable_within_31_characters():
    """Latvian titles (the default language), cut or shortened to fit."""
    with translation.override("lv"):
        used = set()
        assert sheet_name("acquisition_funding",
                          "Krājuma komplektēšanas finansiālais nodrošinājums",
                          used) == "Komplektēšanas finansējums"
        assert sheet_name("x", "Ļoti garš tabulas nosaukums, kas neietilpst lapā", used) == (
            "Ļoti garš tabulas nosaukums,…")
        assert sheet_name("y", "Personāls", used) == "Personāls"
        assert sheet_name("z", "Personāls", used) == "Personāls 2"
        assert all(len(name) <= 31 for name in used)
