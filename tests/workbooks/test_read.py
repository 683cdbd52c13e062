import io
import zipfile
from decimal import Decimal

import pytest

from catalogue.models import Indicator
from submissions.models import AuditEntry, Value
from submissions.services import FigureInput, value_save
from tests.factories import ReportingYearFactory, SubmissionFactory, set_values
from tests.workbooks.helpers import FIGURES_2021, edit, fill, locate, stored, with_member
from workbooks.workbook import (
    MAX_BYTES,
    WorkbookRefused,
    build_workbook,
    check_archive,
    read_workbook,
)

NOT_XLSX = "not an XLSX file"


def _filled(submission, figures=None, **options):
    return fill(build_workbook(submission), figures or FIGURES_2021, **options)


# Saving ------------------------------------------------------------------------------------

def test_a_filled_workbook_is_saved(submission, librarian):
    result = read_workbook(_filled(submission), submission, user=librarian)
    assert result.ok, result.errors
    assert result.saved == len(FIGURES_2021)
    values = stored(submission)
    assert values["users.active"][0] == Decimal(300)
    assert values["finance.expenses_total"][0] == Decimal("15000.50")
    assert values["staff.units_total"][0] == Decimal("1.75")
    assert AuditEntry.objects.filter(submission=submission, user=librarian).count() == len(
        FIGURES_2021)


def test_uploading_the_same_workbook_again_changes_nothing(submission):
    data = _filled(submission)
    read_workbook(data, submission)
    revisions = dict(submission.values.values_list("indicator__code", "revision"))
    again = read_workbook(build_workbook(submission), submission)
    assert again.ok and again.saved == 0 and again.unchanged == len(FIGURES_2021)
    assert dict(submission.values.values_list("indicator__code", "revision")) == revisions


def test_the_web_form_and_the_workbook_store_the_same_values(submission, other_submission,
                                                              librarian, last_year):
    """The same typing, once in the web form (value_save), once in the workbook."""
    typed = {code: str(value) for code, value in FIGURES_2021.items()}
    typed.update({"users.active": "6 441", "visits.total": "77282",
                  "finance.expenses_total": "15000,5", "staff.units_total": "1,75",
                  "accredited": "jā", "alise.uses": "nē"})
    not_applicable = ["databases.letonika.views"]
    estimates = ["visits.virtual"]
    explanations = {"users.active": "Jauna lasītava", "visits.total": "Remonts beidzās"}
    indicators = {ind.code: ind for ind in Indicator.objects.select_related("parent")}
    for code in indicators:  # the web form saves field by field, in the catalogue's order
        if code in typed or code in not_applicable:
            value_save(submission=submission, indicator=indicators[code], user=librarian,
                       indicators=indicators, data=FigureInput(
                           raw=typed.get(code), not_applicable=code in not_applicable,
                           is_estimate=code in estimates,
                           explanation=explanations.get(code, "")))
    data = _filled(other_submission, typed, not_applicable=not_applicable, estimates=estimates,
                   explanations=explanations)
    result = read_workbook(data, other_submission, user=librarian)
    assert result.ok, result.errors
    assert stored(other_submission) == stored(submission)


def test_numbers_typed_as_numbers_or_as_latvian_text_read_the_same(submission):
    data = _filled(submission, {"users.active": 6441.0, "finance.expenses_total": "1 234,50",
                                "staff.units_total": 1.5})
    result = read_workbook(data, submission, save=False)
    assert result.ok, result.errors
    assert result.values["users.active"] == Decimal(6441)
    assert result.values["finance.expenses_total"] == Decimal("1234.50")
    assert result.values["staff.units_total"] == Decimal("1.5")


def test_empty_cells_are_not_filled_and_missing_figures_are_listed(submission):
    result = read_workbook(build_workbook(submission), submission)
    assert result.ok and result.saved == 0
    assert not Value.objects.filter(submission=submission).exists()
    assert {problem.code for problem in result.missing} >= {"users.active", "accredited"}


