"""The report as PDF: the same ReportData through an HTML template and print CSS, by WeasyPrint.

WeasyPrint takes about half a second per page of tables, so requests never call
this: `reports.tasks.render_pdf_job` does, in the background.
"""

import logging
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports.consolidated import ReportData
from reports.presentation import STORAGE_SCHEME, report_context

PDF_CSS = "css/report-pdf.css"
# Tagged PDF (PDF/UA-1): a structure tree with headings, tables and their header cells,
# figures with their alternative text, the document's language (`<html lang>`) and title
# (`<title>`), as EU accessibility rules expect of what a municipality publishes.
# The report and the dashboard PDF are both written with these options.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

# WeasyPrint logs every page it lays out; the PDF job listens to that for its progress.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def page_numbers_css() -> str:
    """The CSS `content` of the page footer in the active language ("3. lpp. no 16",
    "Page 3 of 16"): the translated words as CSS strings around the page counters."""
    pattern = _("Page {page} of {pages}")
    parts = re.split(r"(\{page\}|\{pages\})", pattern)
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return " ".join(counters.get(part) or _css_string(part) for part in parts if part)


def _css_string(text: str) -> str:
    return '"' + re.sub(r'[\\"<>\n]', lambda m: f"\\{ord(m.group()):x} ", text) + '"'


def render_print_html(data: ReportData) -> str:
    """The HTML that WeasyPrint turns into the PDF."""
    context = report_context(data, for_print=True)
    context["page_numbers"] = page_numbers_css()
    return render_to_string("reports/report_pdf.html", context)


def _allowed_roots() -> list[Path]:
    return [Path(settings.MEDIA_ROOT).resolve(), FONT_DIR,
            *(Path(p).resolve() for p in settings.STATICFILES_DIRS)]


class SafeURLFetcher(URLFetcher):
    """Fetch only stored uploads, static files and fonts; never the network or other files.

    `storage:<name>` reads an upload (an appendix picture) through the default storage;
    `file://` reads a file under MEDIA_ROOT, the static folders or the fonts folder.
    """

    def fetch(self, url, headers=None):
        if url.startswith(STORAGE_SCHEME):
            name = unquote(url.removeprefix(STORAGE_SCHEME))
            if not name or name.startswith("/") or ".." in Path(name).parts:
                raise ValueError(f"Refusing to fetch {url!r} while rendering the PDF.")
            with default_storage.open(name, "rb") as handle:
                return _response(url, name, handle.read())
        if url.startswith("file://"):
            path = Path(unquote(url.removeprefix("file://").split("?")[0])).resolve()
            if any(path.is_relative_to(root) for root in _allowed_roots()):
                return _response(url, path.name, path.read_bytes())
        raise ValueError(f"Refusing to fetch {url!r} while rendering the PDF.")


def _response(url: str, name: str, content: bytes) -> URLFetcherResponse:
    mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return URLFetcherResponse(url, body=content, headers={"Content-Type": mime_type})


# Kept for callers that pass it as `url_fetcher` (e.g. the dashboards' PDF).
safe_url_fetcher = SafeURLFetcher()


def html_to_pdf(html: str, *, report_css: bool = True) -> bytes:
    """A bare WeasyPrint render of the report's print HTML with its stylesheet (the
    dashboard's print HTML carries its own: `report_css=False`)."""
    from weasyprint import CSS, HTML

    fetcher = SafeURLFetcher()
    stylesheets = ([CSS(filename=finders.find(PDF_CSS), url_fetcher=fetcher)] if report_css
                   else [])
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf(
        stylesheets=stylesheets, **PDF_OPTIONS)


def render_pdf(data: ReportData) -> bytes:
    return html_to_pdf(render_print_html(data))
