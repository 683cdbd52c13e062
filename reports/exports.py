"""XLSX and CSV renderings of the report: one sheet (or file) per table, numbers as numbers.

They only lay out the ReportData's ready values; there is no arithmetic here.
Text is never turned into a formula: XLSX cells holding text are typed as strings,
and CSV text starting with = + - @ gets a leading apostrophe (`reports.csv_export`).
"""

import io
import re
from decimal import Decimal

from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from libreport.spreadsheet import put
from reports.consolidated import ListTable, ReportData
from reports.csv_export import csv_text
from reports.region_tables import RegionTable

NOT_FINAL_SUFFIX = "nav-galigs"


def export_filename(region_slug: str, year: int, extension: str, *, final: bool = True,
                    version: int | None = None, part: str = "") -> str:
    """A download's file name, Latvian or neutral: `rezeknes-novads-2021.pdf`.

    A published version adds `-v2`; figures that include submissions not yet accepted
    add `-nav-galigs` ("not final"); `part` (a table key, a chart title...) is slugified.
    """
    name = f"{region_slug}-{year}"
    if version:
        name += f"-v{version}"
    elif not final:
        name += f"-{NOT_FINAL_SUFFIX}"
    part = slugify(part.replace("_", "-")).removesuffix(f"-{year}")[:60].strip("-")
    if part:
        name += f"-{part}"
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


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:28] or "Tabula"
    name, counter = base, 2
    while name.lower() in used:
        name = f"{base[:26]} {counter}"
        counter += 1
    used.add(name.lower())
    return name


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE5EE")
TITLE_FONT = Font(bold=True, size=13)


def render_xlsx(data: ReportData) -> bytes:
    workbook = Workbook()
    cover = workbook.active
    cover.title = "Pārskats"
    used = {"pārskats"}
    put(cover, 1, 1, f"{data.region_name}: Publisko bibliotēku darba pārskats {data.year}"
         ).font = TITLE_FONT
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
    cover.column_dimensions["A"].width = 42
    cover.column_dimensions["B"].width = 16
    for table in data.all_tables():
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        headers, rows = table_grid(data, table)
        put(sheet, 1, 1, table.title).font = TITLE_FONT
        for column, header in enumerate(headers, start=1):
            cell = put(sheet, 3, column, header)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row_index, cells in enumerate(rows, start=4):
            for column, value in enumerate(cells, start=1):
                put(sheet, row_index, column, value)
        sheet.freeze_panes = "B4"
        sheet.column_dimensions["A"].width = 48
        for column in range(2, len(headers) + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 14
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_csv(data: ReportData, table: RegionTable | ListTable) -> str:
    """One table as Latvian-Excel CSV text (with its byte order mark)."""
    headers, rows = table_grid(data, table)
    return csv_text([headers, *rows])
