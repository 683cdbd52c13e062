"""A public page built from the published figures: the one place each page's content is
made, for a request (`views`) and for the worker after a publishing (`services.pages_refresh`,
which reads the region's figures once and passes them as `source`)."""

import json
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dashboards.profile import build_library_profile
from figures.dashboard import NoData, build_dashboard
from reports.consolidated import localised, report_from_dict
from reports.presentation import report_context

from . import selectors

LANGUAGES = ("lv", "en")
API_VALUES = "/api/v1/values"


def _url(name: str, *args, lang: str = "lv", **params) -> str:
    query = {**params, **({"lang": lang} if lang != "lv" else {})}
    query = {key: value for key, value in query.items() if value}
    return reverse(name, args=args) + ("?" + urlencode(query) if query else "")


def _json_ld(data: dict) -> str:
    """A JSON-LD block's text, safe inside <script> (no "<", ">" or "&" left as is)."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e")
                     .replace("&", "\\u0026"))


def _library_thing(request, library, url: str) -> dict:
    """The library itself as schema.org `Library`: how a resident finds and reaches it (its
    address is one line as people write it, so a text, not a split `PostalAddress`)."""
    thing = {"@type": "Library", "name": library.name, "url": request.build_absolute_uri(url),
             "address": library.address or None, "telephone": library.phone or None,
             "email": library.email or None,
             "sameAs": library.website or None,
             "containedInPlace": {"@type": "AdministrativeArea",
                                  "name": library.region.name}}
    return {key: value for key, value in thing.items() if value is not None}


def _dataset(request, *, name: str, description: str, url: str, csv_query: dict,
             years, place: str, modified, about: dict | None = None) -> str:
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
        **({"about": about} if about else {}),
    })


def _alternates(name: str, *args) -> list[tuple[str, str]]:
    return [(code, _url(name, *args, lang=code)) for code in LANGUAGES]


def _language_links(request, lang: str, name: str, *args) -> dict:
    """The page's canonical address (in its language), every language's address (absolute,
    for hreflang) and the other languages' (for the header's switch)."""
    alternates = _alternates(name, *args)
    return {"canonical": request.build_absolute_uri(_url(name, *args, lang=lang)),
            "alternates": [(code, request.build_absolute_uri(url)) for code, url in alternates],
            "other_language": [(code, url) for code, url in alternates if code != lang]}



def library_source(library, source=None):
    """The region's published figures (read now unless given), if the library has any."""
    source = source if source is not None else selectors.region_source(library.region)
    if source is None or not any(library.slug in by_slug for by_slug in source.figures.values()):
        raise Http404
    return source


def region_page(request, region, lang: str, state, *, sort: str = "name",
                descending: bool = False, source=None):
    """The region's page (raises Http404 when nothing of it is published)."""
    slug = region.slug
    if source is None:
        source = selectors.region_source(region)
    try:
        board = (build_dashboard(source, trends_only=True) if source is not None
                 else None)
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
        "reports": report_links(slug, lang, sorted(
            {(origin.report_year, origin.version) for origin in source.origins.values()},
            reverse=True)),
        "charts": [(chart, _url("public:region_chart_csv", slug, key, lang=lang))
                   for key, chart in zip(board.trend_keys, board.trend_charts,
                                         strict=True)],
        **_language_links(request, lang, "public:region", slug),
        "description": description,
        "json_ld": _dataset(request, name=region.name, description=description,
                            url=canonical, csv_query={"region": slug},
                            years=board.years, place=region.name,
                            modified=state.last_modified),
    })
    return response


def library_page(request, library, lang: str, state, *, source=None):
    """The library's page (raises Http404 when it has no published figure)."""
    slug = library.slug
    source = library_source(library, source)
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
            **report_links(library.region.slug, lang, [key])[0],
            "csv_url": API_VALUES + "?" + urlencode({
                "library": slug, "year_from": min(entry["years"]),
                "year_to": max(entry["years"]), "format": "csv"})}
            for key, entry in sorted(reports.items(), reverse=True)],
        "charts": [(chart, _url("public:library_chart_csv", slug, key, lang=lang))
                   for key, chart in profile.charts.items()],
        "region_url": _url("public:region", library.region.slug, lang=lang),
        "embed_url": request.build_absolute_uri(_url("public:embed", slug, lang=lang)),
        **_language_links(request, lang, "public:library", slug),
        "description": description,
        "json_ld": _dataset(request, name=profile.name, description=description,
                            url=canonical, csv_query={"library": slug},
                            years=profile.years, place=library.parish or profile.name,
                            modified=state.last_modified,
                            about=_library_thing(request, library, canonical)),
    })
    return response


def embed_card(request, library, lang: str, *, source=None):
    """The embed card: three or four key figures with their change and a link back."""
    slug = library.slug
    source = library_source(library, source)
    info = source.libraries.get(slug)
    year, rows = selectors.embed_rows(source, slug)
    response = render(request, "public/embed.html", {
        "name": info.name if info else library.name, "year": year, "rows": rows,
        "page_url": request.build_absolute_uri(_url("public:library", slug, lang=lang)),
    })
    return response


def report_links(slug: str, lang: str, versions) -> list[dict]:
    """The public addresses of published versions ((report year, version) pairs): the
    report's page and its PDF."""
    return [{"year": year, "version": version,
             "url": _url("public:report", slug, year, version, lang=lang),
             "pdf_url": _url("public:report_pdf", slug, year, version, lang=lang)}
            for year, version in versions]


def report_version_page(request, published, lang: str, state):
    """A published version of a region's report, read from its frozen snapshot through
    the portal's renderer (`reports/_report_body.html`) in the language chosen
    (`reports.localised`: the labels; the numbers stay frozen). Its pictures are served
    from the version's own copies (`views.report_version_picture`)."""
    region = published.region
    data = localised(report_from_dict(published.snapshot["report"]))
    context = report_context(data)
    context["appendices"] = [
        (group, [(picture, _url("public:report_picture", region.slug, published.year,
                                published.version, picture.number) if picture.path else "")
                 for picture, _login_url in pictures])
        for group, pictures in context["appendices"]]
    url = _url("public:report", region.slug, published.year, published.version, lang=lang)
    title = _("%(region)s: %(year)s report, version %(version)s") % {
        "region": region.name, "year": published.year, "version": published.version}
    description = _("The annual report of %(region)s's public libraries for %(year)s, as "
                    "published.") % {"region": region.name, "year": published.year}
    return render(request, "public/report.html", {
        **context, "title": title, "published": published, "region": region, "lang": lang,
        "region_url": _url("public:region", region.slug, lang=lang),
        "pdf_url": _url("public:report_pdf", region.slug, published.year, published.version,
                        lang=lang),
        **_language_links(request, lang, "public:report", region.slug, published.year,
                          published.version),
        "description": description,
        "json_ld": _json_ld({
            "@context": "https://schema.org", "@type": "Report", "name": title,
            "description": description, "url": request.build_absolute_uri(url),
            "inLanguage": translation.get_language(),
            "datePublished": published.published_at.isoformat(),
            "version": str(published.version),
            "encoding": [{"@type": "MediaObject", "encodingFormat": "application/pdf",
                          "contentUrl": request.build_absolute_uri(_url(
                              "public:report_pdf", region.slug, published.year,
                              published.version, lang=lang))}]}),
    })
