"""Every CSV download of the portal, written the way a Latvian Excel opens it.

- cells separated by ";" (Latvian Excel expects it, since "," is the decimal mark);
- numbers with a decimal comma and no thousands separator (`6441`, `24,6`, `-2,1`), so
  Excel reads them as numbers;
- UTF-8 with a byte order mark, so Excel reads ā, č, ē... right;
- text that Excel would take for a formula (starting with = + - @, a tab or a carriage
  return) gets a leading apostrophe (`core.spreadsheet.csv_cell`, shared with the
  XLSX writers). Numbers are never touched: `-2,1` stays a number.

Give the cells raw values (int, Decimal, float, None or text); formatted display text
such as "6 441" would reach Excel as text.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from core.spreadsheet import FORMULA_START, csv_cell

__all__ = ["BOM", "CONTENT_TYPE", "DELIMITER", "FORMULA_START", "csv_cell", "csv_response",
           "csv_text"]

DELIMITER = ";"
BOM = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"


def csv_text(rows: Iterable[Sequence]) -> str:
    """The rows as CSV text with the byte order mark (every cell through `csv_cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return BOM + buffer.getvalue()


def csv_response(rows: Iterable[Sequence], filename: str) -> HttpResponse:
    """A CSV download of the rows, saved as `filename`."""
    response = HttpResponse(csv_text(rows), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
