"""The national level: thin views for the national methodologist (and administrators).

Everything shown comes from the regions' published versions (`reports.national`), except
the campaign progress, which is counts of submissions only, and the national template
(`/national/catalogue/`: the catalogue every region's libraries are asked, changed here
only, through `cycle.catalogue`; each region's methodologist reads it and its change log
on their own catalogue page, `/cycle/catalogue/`). Access goes through
`libraries.permissions` (`national_required`, `region_for_national_or_403`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalogue.formatting import format_number
from catalogue.models import Indicator
from catalogue.selectors import catalogue
from core.changelog import log_rows
from core.csv_export import CONTENT_TYPE as CSV_CONTENT_TYPE
from core.csv_export import csv_response
from core.years import asked_year, choose_year, newest, newest_closed
from cycle import catalogue as template
from cycle.forms import IndicatorAddForm, RetireForm, ThresholdForm
from cycle.models import CatalogueChange
from libraries.collation import latvian_sort_key
from libraries.permissions import (
    national_required,
    region_for_national_or_403,
    template_changer_required,
)
from national.dashboard import DEFAULT_METRIC, METRICS, build_national_dashboard
from reports.docx import CONTENT_TYPE as DOCX_CONTENT_TYPE
from reports.docx import render_docx
from reports.exports import export_filename, render_csv, render_xlsx
from reports.models import JobState, job_language
from reports.national import (
    NATIONAL_SLUG,
    build_national_report,
    campaign_progress,
    library_tables,
    library_values,
    national_pdf_job,
    published_libraries,
    published_years,
    render_national_json,
)
from reports.selectors import latest_published
from reports.services import national_pdf_job_start
from submissions.models import ReportingYear

LIBRARIES_PER_PAGE = 50
# The key figures of a region's libraries on the drill-down page.
# A region's libraries at the national level, each rounded as the catalogue (and so the
# region's published report) rounds it.
LIBRARY_COLUMNS = ("population.total", "users.active", "visits.total", "loans.total",
                   "derived.visits_per_inhabitant")


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _published_year(request) -> tuple[list[int], int | None]:
    """Years with a published version (newest first) and the one asked for, or the newest."""
    years = published_years()
    return years, choose_year(request, years, newest(years))


@national_required
def overview(request):
    """Per region: the year's campaign (handed in, accepted) and its published version."""
    reporting_years = list(ReportingYear.objects.only("year", "is_open"))
    years = sorted({y.year for y in reporting_years}, reverse=True)
    # the newest year closed in some region, else the newest
    year = choose_year(request, years, newest_closed(reporting_years))
    rows = campaign_progress(year) if year else []
    return render(request, "national/overview.html", {
        "years": years, "year": year, "rows": rows,
        "title": _("Regions in %(year)s") % {"year": year} if year else _("Regions"),
    })


def _report_or_404(request):
    years, year = _published_year(request)
    if year is None:
        raise Http404(_("No region has published a report yet."))
    return years, build_national_report(year, user=request.user)


@national_required
def report(request):
    """The national report, one table a page (the regions' list first)."""
    years, year = _published_year(request)
    if year is None:
        return render(request, "national/report.html", {
            "years": years, "year": None, "title": _("National report")})
    national = build_national_report(year, user=request.user)
    tables = [table for chapter in national.data.chapters for table in chapter.tables]
    key = request.GET.get("table") or ""
    table = next((table for table in tables if table.key == key), None)
    return render(request, "national/report.html", {
        "years": years, "year": year, "national": national, "data": national.data,
        "tables": tables, "table": table,
        "regions_list": national.data.chapters[0].lists[0],
        "pdf_job": national_pdf_job(year, job_language()),
        "title": _("National report %(year)s") % {"year": year},
    })


@national_required
@require_POST
def pdf_start(request):
    """Queue the national PDF of the year in the reader's language (or reuse the one made
    from the same published versions) and follow it on the PDF status page."""
    years = published_years()
    year = _int(request.POST.get("year"))
    if year not in years:
        raise Http404
    job = national_pdf_job_start(year=year, user=request.user)
    return redirect("reports:pdf_status", pk=job.pk)


