"""Public pages of published figures: no login, no cookie, published versions only.

Each view finds the region or library only if its region's public pages are on
(`public.selectors`), answers a conditional GET from the published state before building
anything (`public.conditional`), serves the page kept for that state (`public.services`:
built by the worker after each publishing, else by the first request) or builds it
(`public.pages`) and keeps it, and renders in the language of the link (`?lang=en`;
Latvian otherwise), so a page is the same for everyone who opens its address. The pages
carry no form and no session: nothing sets a cookie. The embed card alone may be framed
by another site (its own CSP `frame-ancestors` and no X-Frame-Options).
"""

from functools import wraps

from csp.decorators import csp_replace
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from core.csv_export import csv_response
from dashboards.profile import build_library_profile
from figures.dashboard import NoData, build_dashboard
from reports.models import JobState
from reports.selectors import published_picture_file
from reports.tasks import job_filename

from . import pages, selectors, services
from .conditional import not_modified, validators


def public(view):
    """GET or HEAD only; a page not found is the portal's 404 without its forms, so even
    a mistyped public address sets no cookie."""
    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            with translation.override(_language(request)):
                return HttpResponseNotFound(render_to_string("public/404.html"))

    return wrapped


def _language(request) -> str:
    asked = request.GET.get("lang", "")
    return asked if asked in pages.LANGUAGES and asked != "lv" else "lv"


def _served(request, region, key: tuple, lang: str, build):
    """A 304 when the client's copy is the page's state; else the page kept for that state,
    or built by `build(state)` now and kept."""
    state = selectors.page_state(region, *key)
    cached = not_modified(request, state)
    if cached is not None:
        return cached
    kept = services.page_stored(request, state)
    if kept is not None:
        response = HttpResponse(kept[0], content_type=kept[1])
    else:
        with translation.override(lang):
            response = build(state)
        services.page_store(request=request, region=region, state=state,
                            content=response.content, content_type=response["Content-Type"])
    return validators(response, state, lang)


@public
def region_page(request, slug):
    region = selectors.public_region(slug)
    if region is None:
        raise Http404
    lang = _language(request)
    sort = request.GET.get("sort", "name")
    if sort not in ("name", *selectors.KEY_FIGURES, *selectors.INDICATORS):
        sort = "name"
    descending = request.GET.get("order") == "desc"
    return _served(request, region, selectors.region_key(lang, sort, descending), lang,
                   lambda state: pages.region_page(
                       request, region, lang, state, sort=sort, descending=descending,
                       source=selectors.region_source_kept(region, state)))


@public
def library_page(request, slug):
    library = selectors.public_library(slug)
    if library is None:
        raise Http404
    lang = _language(request)
    return _served(request, library.region, selectors.library_key(library, lang), lang,
                   lambda state: pages.library_page(
                       request, library, lang, state,
                       source=selectors.region_source_kept(library.region, state)))


@csp_replace({"frame-ancestors": ["*"]})
@xframe_options_exempt
@public
def library_embed(request, slug):
    """A compact card for a library's own website, in an iframe of any origin: three or
    four key figures with their change and a link back; no script, no cookie."""
    library = selectors.public_library(slug)
    if library is None:
        raise Http404
    lang = _language(request)
    return _served(request, library.region, selectors.embed_key(library, lang), lang,
                   lambda state: pages.embed_card(
                       request, library, lang,
                       source=selectors.region_source_kept(library.region, state)))


def _chart_csv(chart, filename: str):
    return csv_response([[chart.title], chart.table_headers,
                         *(chart.data_rows or chart.table_rows)], filename)


@public
def region_chart_csv(request, slug, key):
    region = selectors.public_region(slug)
    if region is None:
        raise Http404
    lang = _language(request)
    with translation.override(lang):
        source = selectors.region_source(region)
        try:
            board = (build_dashboard(source, trends_only=True) if source is not None
                     else None)
        except NoData as error:
            raise Http404 from error
        if board is None or key not in board.trend_keys:
            raise Http404
        return _chart_csv(board.charts[key], f"{slug}-{key}.csv")


@public
def library_chart_csv(request, slug, key):
    library = selectors.public_library(slug)
    if library is None:
        raise Http404
    with translation.override(_language(request)):
        profile = build_library_profile(pages.library_source(library), slug)
        chart = profile.charts.get(key)
        if chart is None:
            raise Http404
        return _chart_csv(chart, f"{slug}-{key.replace('.', '-')}.csv")


@public
def sitemap(request):
    entries = selectors.sitemap_entries()
    urls = []
    for entry in entries:
        name = "public:region" if entry.kind == "region" else "public:library"
        for lang in pages.LANGUAGES:
            urls.append((request.build_absolute_uri(pages._url(name, entry.slug, lang=lang)),
                         entry.last_modified))
    return render(request, "public/sitemap.xml", {"urls": urls},
                  content_type="application/xml; charset=utf-8")


def _version_or_404(slug: str, year: int, version: int):
    published = selectors.public_version(slug, year, version)
    if published is None:
        raise Http404
    return published


@public
def report_version(request, slug, year, version):
    """A published version of the region's report, for anyone: its frozen snapshot."""
    published = _version_or_404(slug, year, version)
    lang = _language(request)
    state = selectors.version_state(published, lang)
    cached = not_modified(request, state)
    if cached is not None:
        return cached
    with translation.override(lang):
        response = pages.report_version_page(request, published, lang, state)
    return validators(response, state, lang)


@public
def report_version_pdf(request, slug, year, version):
    """The version's PDF in the link's language: the one the worker made. None made yet:
    the first request asks the worker for it (once per version and language: a failed
    one is not retried from here) and is told to come back."""
    published = _version_or_404(slug, year, version)
    lang = _language(request)
    job = services.version_pdf(published=published, language=lang)
    if job is not None and job.file:
        response = FileResponse(job.file.open("rb"), as_attachment=True,
                                filename=job_filename(job), content_type="application/pdf")
        response["Cache-Control"] = "public, max-age=3600"
        return response
    with translation.override(lang):
        response = HttpResponse(render_to_string("public/pdf_wait.html", {
            "page_url": pages._url("public:report", slug, year, version, lang=lang),
            "failed": job is not None and job.state == JobState.FAILED}), status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


@public
def report_version_picture(request, slug, year, version, number):
    """An appendix picture of a published version: only those its snapshot names, from the
    version's own copies."""
    handle, content_type = published_picture_file(_version_or_404(slug, year, version), number)
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
