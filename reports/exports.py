"""XLSX and CSV renderings of the report: one sheet (or file) per table, numbers as numbers.

They only lay out the ReportData's ready values; there is no arithmetic here. Figures
are exact (euros with cents, ratios and changes unrounded): the XLSX rounds them only
through number formats, the CSV carries them as they are.
Text is never turned into a formula: every cell goes through `libreport.spreadsheet`
(XLSX text typed as strings; CSV text starting with = + - @ gets an apostrophe).
"""

import io
import re
from decimal import Decimal

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from libreport.i18n import pick
from libreport.spreadsheet import put
from reports.consolidated import DEC1, EUR, INT, ListTable, ReportData
from reports.csv_export import csv_text
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


def _width(values) -> float:
    longest = max((len(_shown(value)) for value in values), default=8)
    return min(max(longest + 2, 10), 60)


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return max(str(value).split("\n"), key=len)


def render_xlsx(data: ReportData) -> bytes:
    """The report's tables, one sheet each after a summary sheet.

    Figures are exact numbers (euros with cents, ratios unrounded); the number formats
    round them for display, and % changes are percent cells. Every table sheet has a
    frozen header row, a filter and column widths that fit its content.
    """
    workbook = Workbook()
    cover = workbook.active
    cover.title = pick("Pārskats", "Summary")
    used = {cover.title.lower()}
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
        put(cover, index, 2, value)
    row = len(info) + 4
    if any(chapter.yes_no for chapter in data.chapters):
        for column, header in enumerate((_("Yes/no question"), _("Answered yes"),
                                         _("Answered"), _("Libraries that answered yes"),
                                         _("Libraries that answered no")), start=1):
            put(cover, row, column, header).font = HEADER_FONT
        row += 1
    for chapter in data.chapters:
        for item in chapter.yes_no:
            put(cover, row, 1, item.label)
            put(cover, row, 2, item.count)
            put(cover, row, 3, item.answered)
            put(cover, row, 4, ", ".join(item.libraries))
            put(cover, row, 5, ", ".join(item.no_libraries))
            row += 1
    for column, width in zip("ABCDE", (48, 16, 12, 60, 60), strict=True):
        cover.column_dimensions[column].width = width
    for table in data.all_tables():
        sheet = workbook.create_sheet(sheet_name(table.key, table.title, used))
        headers = table_grid(data, table)[0]
        rows = _xlsx_rows(data, table)
        formats = _cell_formats(data, table)
        put(sheet, 1, 1, table.title).font = TITLE_FONT
        for column, header in enumerate(headers, start=1):
            cell = put(sheet, HEADER_ROW, column, header)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row_index, (cells, cell_formats) in enumerate(zip(rows, formats, strict=True),
                                                          start=HEADER_ROW + 1):
            for column, (value, number_format) in enumerate(
                    zip(cells, cell_formats, strict=False), start=1):
                cell = put(sheet, row_index, column, value)
                if number_format and value is not None and not isinstance(value, str):
                    cell.number_format = number_format
                elif isinstance(value, str) and len(value) > 40:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        last_row = HEADER_ROW + max(len(rows), 1)
        for index, note in enumerate(table_notes(table), start=last_row + 2):
            put(sheet, index, 1, note)  # below the filtered rows, under the table
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
