"""Municipality dashboards: thin views, every one checks access through the permission layer.

The municipality sees published figures only; the methodologist (and administrators)
may switch to current figures, shown under a "not published" banner. A request for
current figures by anyone else is refused (403).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalogue.selectors import catalogue
from core.csv_export import csv_response
from core.years import asked_year
from dashboards.profile import build_library_profile
from figures.charts import Chart
from figures.comparison import SORTS
from figures.dashboard import NoData, build_dashboard
from figures.sources import (
    CURRENT,
    CURRENT_ALL,
    PUBLISHED,
    SOURCE_LABELS,
    current_all_source,
    current_source,
    published_source,
)
from figures.tiles import DEFAULT_METRIC, METRICS, needed_codes
from libraries.models import Library
from libraries.permissions import get_access, region_for_published_or_403
from reports.exports import DASHBOARD_FILE_PART, export_filename
from reports.services import dashboard_pdf_job_start


class Choices:
    """What the request asked for, validated: region, source kind, year, metric, sort."""

    def __init__(self, request):
        self.region = region_for_published_or_403(request)
        self.access = get_access(request)
        self.may_see_current = self.access.can_view_unaccepted(self.region.pk)
        asked = request.GET.get("source") or ""
        if asked in (CURRENT, CURRENT_ALL) and not self.may_see_current:
            raise PermissionDenied
        self.asked_source = asked if asked in SOURCE_LABELS else ""
        self.year = asked_year(request)  # checked against the source's years when loaded
        metric = request.GET.get("metric") or DEFAULT_METRIC
        self.metric = metric if metric in {m.code for m in METRICS} else DEFAULT_METRIC
        sort = request.GET.get("sort") or "rank"
        self.sort = sort if sort in SORTS or sort in {m.code for m in METRICS} else "rank"
        self.descending = request.GET.get("order") == "desc"

    def load_source(self):
        """The figures to show: published (default), or current for those who may see them.

        The methodologist gets current figures by default while nothing is published.
        """
        codes = needed_codes(catalogue())
        if self.asked_source in ("", PUBLISHED):
            source = published_source(self.region, codes=codes)
            if source is not None or self.asked_source == PUBLISHED or not self.may_see_current:
                return source
        if self.asked_source == CURRENT_ALL:
            return current_all_source(self.region, codes=codes)
        return current_source(self.region, codes=codes)

    def params(self, kind: str, year: int | None, **changes) -> dict:
        params = {"year": year, "source": kind if kind != PUBLISHED else "",
                  "metric": self.metric if self.metric != DEFAULT_METRIC else "",
                  "sort": self.sort if self.sort != "rank" else "",
                  "order": "desc" if self.descending else ""}
        params.update(changes)
        return {key: value for key, value in params.items() if value}


def _query(params: dict) -> str:
    return "?" + urlencode(params) if params else ""


def _source_options(choices, kind):
    if not choices.may_see_current:
        return []
    return [(key, str(label), key == kind) for key, label in SOURCE_LABELS.items()]


def _no_data(request, choices, template_title):
    return render(request, "dashboards/no_data.html", {
        "title": template_title, "region": choices.region,
        "may_see_current": choices.may_see_current,
        "asked_source": choices.asked_source,
        "current_url": reverse("dashboards:dashboard") + _query({"source": CURRENT}),
    })


def _sort_headers(choices, dashboard, base_params):
    """Column headers of the comparison table: link, state and the next order for each."""
    columns = [("rank", _("Rank")), ("name", _("Library")), ("population", _("Population"))]
    columns += [(metric.code, metric.label) for metric in dashboard.metrics]
    headers = []
    for key, label in columns:
        active = choices.sort == key
        # A second click turns the order round; a new column starts with its natural order.
        natural_desc = key not in ("rank", "name")
        descending = (not choices.descending) if active else natural_desc
        params = {**base_params, "sort": key if key != "rank" else "",
                  "order": "desc" if descending else ""}
        headers.append({
            "key": key, "label": label,
            "url": reverse("dashboards:dashboard") + _query(
                {k: v for k, v in params.items() if v}) + "#comparison",
            "aria_sort": ("descending" if choices.descending else "ascending") if active
            else "none",
            "numeric": key not in ("name",),
        })
    return headers


@login_required
def dashboard(request):
    choices = Choices(request)
    source = choices.load_source()
    if source is None:
        return _no_data(request, choices, _("Dashboard"))
    try:
        board = build_dashboard(source, choices.year, metric=choices.metric,
                                sort=choices.sort, descending=choices.descending)
    except NoData:
        return _no_data(request, choices, _("Dashboard"))
    if choices.year and choices.year != board.year:
        messages.info(request, _("There are no figures for %(asked)s here; the dashboard shows "
                                 "%(shown)s.") % {"asked": choices.year, "shown": board.year})
    params = choices.params(source.kind, board.year)
    csv_base = {key: value for key, value in params.items() if key != "sort" and key != "order"}

    def item(key: str):
        return {"chart": board.charts[key],
                "csv_url": reverse("dashboards:chart_csv", args=[key]) + _query(csv_base)}

    profile_query = _query({k: v for k, v in csv_base.items() if k in ("year", "source")})
    return render(request, "dashboards/dashboard.html", {
        "title": _("Dashboard"),
        "board": board,
        "region": choices.region,
        "source_options": _source_options(choices, source.kind),
        "year_options": [(year, year == board.year) for year in reversed(board.years)],
        "metric_options": [(m.code, m.label, m.code == board.metric.code)
                           for m in board.metrics],
        "trend_items": [item(key) for key in board.trend_keys],
        "comparison_item": item("comparison"),
        "group_items": [(group, item(key)) for group, key in
                        zip(board.groups, board.group_chart_keys, strict=True)],
        "sort_headers": _sort_headers(choices, board, params),
        "profile_query": profile_query,
        "pdf_url": reverse("dashboards:dashboard_pdf") + _query(csv_base),
    })


@login_required
def library_profile(request, slug):
    choices = Choices(request)
    library = get_object_or_404(Library, slug=slug, region=choices.region)
    source = choices.load_source()
    if source is None:
        return _no_data(request, choices, library.name)
    try:
        profile = build_library_profile(source, library.slug, choices.year)
    except NoData:
        return _no_data(request, choices, library.name)
    params = choices.params(source.kind, profile.year)
    csv_base = {k: v for k, v in params.items() if k in ("year", "source")}
    csv_query = _query(csv_base)
    items = [{"chart": chart,
              "csv_url": reverse("dashboards:library_chart_csv", args=[slug, key]) + csv_query}
             for key, chart in profile.charts.items()]
    return render(request, "dashboards/library.html", {
        "title": library.name,
        "profile": profile,
        "library": library,
        "region": choices.region,
        "source_options": _source_options(choices, source.kind),
        "year_options": [(year, year == profile.year) for year in reversed(profile.years)],
        "chart_items": items,
        "back_url": reverse("dashboards:dashboard") + csv_query,
    })


def chart_csv_response(chart: Chart, filename: str) -> HttpResponse:
    """A chart's data as the portal's CSV (`core.csv_export`): numbers stay numbers."""
    rows = chart.data_rows or chart.table_rows
    return csv_response([[chart.title], chart.table_headers, *rows], filename)


def _file_part(*parts: str) -> str:
    return "-".join(part for part in parts if part)


@login_required
def chart_csv(request, key):
    """One dashboard chart's data as CSV (the same rows as its table on the page)."""
    choices = Choices(request)
    source = choices.load_source()
    if source is None:
        raise Http404
    try:
        board = build_dashboard(source, choices.year, metric=choices.metric)
    except NoData as error:
        raise Http404 from error
    chart = board.charts.get(key)
    if chart is None:
        raise Http404
    return chart_csv_response(chart, export_filename(
        choices.region.slug, board.year, "csv", final=source.kind != CURRENT_ALL,
        part=_file_part(DASHBOARD_FILE_PART, chart.title)))


@login_required
def library_chart_csv(request, slug, key):
    choices = Choices(request)
    library = get_object_or_404(Library, slug=slug, region=choices.region)
    source = choices.load_source()
    if source is None:
        raise Http404
    try:
        profile = build_library_profile(source, library.slug, choices.year)
    except NoData as error:
        raise Http404 from error
    chart = profile.charts.get(key)
    if chart is None:
        raise Http404
    return chart_csv_response(chart, export_filename(
        slug, profile.year, "csv", final=source.kind != CURRENT_ALL,
        part=chart.title.removeprefix(f"{profile.name}: ")))


@require_POST
@login_required
def dashboard_pdf(request):
    """Queue the dashboard's PDF (a background job in the reader's language) and show its
    progress; the PDF is downloaded from the job's status page when it is made."""
    choices = Choices(request)
    source = choices.load_source()
    if source is None or not source.years:  # nothing to show: the dashboard's own message
        return _no_data(request, choices, _("Dashboard"))
    year = choices.year if choices.year in source.years else source.years[-1]
    job = dashboard_pdf_job_start(region=choices.region, year=year, source=source.kind,
                                  metric=choices.metric, user=request.user)
    return redirect("reports:pdf_status", pk=job.pk)
