"""Filling a downloaded workbook the way a librarian would, in openpyxl."""

import io
import re
import zipfile
from decimal import Decimal

from openpyxl import load_workbook

from catalogue.models import Indicator
from workbooks.workbook import COL_ESTIMATE, COL_EXPLANATION, COL_NA, COL_VALUE, META_SHEET

# A plausible year of one small library (parents before their parts).
FIGURES_2021 = {
    "population.total": 1200, "population.children": 180, "users.active": 300,
    "users.active.children": 90, "visits.total": 4000, "visits.children": 900,
    "visits.virtual": 800, "loans.total": 7000, "loans.books": 3500, "loans.periodicals": 3000,
    "loans.children": 800, "reference.queries": 60, "ecatalogue.authorized_total": 20,
    "ecatalogue.authorized_new": 12, "ill.received": 30, "ill.sent": 25,
    "finance.expenses_total": "15000.50", "finance.salaries": "11000.25",
    "acquisition_funding.municipal": 2000, "acquisition_funding.books": 1300,
    "acquisition_funding.periodicals": 700, "collection.acquired": 600,
    "collection.acquired.books": 250, "collection.acquired.children": 60,
    "collection.withdrawn": 500, "collection.stock": 8000, "collection.stock.books": 7000,
    "collection.stock.periodicals": 600, "staff.librarians": 2, "staff.full_time": 1,
    "staff.units_total": "1.75", "staff.education.library": 1, "staff.education.other": 1,
    "staff.education.secondary": 0,
}


def locate(wb, code):
    """(worksheet, row) of an indicator's figure row."""
    for ws in wb.worksheets:
        if ws.title == META_SHEET:
            continue
        for row in range(1, ws.max_row + 1):
            if ws.cell(row=row, column=1).value == code:
                return ws, row
    raise KeyError(code)


def fill(data: bytes, figures: dict, *, explanations=None, not_applicable=(),
         estimates=()) -> bytes:
    """Type figures into column E (and F-H) of a workbook; return the new bytes."""
    wb = load_workbook(io.BytesIO(data))
    for code, value in figures.items():
        ws, row = locate(wb, code)
        ws.cell(row=row, column=COL_VALUE).value = value
    for code in not_applicable:
        ws, row = locate(wb, code)
        ws.cell(row=row, column=COL_VALUE).value = None
        ws.cell(row=row, column=COL_NA, value="jā")
    for code in estimates:
        ws, row = locate(wb, code)
        ws.cell(row=row, column=COL_ESTIMATE, value="jā")
    for code, text in (explanations or {}).items():
        ws, row = locate(wb, code)
        ws.cell(row=row, column=COL_EXPLANATION, value=text)
    return save(wb)


def edit(data: bytes, sheet: str, cell: str, value) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    wb[sheet][cell] = value
    return save(wb)


def save(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    """The same ZIP with one more member (e.g. a macro project)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, content)
    return buffer.getvalue()


def entered_codes(year=2022):
    return list(Indicator.objects.entered().in_force(year).values_list("code", flat=True))


def stored(submission):
    return {code: (value, not_applicable, is_estimate, explanation)
            for code, value, not_applicable, is_estimate, explanation in
            submission.values.values_list("indicator__code", "value", "not_applicable",
                                          "is_estimate", "explanation")}


def as_decimal(value):
    return None if value is None else Decimal(str(value))


# Hostile workbooks (tests/workbooks/test_hostile.py, bench/workbook.py) ----------------------

FAR_ROW = 1_048_576  # the last row a sheet can have


def with_far_cell(data: bytes, sheets=slice(1, 2)) -> bytes:
    """The workbook with `x` typed in A1048576 of the given figure sheets (the second one by
    default): an 18 KB file whose recorded size reaches a million rows."""
    wb = load_workbook(io.BytesIO(data))
    figure_sheets = [ws for ws in wb.worksheets if ws.title != META_SHEET]
    for ws in figure_sheets[sheets]:
        ws.cell(row=FAR_ROW, column=1, value="x")
    return save(wb)


def lie_about_size(content: bytes) -> bytes:
    """Every sheet's recorded size says A1:H20 whatever its cells (a hand-made file)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:H20"/>',
                              data)
            target.writestr(member, data)
    return buffer.getvalue()
