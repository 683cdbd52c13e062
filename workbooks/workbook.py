"""The XLSX round trip: a library's yearly figures as a workbook, and the workbook read back.

`build_workbook(submission)` writes one sheet per chapter with figures in force that year
(column A the indicator code, D last year's value, E-H the only unlocked input columns),
an "Instructions" sheet and a hidden `_meta` sheet naming the library, the year and the
template version (a short hash of the catalogue in force that year).

`read_workbook(file, submission)` refuses anything that is not a workbook made for this
submission (not an XLSX, over 5 MB, macros, a decompression bomb, another library, year
or template version), then reads every figure with the web form's own checks
(`submissions.validation`) and saves all of them, or none, through
`submissions.services.values_save_many`. Errors name the sheet, the cell and the fix.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from catalogue.models import Indicator
from catalogue.selectors import catalogue
from core.spreadsheet import put
from quality.selectors import submission_quality
from submissions.models import AuditEntry, StatusChange, Submission, Value
from submissions.services import FigureInput, NotEditableError, values_save_many
from submissions.validation import (
    ABSURD_LIMIT,
    ERROR,
    MISSING,
    WARNING,
    Entry,
    InvalidFigure,
    check_figures,
    parse_value,
    previous_values,
    region_thresholds,
    submission_region_id,
)

MAX_BYTES = 5 * 1024 * 1024  # the upload limit
MAX_UNCOMPRESSED = 50 * 1024 * 1024  # sum of the ZIP members' sizes
MAX_RATIO = 100  # uncompressed : compressed, per member
RATIO_FLOOR = 64 * 1024  # members smaller than this cannot be a bomb, whatever their ratio
ZIP_MAGIC = b"PK\x03\x04"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMAT = "libreport-workbook-1"
META_SHEET = "_meta"
INSTRUCTIONS_SHEET = "Norādījumi"
SHEET_NAME_LIMIT = 31
YES, NO = "jā", "nē"
FLAG_YES = {"jā", "ja", "yes", "y", "x", "1", "true"}
FLAG_NO = {"", "nē", "ne", "no", "n", "0", "false"}
CODE_HEADERS = {"kods", "code"}

# Columns of a figure row.
COL_CODE, COL_NAME, COL_UNIT, COL_LAST, COL_VALUE, COL_NA, COL_ESTIMATE, COL_EXPLANATION = (
    range(1, 9))
INPUT_COLUMNS = (COL_VALUE, COL_NA, COL_ESTIMATE, COL_EXPLANATION)
HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1
HEADER_SEARCH_ROWS = 10  # the code column's header is looked for in the first rows
SPARE_ROWS = 50  # rows read below a sheet's figures (a stray entry there is reported)
WIDTHS = {COL_CODE: 30, COL_NAME: 52, COL_UNIT: 11, COL_LAST: 13, COL_VALUE: 13, COL_NA: 13,
          COL_ESTIMATE: 11, COL_EXPLANATION: 60}

# Short Latvian sheet names (Excel allows 31 characters); other chapters are cut at a word.
SHEET_TITLES = {
    1: "Raksturojums", 2: "Finanses", 3: "Telpas un aprīkojums", 4: "Personāls",
    5: "Pakalpojumi", 6: "Krājums", 7: "Bērni un jaunieši", 8: "Novadpētniecība",
    9: "Projekti", 10: "Publicitāte", 11: "Sadarbība", 12: "Metodiskais darbs",
}
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF9DB")
THIN = Side(style="thin", color="B7B7B7")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


class WorkbookRefused(Exception):
    """The file is refused as a whole; str(error) is the message for the user."""


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    cell: str  # e.g. "E12"; empty when the problem is not tied to one cell
    message: str
    code: str = ""

    def __str__(self):
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class FigureState:
    """One figure as stored, or as a workbook would store it."""

    value: Decimal | None = None
    not_applicable: bool = False
    is_estimate: bool = False
    explanation: str = ""

    @property
    def is_empty(self) -> bool:
        return self.value is None and not self.not_applicable


ADDED, CHANGED, CLEARED = "added", "changed", "cleared"


@dataclass(frozen=True)
class FigureChange:
    """What saving a workbook would do to one figure (old → new)."""

    sheet: str
    cell: str
    indicator: Indicator
    kind: str  # ADDED, CHANGED or CLEARED
    old: FigureState
    new: FigureState

    @property
    def figure_changed(self) -> bool:
        """The figure itself changes, not only its estimate mark or explanation."""
        return (self.old.value, self.old.not_applicable) != (self.new.value,
                                                             self.new.not_applicable)

    @property
    def estimate_changed(self) -> bool:
        return self.old.is_estimate != self.new.is_estimate

    @property
    def explanation_changed(self) -> bool:
        return self.old.explanation != self.new.explanation


@dataclass
class ImportResult:
    """What reading (and saving) a workbook came to."""

    refused: str = ""
    errors: list[CellProblem] = field(default_factory=list)
    warnings: list[CellProblem] = field(default_factory=list)
    missing: list[CellProblem] = field(default_factory=list)
    inputs: dict[str, FigureInput] = field(default_factory=dict)
    values: dict[str, Decimal | None] = field(default_factory=dict)
    saved: int = 0  # figures written (changed)
    unchanged: int = 0  # figures identical to what was stored
    # The preview: what saving would change, per figure in the workbook's order.
    changes: list[FigureChange] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # the figure sheets, in order
    unchanged_on: dict[str, int] = field(default_factory=dict)  # sheet → filled, unchanged
    digest: str = ""  # of the stored figures the preview was made against (stored_digest)
    stale: bool = False  # the stored figures were not those expected: nothing saved

    @property
    def ok(self) -> bool:
        return not self.refused and not self.errors

    @property
    def figures(self) -> int:
        """Figures filled in (a value or “not applicable”)."""
        return sum(1 for code, data in self.inputs.items()
                   if data.not_applicable or self.values.get(code) is not None)


@dataclass(frozen=True)
class WorkbookMeta:
    library: str = ""
    library_name: str = ""
    year: int | None = None
    version: str = ""
    format: str = ""
    generated_at: str = ""


# The catalogue as the workbook sees it ---------------------------------------------------

def catalogue_for(year: int, region=None) -> list[Indicator]:
    """Entered indicators in force in `year`, in the report's order: the workbook's rows
    (with `region`, its own questions too: what its libraries are asked)."""
    return list(catalogue(year, entered=True, region=region).values())


def template_version(indicators: list[Indicator]) -> str:
    """A short hash of the codes, kinds and parents in force: changes when the layout must."""
    lines = sorted(f"{ind.code}|{ind.kind}|{ind.parent.code if ind.parent else ''}"
                   for ind in indicators)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:12]


def sheet_title(chapter) -> str:
    title = SHEET_TITLES.get(chapter.number) or chapter.title_lv
    name = _SHEET_FORBIDDEN.sub(" ", f"{chapter.number} {title}").strip()
    if len(name) > SHEET_NAME_LIMIT:
        name = name[:SHEET_NAME_LIMIT].rsplit(" ", 1)[0]
    return name


def _depth(indicator: Indicator, by_pk: Mapping[int, Indicator]) -> int:
    depth, parent_id = 0, indicator.parent_id
    while parent_id is not None and depth < 5:
        depth += 1
        parent = by_pk.get(parent_id)
        parent_id = parent.parent_id if parent else None
    return depth


def workbook_filename(submission) -> str:
    return f"{submission.library.slug}-{submission.year.year}.xlsx"


# Building -------------------------------------------------------------------------------

def _number_format(indicator: Indicator) -> str:
    return "#,##0" if indicator.kind == Indicator.Kind.COUNT else "#,##0.00"


def _cell_value(indicator: Indicator, value: Decimal | None):
    if value is None:
        return None
    if indicator.is_bool:
        return YES if value else NO
    if indicator.kind == Indicator.Kind.COUNT:
        return int(value)
    return value


def _validations(ws) -> dict[str, DataValidation]:
    def number(kind, title):
        return DataValidation(
            type=kind, operator="between", formula1="0", formula2=str(int(ABSURD_LIMIT)),
            allow_blank=True, showErrorMessage=True, errorTitle=title, error=title)

    validations = {
        Indicator.Kind.COUNT: number("whole", _("Type a whole number, 0 or more.")),
        Indicator.Kind.EUR: number("decimal", _("Type a number, 0 or more, at most two "
                                                "decimal places.")),
        Indicator.Kind.BOOL: DataValidation(
            type="list", formula1=f'"{YES},{NO}"', allow_blank=True, showErrorMessage=True,
            errorTitle=_("Choose “jā” or “nē”."), error=_("Choose “jā” or “nē”.")),
        "flag": DataValidation(
            type="list", formula1=f'"{YES}"', allow_blank=True, showErrorMessage=True,
            errorTitle=_("Choose “jā” or leave empty."),
            error=_("Choose “jā” or leave empty.")),
        "text": DataValidation(type="textLength", operator="lessThanOrEqual", formula1="2000",
                               allow_blank=True, showErrorMessage=True,
                               error=_("At most 2000 characters.")),
    }
    validations[Indicator.Kind.FTE] = validations[Indicator.Kind.EUR]
    for validation in {id(v): v for v in validations.values()}.values():
        ws.add_data_validation(validation)
    return validations


def _header(ws, title: str, subtitle: str, year: int) -> None:
    put(ws, 1, 1, title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=COL_EXPLANATION)
    put(ws, 2, 1, subtitle).font = Font(italic=True, color="555555")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=COL_EXPLANATION)
    labels = {COL_CODE: _("Code"), COL_NAME: _("Indicator"), COL_UNIT: _("Unit"),
              COL_LAST: str(year - 1), COL_VALUE: str(year), COL_NA: _("Not applicable"),
              COL_ESTIMATE: _("Estimate"), COL_EXPLANATION: _("Explanation (for warnings)")}
    for column, label in labels.items():
        cell = put(ws, HEADER_ROW, column, label)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[HEADER_ROW].height = 32
    for column, width in WIDTHS.items():
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=COL_LAST)


def _protect(ws) -> None:
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = False  # people may widen columns …
    protection.formatRows = False  # … and rows, but not change the layout
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def _instructions(wb, submission, version: str) -> None:
    ws = wb.create_sheet(INSTRUCTIONS_SHEET, 0)
    year = submission.year.year
    lines = [
        (_("Annual report figures: %(library)s, %(year)s")
         % {"library": submission.library.name, "year": year}, True),
        ("", False),
        (_("1. Type each figure in column E (“%(year)s”) of the chapter sheets. Column D "
           "shows last year's figure for comparison.") % {"year": year}, False),
        (_("2. Counts are whole numbers; money (EUR) and staff units may have two decimal "
           "places. Type numbers, not formulas."), False),
        (_("3. Yes/no questions: choose “jā” or “nē”."), False),
        (_("4. If a figure does not apply to your library, leave column E empty and choose "
           "“jā” in column F (“Not applicable”)."), False),
        (_("5. Choose “jā” in column G if the figure is an estimate."), False),
        (_("6. If the portal warns about a figure (e.g. a large change on last year), explain "
           "in column H why it is right."), False),
        (_("7. Do not change column A (the indicator codes), the sheet names or the hidden "
           "sheet: the portal uses them to read the workbook back."), False),
        (_("8. Upload the filled workbook on the report's page in the portal. It is checked "
           "like the web form; if any cell is wrong, nothing is saved and the portal lists "
           "each error with its sheet and cell."), False),
        (_("9. The workbook is for this library and year only (template %(version)s). "
           "A workbook of another library, year or template is refused.")
         % {"version": version}, False),
    ]
    for row, (text, bold) in enumerate(lines, start=1):
        cell = put(ws, row, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 110
    _protect(ws)


def _meta(wb, submission, version: str) -> None:
    ws = wb.create_sheet(META_SHEET)
    rows = [("format", FORMAT), ("library", submission.library.slug),
            ("library_name", submission.library.name), ("year", submission.year.year),
            ("template_version", version),
            ("generated_at", timezone.now().isoformat(timespec="seconds"))]
    for row, (key, value) in enumerate(rows, start=1):
        put(ws, row, 1, key)
        put(ws, row, 2, value)
    ws.sheet_state = "hidden"
    _protect(ws)


def _stored_values(submission) -> dict[str, Value]:
    if submission.pk is None:
        return {}
    return {value.indicator.code: value
            for value in Value.objects.filter(submission=submission).select_related("indicator")}


def build_workbook(submission, indicators: list[Indicator] | None = None) -> bytes:
    """The submission's figures as an XLSX workbook (also a backup of what is stored)."""
    year = submission.year.year
    if indicators is None:
        indicators = catalogue_for(year, submission.library.region_id)
    version = template_version(indicators)
    stored = _stored_values(submission)
    previous = previous_values(submission)
    by_pk = {ind.pk: ind for ind in indicators}

    wb = Workbook()
    wb.remove(wb.active)
    _instructions(wb, submission, version)
    chapters: dict[int, list[Indicator]] = {}
    chapter_of = {}
    for indicator in indicators:
        chapters.setdefault(indicator.chapter.number, []).append(indicator)
        chapter_of[indicator.chapter.number] = indicator.chapter
    for number, rows in chapters.items():
        chapter = chapter_of[number]
        ws = wb.create_sheet(sheet_title(chapter))
        _header(ws, f"{chapter.number}. {chapter.title}",
                f"{submission.library.name} · {year}", year)
        validations = _validations(ws)
        for row, indicator in enumerate(rows, start=FIRST_ROW):
            _figure_row(ws, row, indicator, stored.get(indicator.code),
                        previous.get(indicator.code), _depth(indicator, by_pk), validations)
        _protect(ws)
    _meta(wb, submission, version)
    if len(wb.sheetnames) > 2:
        wb.active = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _figure_row(ws, row, indicator, value: Value | None, last, depth, validations) -> None:
    cells = {
        COL_CODE: indicator.code,
        COL_NAME: indicator.name,
        COL_UNIT: indicator.get_unit_display(),
        COL_LAST: _cell_value(indicator, last),
        COL_VALUE: _cell_value(indicator, value.value) if value else None,
        COL_NA: YES if value and value.not_applicable else None,
        COL_ESTIMATE: YES if value and value.is_estimate else None,
        COL_EXPLANATION: (value.explanation or None) if value else None,
    }
    for column, content in cells.items():
        cell = put(ws, row, column, content)
        cell.border = BORDER
        if column in INPUT_COLUMNS:
            cell.protection = Protection(locked=False)
            cell.fill = INPUT_FILL
        else:
            cell.fill = LOCKED_FILL
    ws.cell(row=row, column=COL_CODE).font = Font(color="555555", size=9)
    ws.cell(row=row, column=COL_NAME).alignment = Alignment(indent=depth * 2, wrap_text=True)
    ws.cell(row=row, column=COL_EXPLANATION).alignment = Alignment(wrap_text=True)
    if not indicator.is_bool:
        for column in (COL_LAST, COL_VALUE):
            ws.cell(row=row, column=column).number_format = _number_format(indicator)
    validations[indicator.kind].add(ws.cell(row=row, column=COL_VALUE))
    validations["flag"].add(ws.cell(row=row, column=COL_NA))
    validations["flag"].add(ws.cell(row=row, column=COL_ESTIMATE))
    validations["text"].add(ws.cell(row=row, column=COL_EXPLANATION))