@national_required
def report_download(request, fmt: str):
    if fmt == "pdf":
        return _pdf(request)
    _years, national = _report_or_404(request)
    data = national.data
    if fmt == "json":
        response = HttpResponse(render_national_json(national),
                                content_type="application/json; charset=utf-8")
    elif fmt == "docx":
        response = HttpResponse(render_docx(data), content_type=DOCX_CONTENT_TYPE)
    elif fmt == "xlsx":
        response = HttpResponse(
            render_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        raise Http404
    filename = export_filename(NATIONAL_SLUG, data.year, fmt, language=get_language())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _pdf(request):
    """The national PDF made on the worker: the file when it is ready, else its status
    page, else the report page, which offers to make it (no rendering in the request)."""
    _years, year = _published_year(request)
    if year is None:
        raise Http404
    job = national_pdf_job(year, job_language())
    if job is not None and job.state == JobState.DONE:
        return redirect("reports:pdf_download", pk=job.pk)
    if job is not None:
        return redirect("reports:pdf_status", pk=job.pk)
    messages.info(request, _("Make the PDF first: it is made in the background."))
    return redirect(reverse("national:report") + f"?year={year}")


@national_required
def report_csv(request, key: str):
    _years, national = _report_or_404(request)
    table = national.data.find_table(key)
    if table is None:
        raise Http404
    response = HttpResponse(render_csv(national.data, table), content_type=CSV_CONTENT_TYPE)
    name = export_filename(NATIONAL_SLUG, national.year, "csv", part=table.title,
                           language=get_language())
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def region(request, slug: str):
    """A region at the national level: its published version and its libraries' key figures."""
    region = region_for_national_or_403(request, slug)
    years, year = _published_year(request)
    published = latest_published(region, year) if year else None
    page = None
    if published is not None:
        figures, libraries = published_libraries(published.pk)
        indicators = catalogue()
        formulas = {code: ind.formula for code, ind in indicators.items() if ind.is_derived}
        columns = [(code, indicators[code].decimals if code in indicators else 0)
                   for code in LIBRARY_COLUMNS]
        rows = []
        for library_slug, info in libraries.items():
            values = library_values(figures, library_slug, year, formulas)
            rows.append({"slug": library_slug, "name": (info or {}).get("name", library_slug),
                         "cells": [format_number(values.get(code), decimals)
                                   for code, decimals in columns]})
        rows.sort(key=lambda row: latvian_sort_key(row["name"]))
        page = Paginator(rows, LIBRARIES_PER_PAGE).get_page(request.GET.get("page"))
        headers = [indicators[code].name if code in indicators else code
                   for code in LIBRARY_COLUMNS]
    else:
        headers = []
    return render(request, "national/region.html", {
        "region": region, "years": years, "year": year, "published": published,
        "page": page, "headers": headers,
        "title": f"{region.name} {year or ''}".strip(),
    })


@login_required
def library(request, slug: str, library_slug: str):
    """One library's figures as its region's published version froze them."""
    region = region_for_national_or_403(request, slug)
    _years, year = _published_year(request)
    published = latest_published(region, year) if year else None
    if published is None:
        raise Http404
    figures, libraries = published_libraries(published.pk)
    if library_slug not in libraries:
        raise Http404
    name = (libraries[library_slug] or {}).get("name", library_slug)
    tables = library_tables(figures, library_slug, name, year, indicators=catalogue())
    return render(request, "national/library.html", {
        "region": region, "year": year, "published": published, "data": tables,
        "library_name": name, "title": f"{name} {year}",
    })


@national_required
def dashboard(request):
    """Regions compared per inhabitant; a region's name leads to its libraries."""
    years, year = _published_year(request)
    if year is None:
        return render(request, "national/dashboard.html", {
            "years": years, "year": None, "title": _("National dashboard")})
    metric = request.GET.get("metric") or DEFAULT_METRIC
    board = build_national_dashboard(year, metric if metric in METRICS else DEFAULT_METRIC)
    return render(request, "national/dashboard.html", {
        "years": years, "year": year, "board": board,
        "csv_url": reverse("national:dashboard_csv") + f"?year={year}&metric={board.metric}",
        "title": _("National dashboard %(year)s") % {"year": year},
    })


@national_required
def dashboard_csv(request):
    _years, year = _published_year(request)
    if year is None:
        raise Http404
    board = build_national_dashboard(year, request.GET.get("metric") or DEFAULT_METRIC)
    return csv_response([board.chart.table_headers, *board.chart.data_rows],
                        export_filename(NATIONAL_SLUG, year, "csv", part=board.metric))


# The national template: the catalogue every region's libraries are asked -----------------

def _catalogue_year(request) -> int:
    """Any year asked for (a past year's catalogue is read-only), else the first year whose
    catalogue can still change."""
    return asked_year(request) or template.first_changeable_year()


def _catalogue_url(year: int) -> str:
    return f"{reverse('national:catalogue')}?{urlencode({'year': year})}"


@template_changer_required
def catalogue_page(request, add_form=None):
    """The national template of a year: the indicators in force, changed from the first
    year still open everywhere, with the national change log."""
    year = _catalogue_year(request)
    first = template.first_changeable_year()
    return render(request, "national/catalogue.html", {
        "year": year, "first_changeable": first, "changeable": year >= first,
        "indicators": template.catalogue_in_force(year),
        "add_form": add_form or IndicatorAddForm(year=max(year, first),
                                                 initial={"valid_from": max(year, first)}),
        "changes": log_rows(CatalogueChange.objects.select_related("user")[:30]),
        "title": _("National template %(year)s") % {"year": year},
    })


@template_changer_required
@require_POST
def indicator_add(request):
    form = IndicatorAddForm(request.POST, year=_catalogue_year(request))
    if not form.is_valid():
        return catalogue_page(request, add_form=form)
    try:
        indicator = template.indicator_add(user=request.user, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return catalogue_page(request, add_form=form)
    messages.success(request, _("%(code)s is in the catalogue from %(year)s.") % {
        "code": indicator.code, "year": indicator.valid_from})
    return redirect(_catalogue_url(indicator.valid_from))


@template_changer_required
@require_POST
def indicator_retire(request, pk: int):
    # the template's own (a region's own questions are retired on its catalogue page)
    indicator = get_object_or_404(Indicator, pk=pk, region__isnull=True)
    form = RetireForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say from which year."))
        return redirect(_catalogue_url(_catalogue_year(request)))
    year = form.cleaned_data["from_year"]
    try:
        template.indicator_retire(user=request.user, indicator=indicator, from_year=year)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(code)s is no longer asked from %(year)s.") % {
            "code": indicator.code, "year": year})
    return redirect(_catalogue_url(year))


@template_changer_required
@require_POST
def indicator_threshold(request, pk: int):
    """The national default warning threshold (a region that set its own keeps it)."""
    indicator = get_object_or_404(Indicator.objects.entered(), pk=pk)
    form = ThresholdForm(request.POST)
    if form.is_valid():
        template.indicator_set_threshold(
            user=request.user, indicator=indicator,
            change_threshold_pct=form.cleaned_data["change_threshold_pct"])
        messages.success(request, _("The warning threshold of %(code)s is changed.") % {
            "code": indicator.code})
    else:
        messages.error(request, _("The threshold is a whole number of percent, or empty."))
    return redirect(_catalogue_url(_catalogue_year(request)))
