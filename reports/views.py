"""Views of the consolidated report: thin, every one checks access through the permission layer.

The methodologist (and administrators) compile, write, publish and export the live
report; the municipality reads published versions only, rendered from their frozen
snapshot.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalogue.models import Section, in_scope
from core.csv_export import CONTENT_TYPE as CSV_CONTENT_TYPE
from core.years import choose_year, newest_closed
from figures.selectors import ACCEPTED_ONLY, ALL_STATUSES, statuses_for
from figures.sources import CURRENT, CURRENT_ALL
from libraries.permissions import (
    default_region,
    get_access,
    published_version_or_403,
    region_for_published_or_403,
    region_for_reviewer_or_403,
)
from reports import services
from reports.breakdown import breakdown_table, build_breakdown
from reports.consolidated import build_report, localised, report_from_dict
from reports.docx import CONTENT_TYPE as DOCX_CONTENT_TYPE
from reports.docx import render_docx
from reports.exports import export_filename, render_csv, render_xlsx
from reports.facts import facts_for
from reports.forms import PublishForm, RegionalEventForm, RegionalTextForm
from reports.latvian import attribution
from reports.models import PdfJob, PublishedReport, RegionalEvent, RegionalText
from reports.presentation import report_context
from reports.region_tables import build_region_tables
from reports.selectors import (
    latest_published,
    published_picture_file,
    published_versions,
    region_text_hints,
    report_facts,
)
from reports.tables import render_tables
from reports.tasks import job_filename
from review import services as review_services
from review.forms import TextHintDismissForm
from submissions.models import ChapterText, ReportingYear


def _years(region) -> tuple[list[int], int]:
    """The region's reporting years (newest first) and the default one (`newest_closed`)."""
    region_years = list(ReportingYear.objects.for_region(region).order_by("-year"))
    return [y.year for y in region_years], newest_closed(region_years) or 0


def _chosen_year(request, region, default: int | None = None) -> tuple[list[int], int]:
    """The year asked for, else `default` (a year of the region), else the newest closed."""
    years, closed = _years(region)
    return years, choose_year(request, years, default if default in years else closed)


def _scope(request) -> str:
    return "all" if (request.GET.get("status") or request.POST.get("status")) == "all" \
        else "accepted"


def _published_or_403(request, pk) -> PublishedReport:
    return published_version_or_403(request, PublishedReport.objects, pk)


def _report_source(request):
    """(ReportData, published or None): a published version if asked for, else the live report.

    The live report is the methodologist's; published versions are open to the municipality.
    """
    published_pk = request.GET.get("published")
    if published_pk:
        if not published_pk.isdigit():
            raise Http404
        published = _published_or_403(request, int(published_pk))
        return localised(report_from_dict(published.snapshot["report"])), published
    region = region_for_reviewer_or_403(request)
    _years_list, year = _chosen_year(request, region)
    return build_report(region, year, statuses_for(_scope(request)),
                        user=request.user), None


# Region tables ------------------------------------------------------------------------------

@login_required
def region_tables(request):
    """The report's tables: live for the methodologist, the latest published version otherwise."""
    access = get_access(request)
    region = default_region(access)
    if region is None or not access.can_view_region_figures(region.pk):
        raise PermissionDenied
    can_include_all = access.can_view_unaccepted(region.pk)
    # A reader of published figures only opens on the newest published year.
    newest = None if can_include_all else latest_published(region)
    years, year = _chosen_year(request, region, default=newest.year if newest else None)
    published = None
    if can_include_all:
        include_all = request.GET.get("status") == "all"
        data = build_region_tables(region, year, ALL_STATUSES if include_all else ACCEPTED_ONLY)
    else:
        include_all = False
        published = newest if newest and newest.year == year else latest_published(
            region, year)
        data = report_from_dict(published.snapshot["report"]).tables if published else None
    return render(request, "reports/region_tables.html", {
        "region": region,
        "data": data,
        "tables": render_tables(data) if data else [],
        "years": years,
        "year": year,
        "include_all": include_all,
        "can_include_all": can_include_all,
        "published": published,
        "title": _("Region tables %(year)s") % {"year": year},
    })