def test_clearing_a_cell_clears_the_stored_figure(submission):
    set_values(submission, **{"users.active": 300})
    data = _filled(submission, {"users.active": None})
    assert read_workbook(data, submission).ok
    assert stored(submission)["users.active"][0] is None


def test_warnings_are_saved_with_the_explanation_from_column_h(submission, last_year):
    data = _filled(submission, {**FIGURES_2021, "users.active": 600},
                   explanations={"users.active": "Atvērta jauna filiāle"})
    result = read_workbook(data, submission)
    assert result.ok
    warning = next(p for p in result.warnings if p.code == "users.active")
    ws_name, cell = warning.sheet, warning.cell
    assert ws_name == "5 Pakalpojumi" and cell.startswith("E")
    assert stored(submission)["users.active"] == (Decimal(600), False, False,
                                                  "Atvērta jauna filiāle")


# Errors by sheet and cell, all or nothing ---------------------------------------------------

def _error_at(result, sheet, cell):
    return next(p for p in result.errors if p.sheet == sheet and p.cell == cell)


def test_one_bad_cell_saves_nothing_and_names_sheet_and_cell(submission):
    data = build_workbook(submission)
    data = _filled(submission, {**FIGURES_2021, "users.active": "daudz"})
    result = read_workbook(data, submission)
    assert not result.ok
    assert len(result.errors) == 1
    from openpyxl import load_workbook
    ws, row = locate(load_workbook(io.BytesIO(data)), "users.active")
    problem = _error_at(result, ws.title, f"E{row}")
    assert "is not a number" in problem.message
    assert not Value.objects.filter(submission=submission).exists()


def test_every_kind_of_bad_cell_is_listed(submission):
    data = _filled(submission, {**FIGURES_2021, "users.active": "12,5", "visits.total": -3,
                                "finance.expenses_total": "10,1234", "accredited": "varbūt",
                                "loans.books": 99999})
    result = read_workbook(data, submission)
    messages = " | ".join(str(problem) for problem in result.errors)
    assert "whole number" in messages
    assert "cannot be negative" in messages
    assert "two decimal places" in messages
    assert "answer yes or no" in messages
    assert "larger than the total" in messages  # loans.books > loans.total
    assert all(problem.cell.startswith("E") for problem in result.errors)
    assert not Value.objects.filter(submission=submission).exists()


def test_a_formula_in_an_input_cell_is_an_error(submission):
    data = _filled(submission)
    from openpyxl import load_workbook
    ws, row = locate(load_workbook(io.BytesIO(data)), "visits.total")
    data = edit(data, ws.title, f"E{row}", "=4000+1")
    result = read_workbook(data, submission)
    assert "not a formula" in _error_at(result, ws.title, f"E{row}").message
    assert not Value.objects.filter(submission=submission).exists()


def test_a_value_and_not_applicable_together_is_an_error(submission):
    data = _filled(submission)
    from openpyxl import load_workbook
    ws, row = locate(load_workbook(io.BytesIO(data)), "visits.total")
    data = edit(data, ws.title, f"F{row}", "jā")
    result = read_workbook(data, submission)
    assert "not both" in _error_at(result, ws.title, f"E{row}").message


def test_an_unknown_code_is_an_error_with_its_cell(submission):
    data = edit(_filled(submission), "5 Pakalpojumi", "A4", "users.imaginary")
    result = read_workbook(data, submission)
    assert "users.imaginary" in _error_at(result, "5 Pakalpojumi", "A4").message
    assert not Value.objects.filter(submission=submission).exists()


def test_a_renamed_code_column_is_an_error(submission):
    data = edit(_filled(submission), "5 Pakalpojumi", "A3", "Nosaukums")
    result = read_workbook(data, submission)
    assert "code column" in _error_at(result, "5 Pakalpojumi", "A3").message
    assert not Value.objects.filter(submission=submission).exists()


# Refusals --------------------------------------------------------------------------------

