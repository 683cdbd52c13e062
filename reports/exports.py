"""XLSX and CSV renderings of the report: one sheet (or file) per table, numbers as numbers.

They only lay out the ReportData's ready values; there is no arithmetic here. Figures
are exact (euros with cents, ratios and changes unrounded): the XLSX rounds them only
through number formats, the CSV carries them as they are.
Text is never turned into a formula: every cell goes through `core.spreadsheet`
(XLSX text typed as strings; CSV text starting with = + - @ gets an apostrophe).
"""

import io
import math
import re
import textwrap
from decimal import Decimal

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from core.csv_export import csv_text
from core.i18n import pick
from core.spreadsheet import put
from reports.consolidated import DEC1, EUR, INT, ListTable, ReportData
from reports.region_tables import RegionTable

NOT_FINAL_SUFFIX = "nav-galigs"


DASHBOARD_FILE_PART = "panelis"  # "informācijas panelis", the dashboard's files


def export_filename(region_slug: str, year: int, extension: str, *, final: bool = True,
                    version: int | None = None, part: str = "",
                    language: str | None = None) -> str:
    """A download's file name, Latvian or neutral: `rezeknes-novads-2021.pdf`.

    A published version adds `-v2`; figures that include submissions not yet accepted
    add `-nav-galigs` ("not final"); `part` (a table key, a chart title...) is slugified;
    a `language` other than Latvian is named last (`rezeknes-novads-2021-en.docx`), so
    the Latvian and the English file of a report never take each other's name.
    """
    name = f"{region_slug}-{year}"
    if version:
        name += f"-v{version}"
    elif not final:
        name += f"-{NOT_FINAL_SUFFIX}"
    part = slugify(part.replace("_", "-")).removesuffix(f"-{year}")[:60].strip("-")
    if part:
        name += f"-{part}"
    if language and language != settings.LANGUAGE_CODE:
        name += f"-{language}"
    return f"{name}.{extension}"


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def table_grid(data: ReportData, table: RegionTable | ListTable) -> tuple[list[str], list[list]]:
    """Headers and rows of one table, cells as plain values (numbers stay numbers)."""
    if isinstance(table, ListTable):
        return list(table.headers), [[_plain(cell) for cell in row] for row in table.rows]
    years = list(data.years)
    headers = [_("Indicator"), *(str(year) for year in years)]
    if table.show_change:
        headers += [_("Change %(year)s") % {"year": year} for year in years[1:]]
    headers += [_("Missing libraries %(year)s") % {"year": year} for year in years]
    rows = []
    for row in table.rows:
        cells = [row.label, *(_plain(value) for value in row.values)]
        if table.show_change:
            cells += [_plain(change) for change in row.changes[1:]]
        cells += list(row.missing)
        rows.append(cells)
    return headers, rows


# Short sheet names for titles longer than Excel's 31 characters.
SHEET_NAMES = {
    "acquisition_funding": ("Komplektēšanas finansējums", "Acquisition funding"),
    "databases": ("Datubāzu izmantojums", "Use of databases"),
    "regional_events": ("Galvenās bibliotēkas pasākumi", "Main library events"),
    "training": ("Profesionālā pilnveide", "Professional development"),
    "improvements": ("Uzlabošanas darbi", "Improvement works"),
}
SHEET_NAME_LIMIT = 31


def sheet_name(key: str, title: str, used: set[str]) -> str:
    """A readable sheet name of at most 31 characters, unique in the workbook.

    The table's title when it fits, else its short name, else the title cut at a word.
    """
    title = re.sub(r"[\[\]:*?/\\]", " ", title).strip() or "Tabula"
    if len(title) > SHEET_NAME_LIMIT:
        if key in SHEET_NAMES:
            title = pick(*SHEET_NAMES[key])
        else:
            cut = title[:SHEET_NAME_LIMIT - 1].rsplit(" ", 1)[0]
            title = f"{cut}…"
    name, counter = title, 2
    while name.lower() in used:
        suffix = f" {counter}"
        name = title[:SHEET_NAME_LIMIT - len(suffix)] + suffix
        counter += 1
    used.add(name.lower())
    return name