# The index of the report pages ---------------------------------------------------------------

@login_required
def index(request):
    """/reports/: the methodologist's report pages; the municipality goes to the published."""
    access = get_access(request)
    region = region_for_published_or_403(request)
    if not access.can_review_region(region.pk):
        return redirect("reports:published")
    years, year = _years(region)
    return render(request, "reports/index.html", {
        "region": region, "years": years, "year": year,
        "versions": published_versions(region)[:5],
        "title": _("Reports"),
    })


# The consolidated report -----------------------------------------------------------------

@login_required
def report(request):
    region = region_for_reviewer_or_403(request)
    years, year = _chosen_year(request, region)
    scope = _scope(request)
    data = build_report(region, year, statuses_for(scope), user=request.user)
    return render(request, "reports/report.html", {
        **report_context(data, editable=True, breakdown_links=True),
        # before publishing: the region's texts against the report's figures (never blocking)
        "text_hints": region_text_hints(region, data),
        "region": region, "years": years, "year": year, "scope": scope,
        "versions": published_versions(region).filter(year=year),
        "publish_form": PublishForm(),
        "title": _("Consolidated report %(year)s") % {"year": year},
    })


@login_required
def regional_text(request, year: int, section: str):
    """The methodologist's text for one section, beside the libraries' texts to quote."""
    region = region_for_reviewer_or_403(request)
    # the template's sections and the region's own (another region's is not found)
    section = get_object_or_404(Section.objects.filter(in_scope(region))
                                .select_related("chapter"), code=section)
    if not ReportingYear.objects.filter(region=region, year=year).exists():
        raise Http404
    existing = RegionalText.objects.filter(region=region, year=year, section=section).first()
    library_texts = [
        {"pk": text.pk, "library": text.submission.library.name, "html": text.html,
         "status": text.submission.get_status_display(),
         "attribution": attribution(text.submission.library.name)}
        for text in (ChapterText.objects
                     .filter(section=section, submission__year__year=year,
                             submission__library__region=region)
                     .exclude(html="").select_related("submission__library")
                     .order_by("submission__library__name"))
    ] if not section.chapter.regional_only else []
    for text in library_texts:
        text["quote"] = quote_html(text)  # what the button inserts (regional-text.js)
    # The facts of the section's chapter drafted from the accepted figures (reports.facts):
    # one click puts a sentence into the text, where it stays ordinary editable text.
    facts = [{"index": index, "text": fact.text, "html": fact_html(fact.text)}
             for index, fact in enumerate(facts_for(report_facts(region, year),
                                                    chapter=section.chapter.number))]
    if request.method == "POST":
        form = RegionalTextForm(request.POST)
        if form.is_valid():
            quote = request.POST.get("quote")
            fact = request.POST.get("fact")
            if quote or fact:
                html = form.cleaned_data["html"]
                if quote:
                    chosen = next((t["quote"] for t in library_texts
                                   if str(t["pk"]) == quote), None)
                else:
                    chosen = next((f["html"] for f in facts if str(f["index"]) == fact), None)
                if chosen:
                    html = (html + "\n" if html else "") + chosen
                form = RegionalTextForm(initial={"html": html})
            else:
                services.regional_text_save(region=region, year=year, section=section,
                                            html=form.cleaned_data["html"], user=request.user)
                messages.success(request, _("The regional text is saved."))
                return redirect(f"{reverse('reports:report')}?year={year}#sec-{section.code}")
    else:
        form = RegionalTextForm(initial={"html": existing.html if existing else ""})
    return render(request, "reports/regional_text.html", {
        "form": form, "section": section, "year": year, "region": region,
        "library_texts": library_texts, "existing": existing, "facts": facts,
        "title": _("Regional text: %(section)s") % {"section": section.title},
    })


def fact_html(sentence: str) -> str:
    """A fact as the paragraph inserted into the regional text."""
    return f"<p>{escape(sentence)}</p>"


