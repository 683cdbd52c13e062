"""People's text never becomes a formula in a spreadsheet the portal writes (issue 9, item 2).

The payloads go into every text field that reaches the report's XLSX, its CSVs, the
dashboards' CSVs and the library workbook; each file must show them as typed text.
"""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from catalogue.models import Indicator
from core.spreadsheet import csv_cell, put
from figures.selectors import ALL_STATUSES
from libraries.models import Library
from reports.consolidated import build_report
from reports.exports import render_csv, render_xlsx
from reports.models import RegionalEvent
from submissions.models import ImprovementWork, Project, TrainingEvent
from submissions.services import FigureInput, value_save
from tests.factories import ReportingYearFactory, SubmissionFactory, set_values
from tests.workbooks.helpers import locate
from workbooks.workbook import COL_EXPLANATION, build_workbook, read_workbook

PAYLOADS = ('=HYPERLINK("http://x.example","y")', "=cmd|' /C calc'!A0", "+1+2", "-3+4",
            "@SUM(A1:A2)", "\t=1+1", "\r=1+1")


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
            for cell in row]


def test_csv_neutralises_formula_text_but_keeps_numbers():
    for payload in PAYLOADS:
        assert csv_cell(payload) == "'" + payload
    assert csv_cell(Decimal("-2.5")) == "-2,5"
    assert csv_cell(-3) == "-3"
    assert csv_cell("Rēzekne") == "Rēzekne"


def test_xlsx_text_is_stored_as_text():
    workbook = Workbook()
    for row, payload in enumerate(PAYLOADS, start=1):
        put(workbook.active, row, 1, payload)
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert [sheet.cell(row=row, column=1).value.replace("\r", "\n")
            for row in range(1, len(PAYLOADS) + 1)] == [
        payload.replace("\r", "\n") for payload in PAYLOADS]  # XML may keep no bare CR
    assert {sheet.cell(row=row, column=1).data_type for row in range(1, len(PAYLOADS) + 1)} == {
        "s"}


@pytest.fixture
def hostile_report(region):
    """A region whose every text reaching a spreadsheet is a formula payload."""
    year = ReportingYearFactory(year=2021, is_open=False)
    libraries = [Library.objects.create(region=region, name=payload, slug=f"hostile-{n}")
                 for n, payload in enumerate(PAYLOADS)]
    submissions = [SubmissionFactory(library=library, year=year, status="accepted")
                   for library in libraries]
    for submission in submissions:
        set_values(submission, **{"users.active": 10, "population.total": 100,
                                  "visits.total": 50, "loans.total": 70, "accredited": 1})
    first = submissions[0]
    for payload in PAYLOADS:
        TrainingEvent.objects.create(submission=first, date_from=date(2021, 3, 1),
                                     place=payload, organiser=payload, title=payload,
                                     hours=Decimal(2), participants=1)
        Project.objects.create(submission=first, title=payload, funders=payload,
                               amount=Decimal("10.50"), description=payload)
        ImprovementWork.objects.create(submission=first, description=payload,
                                       cost=Decimal("1.25"))
        RegionalEvent.objects.create(region=region, year=2021, date_from=date(2021, 5, 1),
                                     place=payload, organiser=payload, title=payload,
                                     participants=3, hours=Decimal(1))
    # a library without a submission: its name goes to "missing libraries"
    Library.objects.create(region=region, name="=1+1", slug="hostile-missing")
    return build_report(region, 2021, ALL_STATUSES)


def test_report_xlsx_keeps_every_payload_as_text(hostile_report):
    workbook = load_workbook(io.BytesIO(render_xlsx(hostile_report)))
    texts = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.add(cell.value)
    # every payload reached the workbook as typed: list tables, library names, yes/no lists
    texts = {text.replace("\r", "\n") for text in texts}  # XML may keep no bare CR
    for payload in PAYLOADS:
        assert payload.replace("\r", "\n") in texts, payload
    assert "=1+1" in " ".join(texts)


def test_every_report_csv_neutralises_every_payload(hostile_report):
    seen = set()
    for table in hostile_report.all_tables():
        for cell in _csv_cells(render_csv(hostile_report, table)):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or _is_number(cell), (
                table.key, cell)
            seen.add(cell)
    for payload in PAYLOADS:
        assert "'" + payload in seen, payload


def _is_number(cell: str) -> bool:
    try:
        Decimal(cell.replace(",", "."))
    except ArithmeticError:
        return False
    return True


def test_dashboard_csv_neutralises_library_names(hostile_report, region, client_for,
                                                 methodologist):
    client = client_for(methodologist)
    response = client.get(reverse("dashboards:chart_csv", args=["comparison"]),
                          {"source": "current"})
    assert response.status_code == 200
    cells = _csv_cells(response.content.decode())
    for payload in PAYLOADS:
        assert "'" + payload in cells
        assert payload not in cells


def test_workbook_explanation_payload_stays_text_and_is_accepted_back(submission, librarian):
    indicator = Indicator.objects.get(code="users.active")
    for payload in PAYLOADS[:2]:
        value_save(submission=submission, indicator=indicator, user=librarian,
                   data=FigureInput(raw="300", explanation=payload))
        data = build_workbook(submission)
        workbook = load_workbook(io.BytesIO(data))
        sheet, row = locate(workbook, "users.active")
        cell = sheet.cell(row=row, column=COL_EXPLANATION)
        assert cell.value == payload
        assert cell.data_type == "s"
        result = read_workbook(data, submission, user=librarian)
        assert result.ok, result.errors
        assert submission.values.get(indicator=indicator).explanation == payload


def test_workbook_library_name_payload_is_text(submission):
    submission.library.name = "=cmd|' /C calc'!A0"
    submission.library.save(update_fields=["name"])
    workbook = load_workbook(io.BytesIO(build_workbook(submission)))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}"
    assert read_workbook(build_workbook(submission), submission).ok