def _number_format(decimals: int) -> str:
    return "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals


PERCENT_FORMAT = "0%"
POINTS_FORMAT = '+0.0" p.p.";-0.0" p.p.";0.0" p.p."'
LIST_FORMATS = {INT: _number_format(0), DEC1: _number_format(1), EUR: _number_format(2)}

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE5EE")
TITLE_FONT = Font(bold=True, size=13)
HEADER_ROW = 3  # row 1: the table's title; row 3: the column headers (frozen, filtered)


def _cell_formats(data: ReportData, table: RegionTable | ListTable) -> list[list[str | None]]:
    """Each cell's number format, in `table_grid`'s layout (None: text or general)."""
    if isinstance(table, ListTable):
        formats = [LIST_FORMATS.get(kind) for kind in table.kinds]
        return [formats for _row in table.rows]
    result = []
    for row in table.rows:
        cells = [None, *([_number_format(row.decimals)] * len(data.years))]
        if table.show_change:
            change = POINTS_FORMAT if row.change_in_points else PERCENT_FORMAT
            cells += [change] * (len(data.years) - 1)
        cells += [_number_format(0)] * len(data.years)
        result.append(cells)
    return result


def _xlsx_rows(data: ReportData, table: RegionTable | ListTable) -> list[list]:
    """`table_grid`'s rows with % changes as fractions, for cells formatted as percent."""
    _headers, rows = table_grid(data, table)
    if isinstance(table, ListTable) or not table.show_change:
        return rows
    first_change = 1 + len(data.years)
    for cells, row in zip(rows, table.rows, strict=True):
        cells[first_change:first_change + len(data.years) - 1] = [
            _plain(change) for change in row.change_fractions[1:]]
    return rows


TEXT_COLUMN_MAX = 45  # a wider text wraps (its row grows) rather than widen the page


def _width(values) -> float:
    longest = max((len(_shown(value)) for value in values), default=8)
    return min(max(longest + 2, 10), TEXT_COLUMN_MAX)


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return max(str(value).split("\n"), key=len)


# Printing. Column widths are in Excel's units (one "0" of the 11 pt body font, ≈ 0.19 cm):
# A4 holds about 97 of them across in portrait and 144 in landscape inside the margins
# below. Every sheet prints fitted to the page's width (as many pages down as it needs),
# landscape when it is wider than portrait, with its title and header rows repeated on
# every page, the report's title and the sheet's name above and "page / pages" below.
PORTRAIT_UNITS = 97
BODY_POINTS = 11
LINE_HEIGHT = 1.3  # a row's height in points per point of font size and line
CHARS_PER_UNIT = 1.1  # letters of text a width unit holds (a "0" is wider than most)
THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOP = Alignment(vertical="top")
WRAP = Alignment(wrap_text=True, vertical="top")


def _text_lines(text: str, width: float, points: float, bold: bool) -> int:
    """How many lines `text` takes wrapped in a column `width` units wide (an estimate
    on the safe side: a row a little too tall prints, one too short cuts the text)."""
    capacity = max(int((width - 1) * CHARS_PER_UNIT * BODY_POINTS / points
                       * (0.9 if bold else 1.0)), 1)
    return sum(len(textwrap.wrap(part, capacity)) or 1 for part in text.split("\n"))


