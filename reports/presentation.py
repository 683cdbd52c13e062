"""What the report's templates need beside the ReportData: charts and the page's context.

Charts only pick the builder's ready values (no arithmetic) and hand them to
`reports.charts`, which draws every SVG of the portal.
"""

from decimal import Decimal

from django.conf import settings

from reports import charts
from reports.consolidated import ReportData

CHART_ROWS = ("users.active", "visits.total", "loans.total")


def _plain(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def report_charts(data: ReportData) -> list[charts.Chart]:
    """Line charts of the main indicators (users, visits, loans) over the report's years."""
    table = next((t for t in data.tables.tables if t.key == "main_indicators"), None)
    if table is None:
        return []
    rows = {row.code: row for row in table.rows}
    categories = [str(year) for year in data.years]
    return [charts.line_chart(title=rows[code].label, categories=categories,
                              series=[(rows[code].label,
                                       [_plain(value) for value in rows[code].values])])
            for code in CHART_ROWS if code in rows]


def report_context(data: ReportData, *, for_print: bool = False, editable: bool = False,
                   breakdown_links: bool = False) -> dict:
    media_prefix = (f"file://{settings.MEDIA_ROOT}/" if for_print else settings.MEDIA_URL)
    return {
        "data": data,
        "charts": report_charts(data),
        "print": for_print,
        "editable": editable,
        "breakdown_links": breakdown_links,
        "media_prefix": media_prefix,
    }
