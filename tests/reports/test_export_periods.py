"""A training period's line-break hint belongs to the page and the PDF only (issue 22,
item 11): the exports carry "02.09.–09.11.2021." without a zero-width space, which broke
sorting, search and reading the dates in a spreadsheet."""

import io
import json
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from reports.consolidated import build_report, report_from_dict, report_to_dict
from reports.docx import render_docx
from reports.exports import render_csv, render_xlsx
from reports.pdf import render_print_html
from submissions.models import TrainingEvent

PERIOD = "02.09.–09.11.2021."
HINTED = "02.09.–\u200b09.11.2021."
ZWSP = "\u200b"


@pytest.fixture
def report(region, network):
    TrainingEvent.objects.create(submission=network[0].submissions.get(year__year=2021),
                                 date_from=date(2021, 9, 2), date_to=date(2021, 11, 9),
                                 title="Vadītāju kursi 2021–2022", organiser="LNB KAC", hours=24,
                                 participants=1)
    with translation.override("lv"):
        yield build_report(region, 2021)


def _xlsx_texts(data) -> list[str]:
    workbook = load_workbook(io.BytesIO(render_xlsx(data)))
    return [cell.value for sheet in workbook.worksheets for row in sheet.iter_rows()
            for cell in row if isinstance(cell.value, str)]


def test_the_xlsx_holds_the_period_as_plain_text(report):
    texts = _xlsx_texts(report)
    assert PERIOD in texts
    assert not [text for text in texts if ZWSP in text]


def test_the_csv_holds_the_period_as_plain_text(report):
    text = render_csv(report, report.find_table("training"))
    assert f"\r\n{PERIOD};" in text
    assert ZWSP not in text


def test_the_json_snapshot_holds_the_period_as_plain_text(report):
    text = json.dumps(report_to_dict(report), ensure_ascii=False)
    assert PERIOD in text
    assert ZWSP not in text


def test_the_docx_holds_the_period_as_plain_text(report):
    document = Document(io.BytesIO(render_docx(report)))
    cells = [cell.text for table in document.tables for row in table.rows
             for cell in row.cells]
    assert PERIOD in cells
    assert not [text for text in cells if ZWSP in text]


def test_the_page_and_the_pdf_may_still_wrap_the_period_after_its_dash(
        report, client_for, methodologist):
    assert HINTED in render_print_html(report)
    with translation.override("lv"):
        page = client_for(methodologist).get(reverse("reports:report") + "?year=2021")
    html = page.content.decode()
    assert HINTED in html
    # only a period's dash: a title's own dash is left alone
    assert "Vadītāju kursi 2021–2022" in html


def test_a_version_published_with_the_hint_exports_without_it(report):
    """Snapshots published before kept the zero-width space in their periods."""
    snapshot = json.loads(json.dumps(report_to_dict(report)).replace(
        json.dumps(PERIOD)[1:-1], json.dumps(HINTED)[1:-1]))
    assert HINTED in json.dumps(snapshot, ensure_ascii=False)
    loaded = report_from_dict(snapshot)
    assert PERIOD in [row[0] for row in loaded.find_table("training").rows]
    assert not [text for text in _xlsx_texts(loaded) if ZWSP in text]