def _fit_row_heights(sheet, first_row: int = 1) -> None:
    """Rows tall enough for their wrapped cells (neither Excel nor LibreOffice grows a
    row of a generated file by itself); a merged cell wraps across its columns."""
    spans = {(merged.min_row, merged.min_col): (merged.min_col, merged.max_col)
             for merged in sheet.merged_cells.ranges}

    def width(column: int) -> float:
        return sheet.column_dimensions[get_column_letter(column)].width or 8.43

    for row in sheet.iter_rows(min_row=first_row):
        lines_points = 0.0
        for cell in row:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            first, last = spans.get((cell.row, cell.column), (cell.column, cell.column))
            points = cell.font.sz or BODY_POINTS
            lines = _text_lines(cell.value, sum(width(c) for c in range(first, last + 1)),
                                points, bool(cell.font.b))
            lines_points = max(lines_points, lines * points)
        if lines_points > BODY_POINTS:
            sheet.row_dimensions[row[0].row].height = math.ceil(lines_points * LINE_HEIGHT) + 2


def _header_footer_text(text: str) -> str:
    return text.replace("&", "&&")  # "&" starts a code in a header or footer


def _print_setup(sheet, *, title: str, repeat_rows: str | None = None) -> None:
    widths = [dimension.width or 8.43 for dimension in sheet.column_dimensions.values()]
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if sum(widths) > PORTRAIT_UNITS else "portrait"
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    setup.fitToWidth, setup.fitToHeight = 1, 0  # one page wide, as many as needed down
    sheet.page_margins.left = sheet.page_margins.right = 0.6  # inches
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.print_options.horizontalCentered = True
    if repeat_rows:
        sheet.print_title_rows = repeat_rows
    sheet.oddHeader.left.text = _header_footer_text(title)
    sheet.oddHeader.right.text = "&A"  # the sheet's name
    sheet.oddFooter.center.text = "&P / &N"
    for part in (sheet.oddHeader.left, sheet.oddHeader.right, sheet.oddFooter.center):
        part.size = 8


NAMES_WIDTH = 90  # the cover's two columns of library names together
NAMES_MIN = 20


def _names_split(rows: list[tuple[str, str]]) -> int:
    """The width of the "yes" names (the "no" names get the rest of `NAMES_WIDTH`) that
    makes the rows, each as tall as its longer list, shortest together."""
    def height(yes_width: int) -> int:
        return sum(max(_text_lines(yes, yes_width, BODY_POINTS, False),
                       _text_lines(no, NAMES_WIDTH - yes_width, BODY_POINTS, False))
                   for yes, no in rows)

    return min(range(NAMES_MIN, NAMES_WIDTH - NAMES_MIN + 1), key=height)


