"""The report as PDF: the same ReportData through an HTML template and print CSS, by WeasyPrint.

WeasyPrint takes about half a second per page of tables, so requests never call
this: `reports.tasks.render_pdf_job` does, in the background.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from reports.consolidated import ReportData
from reports.presentation import report_context

PDF_CSS = "css/report-pdf.css"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

# WeasyPrint logs every page it lays out; the PDF job listens to that for its progress.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def render_print_html(data: ReportData) -> str:
    """The HTML that WeasyPrint turns into the PDF."""
    return render_to_string("reports/report_pdf.html", report_context(data, for_print=True))


def _allowed_roots() -> list[Path]:
    return [Path(settings.MEDIA_ROOT).resolve(), FONT_DIR,
            *(Path(p).resolve() for p in settings.STATICFILES_DIRS)]


def safe_url_fetcher(url: str, *args, **kwargs):
    """Fetch only local media, static files and fonts; never the network or other files."""
    from weasyprint.urls import default_url_fetcher

    if url.startswith("file://"):
        path = Path(url.removeprefix("file://")).resolve()
        if any(path.is_relative_to(root) for root in _allowed_roots()):
            return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"Refusing to fetch {url!r} while rendering the PDF.")


def html_to_pdf(html: str) -> bytes:
    """A bare WeasyPrint render of the report's print HTML with its stylesheet."""
    from weasyprint import CSS, HTML

    stylesheet = finders.find(PDF_CSS)
    return HTML(string=html, base_url=str(settings.BASE_DIR),
                url_fetcher=safe_url_fetcher).write_pdf(
        stylesheets=[CSS(filename=stylesheet, url_fetcher=safe_url_fetcher)])


def render_pdf(data: ReportData) -> bytes:
    return html_to_pdf(render_print_html(data))
