"""A small workbook that claims a huge sheet must not occupy the server.

Setting one cell at A1048576 made an 18 KB upload cost half a minute of CPU and a gigabyte
of memory while every row down to it was walked. The reader now streams each sheet and
parses only the template's rows; a sheet whose recorded size reaches far below them is
refused with a message naming it. Memory is measured, not time: tracemalloc's peak while
the upload is read stays small, whatever the sheet claims.
"""

import io
import tracemalloc

from openpyxl import load_workbook

from tests.workbooks.helpers import (
    FAR_ROW,
    FIGURES_2021,
    fill,
    lie_about_size,
    save,
    stored,
    with_far_cell,
)
from workbooks.workbook import META_SHEET, build_workbook, read_workbook

LAST_EXCEL_ROW = FAR_ROW
PEAK_LIMIT = 48 * 1024 * 1024  # the whole read of a normal workbook peaks far below this


def _read_measured(content, submission, user):
    tracemalloc.start()
    try:
        result = read_workbook(content, submission, user=user)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def test_a_far_cell_on_one_sheet_is_refused_naming_the_sheet(submission, librarian):
    content = with_far_cell(fill(build_workbook(submission), FIGURES_2021))
    assert len(content) < 64 * 1024
    before = stored(submission)

    result, peak = _read_measured(content, submission, librarian)

    assert not result.ok and result.saved == 0
    assert stored(submission) == before
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[1].title
    problems = [problem for problem in result.errors if problem.sheet == sheet]
    assert len(problems) == 1
    assert problems[0].cell == f"A{LAST_EXCEL_ROW}"
    assert f"{LAST_EXCEL_ROW}" in problems[0].message
    assert "Delete the rows below the figures" in problems[0].message
    assert peak < PEAK_LIMIT


def test_far_cells_on_every_sheet_cost_no_more_than_one(submission, librarian):
    content = with_far_cell(build_workbook(submission), sheets=slice(None))

    result, peak = _read_measured(content, submission, librarian)

    assert not result.ok and result.saved == 0
    refused_sheets = {problem.sheet for problem in result.errors
                      if problem.cell == f"A{LAST_EXCEL_ROW}"}
    figure_sheets = [name for name in load_workbook(io.BytesIO(content),
                                                    read_only=True).sheetnames
                     if name != META_SHEET]
    # every figure sheet except the instructions (which is never read)
    assert len(refused_sheets) >= len(figure_sheets) - 1
    assert peak < PEAK_LIMIT


def test_a_sheet_that_hides_its_size_is_read_only_to_the_template_rows(submission, librarian):
    """A hand-made file whose recorded size lies: the far row is simply never parsed."""
    content = lie_about_size(with_far_cell(fill(build_workbook(submission), FIGURES_2021),
                                             sheets=slice(None)))

    result, peak = _read_measured(content, submission, librarian)

    assert result.ok, result.errors
    assert result.saved == len(FIGURES_2021)
    assert peak < PEAK_LIMIT


def test_a_stray_entry_just_below_the_figures_is_still_reported(submission, librarian):
    """Rows a little below the template are read: a figure typed there is not lost silently."""
    wb = load_workbook(io.BytesIO(build_workbook(submission)))
    ws = wb.worksheets[1]
    row = ws.max_row + 3
    ws.cell(row=row, column=5, value=12)
    result = read_workbook(save(wb), submission, user=librarian)
    assert not result.ok
    assert [(problem.sheet, problem.cell) for problem in result.errors] == [(ws.title, f"A{row}")]


def test_the_upload_page_answers_the_far_cell_with_the_message(client_for, submission,
                                                             librarian):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from workbooks.workbook import CONTENT_TYPE

    content = with_far_cell(fill(build_workbook(submission), FIGURES_2021))
    response = client_for(librarian).post(
        reverse("workbooks:upload", kwargs={"pk": submission.pk}),
        {"workbook": SimpleUploadedFile("x.xlsx", content, content_type=CONTENT_TYPE)})
    assert response.status_code == 200
    body = response.content.decode()
    assert f"{LAST_EXCEL_ROW}" in body
    assert "Delete the rows below the figures" in body
    assert stored(submission) == {}