def test_a_workbook_of_another_library_is_refused(submission, other_submission):
    result = read_workbook(_filled(other_submission), submission)
    assert "another library" in result.refused
    assert other_submission.library.name in result.refused
    assert submission.library.name in result.refused
    assert not Value.objects.exists()


def test_a_workbook_of_another_year_is_refused(submission, library):
    older = SubmissionFactory(library=library, year=ReportingYearFactory(year=2021))
    result = read_workbook(_filled(older), submission)
    assert "2021, not 2022" in result.refused


def test_a_workbook_of_another_template_version_is_refused(submission):
    data = _filled(submission)
    Indicator.objects.filter(code="ecatalogue.web_orders").update(valid_to=2021)
    result = read_workbook(data, submission)
    assert "template version" in result.refused


def test_a_workbook_whose_meta_was_edited_is_refused(submission):
    data = edit(_filled(submission), "_meta", "B5", "000000000000")
    assert "000000000000" in read_workbook(data, submission).refused


@pytest.mark.parametrize("content", [
    b"kods;vertiba\nusers.active;300\n",  # a CSV renamed .xlsx
    "Sveiki, šis ir teksts".encode(),  # a text file
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,  # an old .xls (OLE2)
])
def test_a_file_that_is_not_xlsx_is_refused(submission, content):
    result = read_workbook(io.BytesIO(content), submission)
    assert NOT_XLSX in result.refused


def test_a_zip_that_is_not_a_workbook_is_refused(submission):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert NOT_XLSX in read_workbook(buffer.getvalue(), submission).refused


def test_a_damaged_workbook_is_refused(submission):
    data = _filled(submission)
    assert NOT_XLSX in read_workbook(data[:len(data) // 2], submission).refused


def test_a_file_over_5_mb_is_refused_before_reading(submission):
    class Upload(io.BytesIO):
        size = MAX_BYTES + 1

        def read(self, *args):
            raise AssertionError("read a file that is too large")

    assert "5 MB" in read_workbook(Upload(b"PK\x03\x04"), submission).refused
    assert "5 MB" in read_workbook(b"PK\x03\x04" + b"\0" * MAX_BYTES, submission).refused


def test_a_workbook_with_macros_is_refused(submission):
    data = with_member(_filled(submission), "xl/vbaProject.bin", b"\0" * 100)
    assert "macros" in read_workbook(data, submission).refused
    assert not Value.objects.exists()


def test_a_macro_enabled_content_type_is_refused(submission):
    data = _filled(submission)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
            target.writestr(item, content)
    assert "macros" in read_workbook(buffer.getvalue(), submission).refused


def _bomb(members: dict[str, int]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for name, size in members.items():
            archive.writestr(name, b"\0" * size)
    return buffer.getvalue()


def test_a_decompression_bomb_is_refused_by_its_ratio(submission):
    data = _bomb({"xl/worksheets/sheet1.xml": 20 * 1024 * 1024})
    assert len(data) < 100 * 1024
    assert "unpacks to far more data" in read_workbook(data, submission).refused


def test_a_decompression_bomb_is_refused_by_its_total_size(submission):
    data = _bomb({f"xl/media/part{i}.xml": 60 * 1024 for i in range(900)})  # 53 MB in all
    with pytest.raises(WorkbookRefused, match="unpacks to far more data"):
        check_archive(data)


def test_a_submission_that_is_not_editable_is_refused(submission):
    data = _filled(submission)
    submission.status = "submitted"
    submission.save()
    result = read_workbook(data, submission)
    assert "cannot be changed now" in result.refused
    assert not Value.objects.exists()


def test_refusals_speak_the_users_language(submission):
    from django.utils import translation

    with translation.override("en"):
        result = read_workbook(b"not a workbook", submission)
    assert result.refused.startswith("That is not an XLSX file")


def test_a_workbook_made_in_latvian_reads_in_english_and_back(submission):
    from django.utils import translation

    with translation.override("lv"):
        latvian = _filled(submission)
    assert read_workbook(latvian, submission, save=False).ok
    with translation.override("lv"):
        assert read_workbook(_filled(submission), submission, save=False).ok