def quote_html(text: dict) -> str:
    """The quote inserted into the regional text, with its attribution."""
    return (f"<blockquote>{services.sanitise_html(text['html'])}"
            f"<p><em>{text['attribution']}</em></p></blockquote>")


@login_required
def regional_events(request, year: int):
    region = region_for_reviewer_or_403(request)
    if not ReportingYear.objects.filter(region=region, year=year).exists():
        raise Http404
    form = RegionalEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        event.region, event.year = region, year
        services.regional_event_save(event=event)
        messages.success(request, _("The event is added."))
        return redirect("reports:regional_events", year=year)
    return render(request, "reports/regional_events.html", {
        "form": form, "year": year, "region": region,
        "events": RegionalEvent.objects.filter(region=region, year=year),
        "title": _("Events of the regional main library %(year)s") % {"year": year},
    })


@login_required
def regional_event_edit(request, pk: int):
    region = region_for_reviewer_or_403(request)
    event = get_object_or_404(RegionalEvent, pk=pk, region=region)
    form = RegionalEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        services.regional_event_save(event=form.save(commit=False))
        messages.success(request, _("The event is saved."))
        return redirect("reports:regional_events", year=event.year)
    return render(request, "reports/regional_event_form.html", {
        "form": form, "event": event, "title": _("Edit event")})


@require_POST
@login_required
def regional_event_delete(request, pk: int):
    region = region_for_reviewer_or_403(request)
    event = get_object_or_404(RegionalEvent, pk=pk, region=region)
    year = event.year
    services.regional_event_delete(event=event)
    messages.success(request, pgettext("training event", "The event is deleted."))
    return redirect("reports:regional_events", year=year)


# Publishing ----------------------------------------------------------------------------------

@require_POST
@login_required
def publish(request, year: int):
    region = region_for_reviewer_or_403(request)
    if not ReportingYear.objects.filter(region=region, year=year).exists():
        raise Http404
    form = PublishForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        published = services.report_publish(region=region, year=year, user=request.user,
                                            note=note)
    except services.NothingChanged as refusal:
        # A second click (or a publish with nothing new): show the version that exists.
        messages.info(request, _("Nothing has changed since version %(version)s; a new "
                                 "version is not needed.") % {"version": refusal.version})
        latest = latest_published(region, year)
        if latest is not None:
            return redirect("reports:published_detail", pk=latest.pk)
        return redirect(f"{reverse('reports:report')}?year={year}")
    messages.success(request, _("Version %(version)s of the %(year)s report is published.")
                     % {"version": published.version, "year": year})
    return redirect("reports:published_detail", pk=published.pk)


@login_required
def published(request):
    region = region_for_published_or_403(request)
    versions = list(published_versions(region).prefetch_related("pdf_jobs"))
    return render(request, "reports/published.html", {
        "region": region, "versions": versions,
        "can_review": get_access(request).can_review_region(region.pk),
        "title": _("Published reports"),
    })


@login_required
def published_detail(request, pk: int):
    published = _published_or_403(request, pk)
    data = localised(report_from_dict(published.snapshot["report"]))
    return render(request, "reports/published_detail.html", {
        **report_context(data, published=published), "published": published,
        "pdf_job": published.pdf_job,
        "title": _("%(year)s report, version %(version)s")
        % {"year": published.year, "version": published.version},
    })


@login_required
def published_picture(request, pk: int, number: int):
    """An appendix picture of a published version, for those who may read that version.

    Only pictures named in the version's own snapshot are served (never by MEDIA_URL).
    """
    handle, content_type = published_picture_file(_published_or_403(request, pk), number)
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# PDF in the background -----------------------------------------------------------------------

