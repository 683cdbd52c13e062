"""The report's XLSX prints (issue 22, item 10): every sheet one A4 page wide, its title
and header rows on every page, long texts wrapped in rows tall enough to show them."""

import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from reports.consolidated import build_report
from reports.exports import render_xlsx
from tests.reports.conftest import make_network

NEEDS_SOFFICE = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) is not installed")


@pytest.fixture
def report(region):
    """35 libraries, half of them answering yes: the cover names ~17 libraries a cell."""
    make_network(region, 35)
    with translation.override("lv"):
        yield build_report(region, 2021)


@pytest.fixture
def workbook(report):
    with translation.override("lv"):
        return load_workbook(io.BytesIO(render_xlsx(report)))


def _widths(sheet) -> list[float]:
    return [sheet.column_dimensions[get_column_letter(column)].width
            for column in range(1, sheet.max_column + 1)]


def test_every_sheet_prints_one_a4_page_wide_with_its_headers_on_every_page(report, workbook):
    assert len(workbook.worksheets) > 10
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert int(setup.paperSize) == int(sheet.PAPERSIZE_A4), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0), sheet.title
        wide = sum(_widths(sheet)) > 97  # wider than A4 portrait holds at 100 %
        assert setup.orientation == ("landscape" if wide else "portrait"), sheet.title
        assert sheet.print_title_rows, sheet.title
        assert sheet.oddHeader.left.text == report.title
        assert sheet.oddHeader.right.text == "&A"  # the sheet's name
        assert sheet.oddFooter.center.text == "&P / &N"  # page / pages
    table = workbook["Bibliotēkas pamatrādītāji"]
    assert table.print_title_rows == "$1:$3"  # the table's title and its column headers
    assert table.page_setup.orientation == "landscape"
    cover = workbook["Pārskats"]
    header_row = next(cell.row for cell in cover["A"] if cell.value == "Jautājums (jā/nē)")
    assert cover.print_title_rows == f"${header_row}:${header_row}"


def test_long_lists_of_names_wrap_in_rows_tall_enough_to_show_them(workbook):
    cover = workbook["Pārskats"]
    names = [cell for cell in cover["D"] if isinstance(cell.value, str)
             and cell.value.count(",") >= 10]
    assert names
    width = cover.column_dimensions["D"].width
    assert width <= 70  # the cover is no longer 60 + 60 characters of unwrapped names
    for cell in names:
        assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
        # at most ~1.2 letters a width unit, 11 pt letters: this many points at least
        lines = len(cell.value) / (width * 1.2)
        assert cover.row_dimensions[cell.row].height >= lines * 11


def test_every_text_cell_of_a_table_wraps_and_numbers_stay_on_top(workbook):
    sheet = workbook["Profesionālā pilnveide"]
    for row in sheet.iter_rows(min_row=4, max_row=sheet.max_row):
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.alignment.wrap_text, cell.coordinate
            elif cell.value is not None:
                assert cell.alignment.vertical == "top", cell.coordinate
    header = sheet["A3"]
    assert header.alignment.wrap_text and header.border.bottom.style == "thin"


def _pdf_pages(content: bytes, folder: str, name: str) -> tuple[int, str]:
    source = Path(folder) / name
    source.write_bytes(content)
    subprocess.run(  # noqa: S603
        ["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile",  # noqa: S607
         "--convert-to", "pdf", "--outdir", folder, str(source)],
        check=True, capture_output=True, timeout=120)
    pdf = source.with_suffix(".pdf").read_bytes()
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True,  # noqa: S607
                          check=True).stdout.decode()
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf,  # noqa: S607
                          capture_output=True, check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", info).group(1)), text


@NEEDS_SOFFICE
def test_libreoffice_prints_each_sheet_one_page_wide(report, workbook):
    """Slow-ish (a few seconds): the workbook as LibreOffice prints it. Before, the
    cover's unwrapped names ran over a dozen pages sideways."""
    with translation.override("lv"), tempfile.TemporaryDirectory() as folder:
        pages, text = _pdf_pages(render_xlsx(report), folder, "report.xlsx")
    # one page a sheet here (each holds a short table), the cover's names on two at most
    assert pages <= len(workbook.sheetnames) + 1
    printed = text.split("\f")
    # every page says which page of how many it is (the footer)
    for number, page in enumerate(printed[:pages], start=1):
        assert f"{number} / {pages}" in page