# Refusing what is not our workbook ----------------------------------------------------------

def _read_bytes(file) -> bytes:
    """The upload's bytes, refusing anything over the limit before reading it."""
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    elif isinstance(file, str | os.PathLike):
        if os.path.getsize(file) > MAX_BYTES:
            raise WorkbookRefused(too_large_message())
        with open(file, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    else:
        size = getattr(file, "size", None)
        if size is not None and size > MAX_BYTES:
            raise WorkbookRefused(too_large_message())
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise WorkbookRefused(too_large_message())
    return data


def read_upload(file) -> bytes:
    """An upload's bytes (a path, bytes or a file-like), WorkbookRefused if over 5 MB."""
    return _read_bytes(file)


def too_large_message() -> str:
    """The refusal of a file over MAX_BYTES (also used before an upload is even read)."""
    return _("The file is larger than 5 MB. A report workbook is much smaller: upload the "
             "workbook downloaded from the portal.")


def _not_xlsx() -> str:
    return _("That is not an XLSX file. Upload the Excel workbook (.xlsx) downloaded from the "
             "portal; other formats (.xls, .csv, .ods, text) cannot be read.")


def check_archive(data: bytes) -> None:
    """Refuse non-XLSX files, macros and decompression bombs, before openpyxl sees them."""
    if not data.startswith(ZIP_MAGIC):
        raise WorkbookRefused(_not_xlsx())
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise WorkbookRefused(_not_xlsx())
            total = 0
            for member in members:
                total += member.file_size
                if "vbaproject" in member.filename.lower():
                    raise WorkbookRefused(_macros())
                if (member.file_size > RATIO_FLOOR
                        and member.file_size > MAX_RATIO * max(member.compress_size, 1)):
                    raise WorkbookRefused(_bomb())
            if total > MAX_UNCOMPRESSED:
                raise WorkbookRefused(_bomb())
            content_types = archive.read("[Content_Types].xml").lower()
    except zipfile.BadZipFile:
        raise WorkbookRefused(_not_xlsx()) from None
    if b"macroenabled" in content_types or b"vbaproject" in content_types:
        raise WorkbookRefused(_macros())


def _macros() -> str:
    return _("The workbook contains macros (an .xlsm file). For safety the portal does not "
             "accept macros: upload the .xlsx workbook downloaded from the portal.")


def _bomb() -> str:
    return _("The file unpacks to far more data than a report workbook holds and is refused "
             "for safety. Upload the workbook downloaded from the portal.")


def open_workbook(file):
    """The checked, loaded openpyxl workbook (formulas kept as text), or WorkbookRefused."""
    data = _read_bytes(file)
    check_archive(data)
    try:
        # data_only=False: a formula stays a formula (“=…”) and is refused cell by cell,
        # instead of silently reading as an empty cell when nothing is cached.
        # read_only=True: each sheet is streamed row by row and only the rows asked for
        # are parsed (`_sheet_rows`), so a stray cell at A1048576 costs nothing.
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise WorkbookRefused(_not_xlsx()) from None


def workbook_meta(wb) -> WorkbookMeta:
    if META_SHEET not in wb.sheetnames:
        raise WorkbookRefused(_(
            "This workbook was not made by the portal (its hidden “_meta” sheet is missing). "
            "Download the workbook for this report and fill that in."))
    values = {}
    for key, value, *_rest in wb[META_SHEET].iter_rows(min_row=1, max_row=20, max_col=2,
                                                      values_only=True):
        if key:
            values[str(key).strip()] = value
    try:
        year = int(values.get("year"))
    except (TypeError, ValueError):
        year = None
    return WorkbookMeta(library=str(values.get("library") or ""),
                        library_name=str(values.get("library_name") or ""),
                        year=year, version=str(values.get("template_version") or ""),
                        format=str(values.get("format") or ""),
                        generated_at=str(values.get("generated_at") or ""))


def check_meta(meta: WorkbookMeta, submission, version: str) -> None:
    library = submission.library
    if meta.library != library.slug:
        raise WorkbookRefused(_(
            "This workbook is for another library: “%(found)s”, not “%(expected)s”. Download "
            "the workbook of %(expected)s and fill that in.")
            % {"found": meta.library_name or meta.library or "?", "expected": library.name})
    if meta.year != submission.year.year:
        raise WorkbookRefused(_(
            "This workbook is for the year %(found)s, not %(expected)s. Download the "
            "workbook for %(expected)s and fill that in.")
            % {"found": meta.year or "?", "expected": submission.year.year})
    if meta.version != version:
        raise WorkbookRefused(_(
            "This workbook was made from another template version (%(found)s; the portal now "
            "uses %(expected)s for %(year)s): the list of indicators has changed. Download a "
            "new workbook and copy your figures into it.")
            % {"found": meta.version or "?", "expected": version,
               "year": submission.year.year})


# Reading the figures -------------------------------------------------------------------------

def _is_formula(cell, column: int) -> bool:
    """A live formula; in the figure and flag columns also text that looks like one.

    An explanation stored as text (as the portal writes it, `core.spreadsheet.put`)
    may start with "=": it is read back as the text typed.
    """
    if cell.data_type == "f":
        return True
    value = cell.value
    return (column != COL_EXPLANATION and isinstance(value, str)
            and value.lstrip().startswith("="))


def _raw(value):
    """A cell's content as parse_value expects it (no float artefacts, no exponent)."""
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return repr(value)
    return value


def _coordinate(column: int, row: int) -> str:
    return f"{get_column_letter(column)}{row}"


def _flag(value, problems: list[CellProblem], sheet: str, coordinate: str) -> bool:
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(_raw(value)).strip().lower()
    if text in FLAG_YES:
        return True
    if text in FLAG_NO:
        return False
    problems.append(CellProblem(sheet, coordinate, _(
        "“%(text)s”: choose “jā” or leave the cell empty.") % {"text": value}))
    return False


def _header_row(rows: list[tuple]) -> int | None:
    for number, cells in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
        value = cells[COL_CODE - 1].value
        if isinstance(value, str) and value.strip().lower() in CODE_HEADERS | {
                _("Code").lower()}:
            return number
    return None


def last_readable_row(indicator_count: int) -> int:
    """The last row of a sheet that is read: the template's rows and some to spare.

    A sheet of the portal's workbook holds at most one row per indicator in force below
    its header; rows past this bound are never parsed, and a sheet whose recorded size
    reaches beyond it is refused (`_sheet_too_long`) instead of being walked cell by cell.
    """
    return HEADER_SEARCH_ROWS + indicator_count + SPARE_ROWS


def _sheet_too_long(sheet: str, reaches: int, last_row: int) -> CellProblem:
    return CellProblem(sheet, _coordinate(COL_CODE, reaches), _(
        "This sheet reaches down to row %(reaches)s, far below the report's rows (they end "
        "before row %(last)s). Delete the rows below the figures (select them, right-click, "
        "Delete) or download a new workbook and copy your figures into it.")
        % {"reaches": reaches, "last": last_row})


def _sheet_rows(ws, last_row: int) -> list[tuple]:
    """Rows 1…last_row of a read-only sheet, columns A…H, missing cells filled as empty."""
    return list(ws.iter_rows(min_row=1, max_row=last_row, min_col=1,
                             max_col=COL_EXPLANATION))


@dataclass
class _Row:
    sheet: str
    row: int
    indicator: Indicator
    data: FigureInput


def _read_rows(wb, indicators: Mapping[str, Indicator], result: ImportResult) -> list[_Row]:
    rows: list[_Row] = []
    seen: dict[str, str] = {}
    last_row = last_readable_row(len(indicators))
    for ws in wb.worksheets:
        if ws.title in (META_SHEET, INSTRUCTIONS_SHEET):
            continue
        # The size the file records for the sheet (Excel, LibreOffice and openpyxl all
        # write it); reading stops at last_row whatever it says.
        if (ws.max_row or 0) > last_row:
            result.errors.append(_sheet_too_long(ws.title, ws.max_row, last_row))
            continue
        sheet_rows = _sheet_rows(ws, last_row)
        header = _header_row(sheet_rows)
        if header is None:
            result.errors.append(CellProblem(ws.title, f"A{HEADER_ROW}", _(
                "The code column is missing or renamed: column A must be headed “%(header)s” "
                "and list the indicator codes. Download a new workbook and copy your figures "
                "into it.") % {"header": _("Code")}))
            continue
        for row, cells in enumerate(sheet_rows[header:], start=header + 1):
            code_value = cells[COL_CODE - 1].value
            code = str(code_value).strip() if code_value is not None else ""
            code_cell = _coordinate(COL_CODE, row)
            inputs = [cells[column - 1] for column in INPUT_COLUMNS]
            if not code:
                if any(cell.value not in (None, "") for cell in inputs):
                    result.errors.append(CellProblem(ws.title, code_cell, _(
                        "This row has figures but no indicator code in column A. Do not "
                        "change column A.")))
                continue
            indicator = indicators.get(code)
            if indicator is None:
                result.errors.append(CellProblem(ws.title, code_cell, _(
                    "Unknown indicator code “%(code)s”. Do not change column A; download a new "
                    "workbook if the list of indicators has changed.") % {"code": code}))
                continue
            if code in seen:
                result.errors.append(CellProblem(ws.title, code_cell, _(
                    "The indicator “%(code)s” appears twice (also at %(other)s). Keep one row.")
                    % {"code": code, "other": seen[code]}))
                continue
            seen[code] = f"{ws.title}!{code_cell}"
            formulas = [column for column, cell in zip(INPUT_COLUMNS, inputs, strict=True)
                        if _is_formula(cell, column)]
            for column in formulas:
                message = (_("%(field)s: type the explanation as text, not a formula.")
                           if column == COL_EXPLANATION else
                           _("%(field)s: type the number, not a formula."))
                result.errors.append(CellProblem(ws.title, _coordinate(column, row),
                                                 message % {"field": indicator.label}))
            if formulas:
                continue
            value_cell, na_cell, estimate_cell, explanation_cell = inputs
            not_applicable = _flag(na_cell.value, result.errors, ws.title,
                                   _coordinate(COL_NA, row))
            is_estimate = _flag(estimate_cell.value, result.errors, ws.title,
                                _coordinate(COL_ESTIMATE, row))
            raw = _raw(value_cell.value)
            explanation = explanation_cell.value
            explanation = "" if explanation is None else str(explanation).strip()
            rows.append(_Row(ws.title, row, indicator, FigureInput(
                raw=raw, not_applicable=not_applicable, is_estimate=is_estimate,
                explanation=explanation)))
    return rows


def _parse_rows(rows: list[_Row], result: ImportResult) -> None:
    for item in rows:
        data, indicator = item.data, item.indicator
        cell = f"{get_column_letter(COL_VALUE)}{item.row}"
        try:
            number = parse_value(indicator, data.raw)
        except InvalidFigure as error:
            result.errors.append(CellProblem(item.sheet, cell, str(error), indicator.code))
            continue
        if data.not_applicable and number is not None:
            result.errors.append(CellProblem(item.sheet, cell, _(
                "%(field)s: either type a figure or mark it “not applicable”, not both.")
                % {"field": indicator.label}, indicator.code))
            continue
        result.inputs[indicator.code] = data
        result.values[indicator.code] = number


def _stored_state(value: Value | None) -> FigureState:
    if value is None:
        return FigureState()
    return FigureState(value.value, value.not_applicable, value.is_estimate,
                       value.explanation or "")


def _input_state(number, data: FigureInput) -> FigureState:
    """What saving `data` would store: a figure is unchanged when this equals
    `_stored_state` (an estimate mark on an empty figure is not stored)."""
    return FigureState(number, data.not_applicable, bool(data.is_estimate and number is not None),
                       data.explanation or "")


def stored_digest(stored: Mapping[str, Value]) -> str:
    """A digest of a submission's stored figures: changes when any figure, its “not
    applicable” or estimate mark or its explanation does (a preview is made against one)."""
    lines = sorted(f"{code}|{value.value}|{value.not_applicable:d}|{value.is_estimate:d}|"
                   f"{value.explanation}" for code, value in stored.items())
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _preview(result: ImportResult, rows: list[_Row], stored: Mapping[str, Value]) -> None:
    """Fill in what saving would change: `changes`, `sheets`, `unchanged_on`."""
    result.sheets = list(dict.fromkeys(item.sheet for item in rows))
    for item in rows:
        code = item.indicator.code
        if code not in result.inputs:  # the cell could not be read: an error says why
            continue
        old = _stored_state(stored.get(code))
        new = _input_state(result.values[code], result.inputs[code])
        if old == new:
            if not new.is_empty:
                result.unchanged_on[item.sheet] = result.unchanged_on.get(item.sheet, 0) + 1
            continue
        kind = (ADDED if old.is_empty and not new.is_empty
                else CLEARED if new.is_empty and not old.is_empty else CHANGED)
        result.changes.append(FigureChange(item.sheet, _coordinate(COL_VALUE, item.row),
                                           item.indicator, kind, old, new))


def read_workbook(file, submission: Submission, *, user=None, require_editable: bool = True,
                  save: bool = True, wb=None, expect: str | None = None) -> ImportResult:
    """Check a filled workbook against `submission` and save all its figures, or none.

    `file`: a path, bytes or a file-like upload. Returns an ImportResult: `refused` (the
    file as a whole), `errors` (by sheet and cell; nothing saved), `warnings` (saved with
    their explanations), `missing` (required figures still empty), `saved`, `unchanged`,
    and the preview: `changes` (old → new per figure), `unchanged_on` and `digest`.
    With `save=False` nothing is written. With `expect` (a preview's `digest`) nothing is
    saved either when the stored figures are no longer those: `stale`, and the preview
    is made afresh. The caller locks the submission if the check must hold until saved.
    """
    result = ImportResult()
    if require_editable and not submission.is_editable:
        result.refused = _not_editable(submission)
        return result
    indicator_list = catalogue_for(submission.year.year, submission.library.region_id)
    try:
        if wb is None:
            wb = open_workbook(file)
        check_meta(workbook_meta(wb), submission, template_version(indicator_list))
    except WorkbookRefused as error:
        result.refused = str(error)
        return result
    in_force = {ind.code: ind for ind in indicator_list}
    rows = _read_rows(wb, in_force, result)
    _parse_rows(rows, result)
    where = {item.indicator.code: (item.sheet, f"{get_column_letter(COL_VALUE)}{item.row}")
             for item in rows}

    stored = _stored_values(submission)
    entries = {code: Entry(value.value, value.not_applicable, value.explanation)
               for code, value in stored.items()}
    entries.update({code: Entry(result.values[code], data.not_applicable, data.explanation)
                    for code, data in result.inputs.items()})
    every = catalogue(region=submission.library.region_id)
    parse_failed = {problem.code for problem in result.errors if problem.code}
    for problem in check_figures(every, entries, previous_values(submission),
                                 submission.year.year,
                                 quality=submission_quality(submission),
                                 thresholds=region_thresholds(
                                     submission_region_id(submission))):
        if problem.code in parse_failed:
            continue
        sheet, cell = where.get(problem.code, ("", ""))
        if not sheet:
            sheet = _("Workbook")
        located = CellProblem(sheet, cell, problem.message, problem.code)
        if problem.severity == ERROR:
            result.errors.append(located)
        elif problem.severity == WARNING:
            explained = _("(explained)") if problem.explained else _("(explain in column H)")
            result.warnings.append(CellProblem(sheet, cell, f"{problem.message} {explained}",
                                               problem.code))
        elif problem.severity == MISSING:
            result.missing.append(located)
    result.digest = stored_digest(stored)
    _preview(result, rows, stored)
    if expect is not None and expect != result.digest:
        result.stale = True
        return result
    if result.errors or not save:
        return result

    # exactly what the preview showed
    changed = {change.indicator.code: result.inputs[change.indicator.code]
               for change in result.changes}
    result.unchanged = sum(1 for code in result.inputs if code in stored and code not in changed)
    if not changed:
        return result
    try:
        values_save_many(submission=submission, inputs=changed, user=user,
                         indicators=every, require_editable=require_editable)
    except NotEditableError:
        result.refused = _not_editable(submission)
        return result
    except ValidationError as error:
        result.errors.extend(CellProblem(_("Workbook"), "", message)
                             for message in error.messages)
        return result
    result.saved = len(changed)
    return result


def _not_editable(submission) -> str:
    return _("The %(year)s report of %(library)s cannot be changed now (status: %(status)s). "
             "Nothing was saved.") % {"year": submission.year.year,
                                      "library": submission.library.name,
                                      "status": submission.get_status_display()}


# The methodologist's bulk import -------------------------------------------------------------

@dataclass
class FileImport:
    submission: Submission | None
    result: ImportResult
    accepted: bool = False


def import_workbook_file(file, *, user=None, accept: bool = False,
                         dry_run: bool = False) -> FileImport:
    """Import one filled workbook into the submission its `_meta` names.

    Without `accept` the submission must exist and be editable. With `accept` it is created
    if missing (even for a closed year), the figures are stored whatever its status and it
    is marked accepted, with a StatusChange, all in one transaction. With `dry_run` the
    same checks and the preview (`ImportResult.changes`), and nothing is written: a missing
    report is checked as an empty one, never created.
    """
    from libraries.models import Library

    try:
        wb = open_workbook(file)
        meta = workbook_meta(wb)
    except WorkbookRefused as error:
        return FileImport(None, ImportResult(refused=str(error)))
    library = Library.objects.filter(slug=meta.library).first()
    if library is None:
        return FileImport(None, ImportResult(refused=_(
            "The workbook names a library the portal does not know: “%(library)s”.")
            % {"library": meta.library_name or meta.library or "?"}))
    submission = (Submission.objects.select_related("library", "year")
                  .filter(library=library, year__year=meta.year).first())
    if not accept:
        if submission is None:
            return FileImport(None, ImportResult(refused=_(
                "%(library)s has no report for %(year)s. With --accept it is created and "
                "marked accepted.") % {"library": library.name, "year": meta.year}))
        return FileImport(submission, read_workbook(None, submission, user=user, wb=wb,
                                                    save=not dry_run))
    from submissions.models import ReportingYear

    reporting_year = ReportingYear.objects.filter(region_id=library.region_id,
                                                  year=meta.year or 0).first()
    if reporting_year is None:
        return FileImport(None, ImportResult(refused=_(
            "The reporting year %(year)s does not exist in the portal: open it first with "
            "open_year --year %(year)s --deadline YYYY-MM-DD (with --no-invite no librarian "
            "is emailed).")
            % {"year": meta.year or "?"}))
    if dry_run:
        if submission is None:
            submission = Submission(library=library, year=reporting_year)
        return FileImport(submission, read_workbook(None, submission, require_editable=False,
                                                    save=False, wb=wb))
    with transaction.atomic():
        created = submission is None
        if created:
            submission = Submission.objects.create(library=library, year=reporting_year)
        result = read_workbook(None, submission, user=user, require_editable=False, wb=wb)
        if not result.ok:
            transaction.set_rollback(True)
            return FileImport(None if created else submission, result)
        _mark_accepted(submission, user)
    return FileImport(submission, result, accepted=True)


def _mark_accepted(submission: Submission, user) -> None:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status == Submission.Status.ACCEPTED:
        return
    now = timezone.now()
    from_status = submission.status
    submission.status = Submission.Status.ACCEPTED
    submission.submitted_at = submission.submitted_at or now
    submission.accepted_at = now
    submission.save(update_fields=["status", "submitted_at", "accepted_at", "updated_at"])
    user = user if getattr(user, "pk", None) else None
    StatusChange.objects.create(submission=submission, from_status=from_status,
                                to_status=Submission.Status.ACCEPTED, user=user,
                                reason=_("Imported from a workbook."))
    AuditEntry.objects.create(
        submission=submission, user=user, action=AuditEntry.Action.STATUS, target="status",
        label=_("Status"), old=Submission.Status(from_status).label,
        new=Submission.Status.ACCEPTED.label)