def _cover(workbook, data: ReportData):
    """The summary sheet: the report's facts, then the yes/no questions naming their
    libraries (long lists of names wrap within their columns)."""
    cover = workbook.active
    cover.title = pick("Pārskats", "Summary")
    put(cover, 1, 1, data.title).font = TITLE_FONT
    info = [
        (_("Final"), _("yes") if data.is_final else _("no, includes submissions not accepted")),
        (_("Libraries counted"), data.counted_libraries),
        (_("Libraries in the region"), data.library_total),
        (_("Missing libraries"), ", ".join(data.missing_libraries)),
        (_("Compiled on"), data.compiled_on),
    ]
    if data.is_published:
        info.append((_("Version"), data.version))
    for index, (label, value) in enumerate(info, start=3):
        put(cover, index, 1, label).font = HEADER_FONT
        cell = put(cover, index, 2, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        cover.merge_cells(start_row=index, start_column=2, end_row=index, end_column=5)
    row = len(info) + 4
    header_row = None
    if any(chapter.yes_no for chapter in data.chapters):
        header_row = row
        for column, header in enumerate((_("Yes/no question"), _("Answered yes"),
                                         _("Answered"), _("Libraries that answered yes"),
                                         _("Libraries that answered no")), start=1):
            cell = put(cover, row, column, header)
            cell.font, cell.fill, cell.alignment, cell.border = (
                HEADER_FONT, HEADER_FILL, WRAP, GRID)
        row += 1
    for chapter in data.chapters:
        for item in chapter.yes_no:
            for column, value in enumerate((item.label, item.count, item.answered,
                                            ", ".join(item.libraries),
                                            ", ".join(item.no_libraries)), start=1):
                cell = put(cover, row, column, value)
                cell.alignment, cell.border = (WRAP if isinstance(value, str) else TOP), GRID
            row += 1
    yes_width = _names_split([(", ".join(item.libraries), ", ".join(item.no_libraries))
                              for chapter in data.chapters for item in chapter.yes_no])
    for column, width in zip("ABCDE", (34, 11, 11, yes_width, NAMES_WIDTH - yes_width),
                             strict=True):
        cover.column_dimensions[column].width = width
    _fit_row_heights(cover)
    _print_setup(cover, title=data.title,
                 repeat_rows=f"{header_row}:{header_row}" if header_row else None)
    return cover


def render_xlsx(data: ReportData) -> bytes:
    """The report's tables, one sheet each after a summary sheet.

    Figures are exact numbers (euros with cents, ratios unrounded); the number formats
    round them for display, and % changes are percent cells. Every table sheet has a
    frozen header row, a filter and column widths that fit its content (a long text
    wraps in its cell, the row as tall as it needs). Every sheet prints on A4 one page
    wide (`_print_setup`).
    """
    workbook = Workbook()
    cover = _cover(workbook, data)
    used = {cover.title.lower()}
    for table in data.all_tables():
        sheet = workbook.create_sheet(sheet_name(table.key, table.title, used))
        headers = table_grid(data, table)[0]
        rows = _xlsx_rows(data, table)
        formats = _cell_formats(data, table)
        put(sheet, 1, 1, table.title).font = TITLE_FONT
        for column, header in enumerate(headers, start=1):
            cell = put(sheet, HEADER_ROW, column, header)
            cell.font, cell.fill, cell.alignment, cell.border = (
                HEADER_FONT, HEADER_FILL, WRAP, GRID)
        for row_index, (cells, cell_formats) in enumerate(zip(rows, formats, strict=True),
                                                          start=HEADER_ROW + 1):
            for column, (value, number_format) in enumerate(
                    zip(cells, cell_formats, strict=False), start=1):
                cell = put(sheet, row_index, column, value)
                cell.border = GRID
                if number_format and value is not None and not isinstance(value, str):
                    cell.number_format = number_format
                    cell.alignment = TOP
                else:
                    cell.alignment = WRAP
        last_row = HEADER_ROW + max(len(rows), 1)
        for index, note in enumerate(table_notes(table), start=last_row + 2):
            # below the filtered rows, under the table, wrapped across its width
            put(sheet, index, 1, note).alignment = WRAP
            sheet.merge_cells(start_row=index, start_column=1, end_row=index,
                              end_column=len(headers))
        sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=2)
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{last_row}"
        for column in range(1, len(headers) + 1):
            values = [cells[column - 1] for cells in rows if column - 1 < len(cells)]
            header_width = max((len(word) for word in str(headers[column - 1]).split()),
                               default=8) + 4  # room for the filter button
            width = max(_width(values), header_width)
            if column == 1 and isinstance(table, RegionTable):
                width = max(width, 40)
            sheet.column_dimensions[get_column_letter(column)].width = width
        _fit_row_heights(sheet, first_row=HEADER_ROW)
        _print_setup(sheet, title=data.title, repeat_rows=f"1:{HEADER_ROW}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_notes(table: RegionTable | ListTable) -> tuple[str, ...]:
    """The footnotes under a table: a region table's merges (`RegionTable.notes`)."""
    return () if isinstance(table, ListTable) else table.notes


def render_csv(data: ReportData, table: RegionTable | ListTable) -> str:
    """One table as Latvian-Excel CSV text (with its byte order mark), its footnotes
    after an empty line."""
    headers, rows = table_grid(data, table)
    notes = table_notes(table)
    return csv_text([headers, *rows, *([[], *([note] for note in notes)] if notes else [])])