def _job_or_403(request, pk: int) -> PdfJob:
    """The job, if the user may read what it renders: the national report (national level
    and administrators), a published version (its readers) or a live report (its
    region's methodologists), a dashboard (who may read its figures, as on the dashboard:
    published ones their region's readers, current ones its methodologists)."""
    job = get_object_or_404(PdfJob.objects.select_related("region", "published"), pk=pk)
    access = get_access(request)
    if job.is_national:
        allowed = access.can_view_national()
    elif job.is_dashboard:
        allowed = (access.can_view_unaccepted(job.region_id)
                   if job.dashboard_source in (CURRENT, CURRENT_ALL)
                   else access.can_view_published(job.region_id))
    elif job.published_id:
        allowed = access.can_view_published(job.region_id)
    else:
        allowed = access.can_review_region(job.region_id)
    if not allowed:
        raise PermissionDenied
    return job


@require_POST
@login_required
def pdf_start(request):
    published_pk = request.POST.get("published")
    if published_pk:
        if not published_pk.isdigit():
            raise Http404
        published = _published_or_403(request, int(published_pk))
        job = services.pdf_job_start(region=published.region, year=published.year,
                                     scope="accepted", published=published, user=request.user)
    else:
        region = region_for_reviewer_or_403(request)
        _years_list, year = _chosen_year(request, region)
        job = services.pdf_job_start(region=region, year=year, scope=_scope(request),
                                     user=request.user)
    return redirect("reports:pdf_status", pk=job.pk)


@login_required
def pdf_status(request, pk: int):
    job = _job_or_403(request, pk)
    if job.is_national:
        title = _("PDF of the national report %(year)s") % {"year": job.year}
    elif job.is_dashboard:
        title = _("PDF of the %(year)s dashboard") % {"year": job.year}
    else:
        title = _("PDF of the %(year)s report") % {"year": job.year}
    return render(request, "reports/pdf_status.html", {"job": job, "title": title})


@login_required
def pdf_download(request, pk: int):
    job = _job_or_403(request, pk)
    if not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job_filename(job),
                        content_type="application/pdf")


# XLSX, CSV, breakdown ---------------------------------------------------------------------

def _export_name(data, extension: str, key: str = "") -> str:
    return export_filename(data.region_slug, data.year, extension, final=data.is_final,
                           version=data.version if data.is_published else None, part=key,
                           language=get_language())


@login_required
def xlsx(request):
    data, _published = _report_source(request)
    response = HttpResponse(
        render_xlsx(data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(data, "xlsx")}"'
    return response


@login_required
def docx(request):
    """The report (live, or a published version's snapshot) as a Word document."""
    data, _published = _report_source(request)
    response = HttpResponse(render_docx(data), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_export_name(data, "docx")}"'
    return response


@login_required
def csv_table(request, key: str):
    data, _published = _report_source(request)
    table = data.find_table(key)
    if table is None:
        raise Http404
    response = HttpResponse(render_csv(data, table), content_type=CSV_CONTENT_TYPE)
    name = _export_name(data, "csv", table.title)  # the table's Latvian title
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def breakdown(request, code: str):
    region = region_for_reviewer_or_403(request)
    years, year = _chosen_year(request, region)
    scope = _scope(request)
    result = build_breakdown(region, year, code, statuses_for(scope))
    if result is None:
        raise Http404
    table = breakdown_table(result, request)
    return render(request, "reports/breakdown.html", {
        "result": result, "table": table, "years": years, "year": year, "scope": scope,
        "title": result.label,
    })


@login_required
@require_POST
def text_hint_dismiss(request, year: int):
    """Dismiss, with a reason, a hint of the region's text against the report's figures."""
    region = region_for_reviewer_or_403(request)
    form = TextHintDismissForm(request.POST)
    keys = {row["hint"].key for row in region_text_hints(region, build_report(region, year))}
    if not form.is_valid() or form.cleaned_data["key"] not in keys:
        errors = form.errors.get("reason") or [_("The hint is no longer there.")]
        messages.error(request, errors[0])
    else:
        review_services.text_hint_dismiss(region=region, year=year, user=request.user,
                                          key=form.cleaned_data["key"],
                                          reason=form.cleaned_data["reason"])
        messages.success(request, _("The hint is dismissed."))
    return redirect(f"{reverse('reports:report')}?year={year}#text-hints")
