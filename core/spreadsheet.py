"""The one way the portal writes people's text into a spreadsheet: as text, never a formula.

Both the library workbooks (`workbooks.workbook`) and the report's exports
(`reports.exports`, `core.csv_export`) go through here, so a warning's explanation
`=HYPERLINK("http://x.example","y")` or a library named `=cmd|' /C calc'!A0` is shown as
the characters typed, for whoever opens the file.

- XLSX: `put` types a text cell as a string (`data_type "s"`), whatever it starts with;
  openpyxl would otherwise store text starting with "=" as a live formula. The text itself
  is kept unchanged, so a workbook read back gives the same text.
- CSV: `csv_cell` puts an apostrophe before text starting with = + - @, a tab or a carriage
  return (OWASP's CSV-injection guidance); numbers are never touched, so `-2,1` stays a
  number for Excel.
"""

from decimal import Decimal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def put(sheet, row: int, column: int, value):
    """Write `value` into the cell; text stays text. Returns the cell for styling."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def csv_safe_text(text: str) -> str:
    """Text that a spreadsheet opening the CSV shows as typed, never runs."""
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def csv_cell(value) -> str:
    """One CSV cell: Latvian decimal comma for numbers, neutralised formulas for text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            return ""
        if value == 0:
            value = abs(value)  # no "-0,00"
        return format(value, "f").replace(".", ",")
    return csv_safe_text(str(value))
