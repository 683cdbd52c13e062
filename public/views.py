"""Public pages of published figures: no login, no cookie, published versions only.

Each view finds the region or library only if its region's public pages are on
(`public.selectors`), answers a conditional GET from the published state before building
anything (`public.conditional`), and renders in the language of the link (`?lang=en`;
Latvian otherwise), so a page is the same for everyone who opens its address. The pages
carry no form and no session: nothing sets a cookie. The embed card alone may be framed
by another site (its own CSP `frame-ancestors` and no X-Frame-Options).
"""

import json
from functools import wraps
from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from dashboards.profile import build_library_profile
from figures.dashboard import NoData, build_dashboard
from libreport.csv_export import csv_response

from . import selectors
from .conditional import not_modified, validators

LANGUAGES = ("lv", "en")
API_VALUES = "/api/v1/values"


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
    return asked if asked in LANGUAGES and asked != "lv" else "lv"


def _url(name: str, *args, lang: str = "lv", **params) -> str:
    query = {**params, **({"lang": lang} if lang != "lv" else {})}
    query = {key: value for key, value in query.items() if value}
    return reverse(name, args=args) + ("?" + urlencode(query) if query else "")


def _json_ld(data: dict) -> str:
    """A JSON-LD block's text, safe inside <script> (no "<", ">" or "&" left as is)."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e")
                     .replace("&", "\\u0026"))


def _dataset(request, *, name: str, description: str, url: str, csv_query: dict,
             years, place: str, modified) -> str:
    return _json_ld({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": name,
        "description": description,
        "url": request.build_absolute_uri(url),
        "inLanguage": translation.get_language(),
        "isAccessibleForFree": True,
        "temporalCoverage": f"{years[0]}/{years[-1]}" if years else None,
        "spatialCoverage": {"@type": "Place", "name": place},
        "dateModified": modified.isoformat() if modified else None,
        "distribution": [{
            "@type": "DataDownload", "encodingFormat": "text/csv",
            "contentUrl": request.build_absolute_uri(
                API_VALUES + "?" + urlencode({**csv_query, "format": "csv"}))}],
    })


def _kept(request, state, lang: str, build):
    """The page of this published state: kept under its ETag (with the host its absolute
    links name) once built, else built by `build()` and kept."""
    key = f"public-page:{request.scheme}:{request.get_host()}:{state.etag}"
    kept = cache.get(key)
    if kept is not None:
        content, content_type = kept
        response = HttpResponse(content, content_type=content_type)
    else:
        with translation.override(lang):
            response = build()
        cache.set(key, (response.content, response["Content-Type"]),
                  selectors.PAGE_SECONDS)
    return validators(response, state, lang)


def _alternates(name: str, *args) -> list[tuple[str, str]]:
    return [(code, _url(name, *args, lang=code)) for code in LANGUAGES]


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
    state = selectors.page_state(region, "region", lang, sort, descending)
    cached = not_modified(request, state)
    if cached is not None:
        return cached
    def build():
        source = selectors.region_source(region)
        try:
            board = build_dashboard(source) if source is not None else None
        except NoData:
            board = None
        if board is None:
            raise Http404
        columns = selectors.table_columns(source)
        rows = selectors.region_table(source, board.year, columns, sort=sort,
                                      descending=descending)
        indicators = selectors.indicator_rows(source, board.year,
                                              comparable=board.comparable_with_previous)
        canonical = _url("public:region", slug, lang=lang)
        headers = []
        for column in [selectors.Column("name", _("Library"), 0), *columns]:
            active = sort == column.code
            if column.code == "name":  # names A–Z first, numbers largest first
                order = "desc" if active and not descending else ""
            else:
                order = "" if active and descending else "desc"
            headers.append({
                "code": column.code, "label": column.label,
                "url": _url("public:region", slug, lang=lang,
                            sort="" if column.code == "name" else column.code,
                            order=order) + "#libraries",
                "aria_sort": ("descending" if descending else "ascending") if active
                else "none"})
        description = _("Published figures of %(region)s's public libraries, "
                        "%(first)s–%(last)s.") % {
            "region": region.name, "first": board.years[0], "last": board.years[-1]}
        response = render(request, "public/region.html", {
            "title": region.name, "region": region, "board": board,
            "year": board.year, "lang": lang,
            "headers": headers, "indicators": indicators,
            "rows": [{"row": row, "cells": row.cells(columns),
                      "url": _url("public:library", row.slug, lang=lang)} for row in rows],
            "events": [(row.slug, row.name, row.event) for row in rows if row.event],
            "charts": [(chart, _url("public:region_chart_csv", slug, key, lang=lang))
                       for key, chart in zip(board.trend_keys, board.trend_charts,
                                             strict=True)],
            "canonical": request.build_absolute_uri(canonical),
            "alternates": [(code, request.build_absolute_uri(url))
                           for code, url in _alternates("public:region", slug)],
            "other_language": [(code, url) for code, url in _alternates("public:region", slug)
                               if code != lang],
            "description": description,
            "json_ld": _dataset(request, name=region.name, description=description,
                                url=canonical, csv_query={"region": slug},
                                years=board.years, place=region.name,
                                modified=state.last_modified),
        })
        return response

    return _kept(request, state, lang, build)


def _library_source(library):
    source = selectors.region_source(library.region)
    if source is None or not any(library.slug in by_slug for by_slug in source.figures.values()):
        raise Http404
    return source


@public
def library_page(request, slug):
    library = selectors.public_library(slug)
    if library is None:
        raise Http404
    lang = _language(request)
    state = selectors.page_state(library.region, "library", slug, lang, library.name,
                                 library.parish, library.email,
                                 library.external_service_points)
    cached = not_modified(request, state)
    if cached is not None:
        return cached
    def build():
        source = _library_source(library)
        profile = build_library_profile(source, slug)
        across_merge = any(merge.between(profile.previous_year, profile.year)
                           for merge in profile.merges)
        indicators = selectors.indicator_rows(source, profile.year, slug,
                                              comparable=not across_merge)
        event = source.events.get(profile.year, {}).get(slug, "")
        events = [(year, by_slug[slug]) for year, by_slug in sorted(source.events.items())
                  if slug in by_slug and year in profile.years]
        reports: dict[tuple[int, int], dict] = {}
        for year in profile.years:
            origin = source.origins.get(year)
            if origin is not None:
                entry = reports.setdefault((origin.report_year, origin.version), {
                    "origin": origin, "years": []})
                entry["years"].append(year)
        canonical = _url("public:library", slug, lang=lang)
        description = _("Published figures of %(library)s, %(first)s–%(last)s: visits, "
                        "loans, users and how it compares with libraries of its size.") % {
            "library": profile.name, "first": profile.years[0], "last": profile.years[-1]}
        info = source.libraries.get(slug)
        response = render(request, "public/library.html", {
            "title": profile.name, "library": library, "region": library.region,
            "info": info, "profile": profile, "lang": lang, "indicators": indicators,
            "event": event, "events": events,
            "reports": [{
                "origin": entry["origin"], "years": entry["years"],
                "csv_url": API_VALUES + "?" + urlencode({
                    "library": slug, "year_from": min(entry["years"]),
                    "year_to": max(entry["years"]), "format": "csv"})}
                for _key, entry in sorted(reports.items(), reverse=True)],
            "charts": [(chart, _url("public:library_chart_csv", slug, key, lang=lang))
                       for key, chart in profile.charts.items()],
            "region_url": _url("public:region", library.region.slug, lang=lang),
            "embed_url": request.build_absolute_uri(_url("public:embed", slug, lang=lang)),
            "canonical": request.build_absolute_uri(canonical),
            "alternates": [(code, request.build_absolute_uri(url))
                           for code, url in _alternates("public:library", slug)],
            "other_language": [(code, url) for code, url in _alternates("public:library", slug)
                               if code != lang],
            "description": description,
            "json_ld": _dataset(request, name=profile.name, description=description,
                                url=canonical, csv_query={"library": slug},
                                years=profile.years, place=library.parish or profile.name,
                                modified=state.last_modified),
        })
        return response

    return _kept(request, state, lang, build)


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
    state = selectors.page_state(library.region, "embed", slug, lang, library.name)
    cached = not_modified(request, state)
    if cached is not None:
        return cached
    def build():
        source = _library_source(library)
        info = source.libraries.get(slug)
        year, rows = selectors.embed_rows(source, slug)
        response = render(request, "public/embed.html", {
            "name": info.name if info else library.name, "year": year, "rows": rows,
            "page_url": request.build_absolute_uri(_url("public:library", slug, lang=lang)),
        })
        return response

    return _kept(request, state, lang, build)


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
            board = build_dashboard(source) if source is not None else None
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
        profile = build_library_profile(_library_source(library), slug)
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
        for lang in LANGUAGES:
            urls.append((request.build_absolute_uri(_url(name, entry.slug, lang=lang)),
                         entry.last_modified))
    return render(request, "public/sitemap.xml", {"urls": urls},
                  content_type="application/xml; charset=utf-8")
