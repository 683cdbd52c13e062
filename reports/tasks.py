"""Background jobs of the reports app (django-tasks; run `python manage.py worker`)."""

import logging
import re

from django.core.files.base import ContentFile
from django.db import OperationalError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from catalogue.selectors import catalogue
from figures.dashboard import build_dashboard
from figures.selectors import statuses_for
from figures.sources import (
    CURRENT,
    CURRENT_ALL,
    current_all_source,
    current_source,
    published_source,
)
from figures.tiles import needed_codes
from reports.consolidated import build_report, localised, report_from_dict
from reports.exports import DASHBOARD_FILE_PART, export_filename
from reports.models import JobState, PdfJob
from reports.national import NATIONAL_SLUG, build_national_report
from reports.pdf import html_to_pdf, render_print_html

logger = logging.getLogger(__name__)
_PAGE = re.compile(r"Page (\d+)")


def _progress(job_id: int, progress: int, step: str) -> None:
    """Record progress in its own short write (autocommit; never inside a transaction).

    Progress is only for the status page: if the database is busy (another process
    publishing), skip this update rather than fail the PDF.
    """
    try:
        PdfJob.objects.filter(pk=job_id).update(progress=min(progress, 99), step=step[:200])
    except OperationalError:
        logger.warning("PDF job %s: progress %s not recorded (database busy)", job_id, progress)


class _WeasyProgress(logging.Handler):
    """Turns WeasyPrint's “Step 5 - Creating layout - Page 12” log lines into progress."""

    def __init__(self, job_id: int):
        super().__init__(level=logging.INFO)
        self.job_id = job_id
        self.last = 0

    def emit(self, record):
        message = record.getMessage()
        match = _PAGE.search(message)
        if match:
            page = int(match.group(1))
            progress = 30 + int(60 * page / (page + 15))
            if progress > self.last:
                self.last = progress
                # in the job's language (the rendering runs under its override)
                _progress(self.job_id, progress, _("Page %(page)s") % {"page": page})
        elif message.startswith("Step 6"):
            _progress(self.job_id, 92, "PDF")


def report_data_for(job: PdfJob):
    """The report the job renders, in the active language (the job's, see below).

    A published version is its frozen snapshot with the catalogue's labels in that
    language (`localised`); the national report is built from the regions' published
    versions; a live report is built from the submissions.
    """
    if job.is_national:
        return build_national_report(job.year, user=job.requested_by).data
    if job.published_id:
        return localised(report_from_dict(job.published.snapshot["report"]))
    return build_report(job.region, job.year, statuses_for(job.scope), user=job.requested_by)


def dashboard_print_html(job: PdfJob) -> str:
    """The dashboard's print HTML, in the active language (the job's): the figures of its
    kind read now, the year and metric it was asked for."""
    codes = needed_codes(catalogue())
    source = {CURRENT: current_source, CURRENT_ALL: current_all_source}.get(
        job.dashboard_source, published_source)(job.region, codes=codes)
    if source is None:
        raise ValueError(_("No report has been published yet."))
    board = build_dashboard(source, job.year, metric=job.dashboard_metric)
    return render_to_string("dashboards/dashboard_pdf.html", {
        "board": board, "region": job.region,
        "trend_charts": board.trend_charts,
        "comparison_chart": board.charts["comparison"],
        "group_charts": board.group_charts,
    })


def job_filename(job: PdfJob) -> str:
    """The name a job's PDF is downloaded under (the language is named when not Latvian)."""
    if job.is_dashboard:
        return export_filename(job.region.slug, job.year, "pdf",
                               final=job.dashboard_source != CURRENT_ALL,
                               part=DASHBOARD_FILE_PART, language=job.language)
    if job.is_national:
        return export_filename(NATIONAL_SLUG, job.year, "pdf", language=job.language)
    return export_filename(job.region.slug, job.year, "pdf", final=job.scope != "all",
                           version=job.published.version if job.published_id else None,
                           language=job.language)


@task()
def render_pdf_job(job_id: int) -> None:
    """Make the PDF of one PdfJob, recording progress as it goes.

    It runs outside any transaction: the rendering (seconds) holds no lock, and each
    progress or state write is its own short autocommitted UPDATE.
    """
    job = PdfJob.objects.select_related("region", "published", "requested_by").get(pk=job_id)
    PdfJob.objects.filter(pk=job_id).update(state=JobState.RUNNING, progress=5, step="")
    progress_logger = logging.getLogger("weasyprint.progress")
    handler = _WeasyProgress(job_id)
    progress_logger.addHandler(handler)
    previous_level = progress_logger.level
    progress_logger.setLevel(logging.INFO)
    progress_logger.propagate = False
    try:
        with translation.override(job.language):
            if job.is_dashboard:
                html = dashboard_print_html(job)
                _progress(job_id, 20, "HTML")
                pdf = html_to_pdf(html, report_css=False)
            else:
                data = report_data_for(job)
                _progress(job_id, 20, "HTML")
                pdf = html_to_pdf(render_print_html(data))
        job.refresh_from_db()
        name = job_filename(job)
        # The file is written before the one short UPDATE that marks the job done.
        job.file.save(name.removesuffix(".pdf") + f"-{job.pk}.pdf", ContentFile(pdf),
                      save=False)
        job.state, job.progress, job.step = JobState.DONE, 100, ""
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "state", "progress", "step", "finished_at"])
    except Exception as error:  # the job records any failure for the page to show
        logger.exception("PDF job %s failed", job_id)
        PdfJob.objects.filter(pk=job_id).update(state=JobState.FAILED, error=str(error)[:2000],
                                                finished_at=timezone.now())
    finally:
        progress_logger.removeHandler(handler)
        progress_logger.setLevel(previous_level)
        progress_logger.propagate = True
