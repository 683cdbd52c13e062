import io

from openpyxl import load_workbook

from catalogue.models import Indicator
from tests.factories import set_values
from tests.workbooks.helpers import entered_codes, locate
from workbooks.workbook import (
    COL_EXPLANATION,
    COL_NA,
    COL_VALUE,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    build_workbook,
    catalogue_for,
    template_version,
)


def _open(data):
    return load_workbook(io.BytesIO(data))


def test_it_has_a_sheet_per_chapter_instructions_and_hidden_meta(submission):
    wb = _open(build_workbook(submission))
    assert wb.sheetnames[0] == INSTRUCTIONS_SHEET
    assert wb.sheetnames[-1] == META_SHEET
    assert wb[META_SHEET].sheet_state == "hidden"
    assert "5 Pakalpojumi" in wb.sheetnames
    assert all(len(name) <= 31 for name in wb.sheetnames)
    meta = dict(wb[META_SHEET].iter_rows(values_only=True))
    assert meta["library"] == submission.library.slug
    assert meta["year"] == 2022
    assert meta["template_version"] == template_version(catalogue_for(2022))


def test_every_entered_indicator_has_a_row_with_its_code_in_column_a(submission):
    wb = _open(build_workbook(submission))
    for code in entered_codes():
        ws, _row = locate(wb, code)
        assert ws.cell(row=HEADER_ROW, column=1).value == "Code"
    derived = Indicator.objects.derived().values_list("code", flat=True)
    for code in derived:
        try:
            locate(wb, code)
        except KeyError:
            continue
        raise AssertionError(f"derived {code} is in the workbook")


def test_the_layout_is_protected_and_only_input_cells_are_unlocked(submission):
    wb = _open(build_workbook(submission))
    ws, row = locate(wb, "users.active")
    assert ws.protection.sheet
    assert ws.freeze_panes == "D4"
    for column in range(1, COL_VALUE):
        assert ws.cell(row=row, column=column).protection.locked
    for column in range(COL_VALUE, COL_EXPLANATION + 1):
        assert not ws.cell(row=row, column=column).protection.locked


def test_cells_are_typed_and_validated(submission):
    wb = _open(build_workbook(submission))
    ws, row = locate(wb, "users.active")
    kinds = {}
    for validation in ws.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            for r, c in cell_range.cells:
                kinds[(r, c)] = (validation.type, validation.formula1)
    assert kinds[(row, COL_VALUE)][0] == "whole"
    assert kinds[(row, COL_NA)] == ("list", '"jā"')
    assert ws.cell(row=row, column=COL_VALUE).number_format == "#,##0"
    ws, row = locate(wb, "finance.expenses_total")
    assert ws.cell(row=row, column=COL_VALUE).number_format == "#,##0.00"
    ws, row = locate(wb, "accredited")
    validation = next(v for v in ws.data_validations.dataValidation
                      if v.type == "list" and "nē" in v.formula1)
    assert (row, COL_VALUE) in {cell for rng in validation.sqref.ranges for cell in rng.cells}


def test_it_is_prefilled_with_stored_and_last_years_values(submission, last_year):
    set_values(submission, **{"users.active": 310, "finance.expenses_total": "15100.5",
                              "accredited": 1})
    wb = _open(build_workbook(submission))
    ws, row = locate(wb, "users.active")
    assert ws.cell(row=row, column=4).value == 300  # last year
    assert ws.cell(row=row, column=COL_VALUE).value == 310
    ws, row = locate(wb, "finance.expenses_total")
    assert float(ws.cell(row=row, column=COL_VALUE).value) == 15100.5
    ws, row = locate(wb, "accredited")
    assert ws.cell(row=row, column=COL_VALUE).value == "jā"


def test_of_which_rows_are_indented(submission):
    wb = _open(build_workbook(submission))
    ws, row = locate(wb, "collection.acquired.latvian_fiction")
    assert ws.cell(row=row, column=2).alignment.indent == 4
    ws, row = locate(wb, "collection.acquired")
    assert ws.cell(row=row, column=2).alignment.indent == 0


def test_the_template_version_follows_the_catalogue(db):
    before = template_version(catalogue_for(2022))
    Indicator.objects.filter(code="ecatalogue.web_orders").update(valid_to=2021)
    assert template_version(catalogue_for(2022)) != before
    assert template_version(catalogue_for(2021)) == before
