"""The public pages' writes: a page kept once built (`page_store`) and every page of a
region built by the worker after a publishing (`pages_refresh`, queued by `receivers`)."""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from libraries.models import Library, Region
from reports.models import JobState
from reports.services import pdf_job_start

from . import pages, selectors
from .models import StoredPage


def page_key(request, state: selectors.PageState) -> str:
    """A page's key in the store: its ETag and the scheme and host its links name."""
    return hashlib.sha256(f"{request.scheme}:{request.get_host()}:{state.etag}"
                          .encode()).hexdigest()


def page_stored(request, state: selectors.PageState) -> tuple[bytes, str] | None:
    """The kept page (its bytes and content type) of this state, or None; 1 query."""
    row = (StoredPage.objects.filter(key=page_key(request, state))
           .values_list("content", "content_type").first())
    return (bytes(row[0]), row[1]) if row else None


def page_store(*, request, region: Region, state: selectors.PageState, content: bytes,
               content_type: str) -> None:
    """Keep a built page; the region's pages of another published state go."""
    try:
        with transaction.atomic():
            StoredPage.objects.create(region=region, key=page_key(request, state),
                                      published=state.published, content=content,
                                      content_type=content_type)
    except IntegrityError:  # another process stored the same page meanwhile
        return
    StoredPage.objects.filter(region=region).exclude(published=state.published).delete()


def _site_request():
    """A request to the portal's own address (`SITE_URL`), as the worker builds pages for."""
    site = urlsplit(settings.SITE_URL)
    request = RequestFactory().get("/", secure=site.scheme == "https",
                                SERVER_NAME=site.hostname or "localhost",
                                SERVER_PORT=str(site.port or (443 if site.scheme == "https"
                                                              else 80)))
    request.user = AnonymousUser()  # the pages are the same for everyone
    return request


def pages_refresh(*, region: str) -> int:
    """Build and keep every public page of a region (its page in the default order, each
    library's page and embed card, in each language) from its published figures read
    once; the number of pages stored."""
    found = Region.objects.filter(slug=region, public_pages=True).first()
    if found is None:
        return 0
    source = selectors.region_source(found)
    if source is None:
        return 0
    request = _site_request()
    slugs = {slug for by_slug in source.figures.values() for slug in by_slug}
    libraries = list(Library.objects.select_related("region")
                     .filter(region=found, slug__in=slugs))
    stored = 0
    for lang in pages.LANGUAGES:
        todo = [(selectors.region_key(lang, "name", False), None)]
        for library in libraries:
            todo += [(selectors.library_key(library, lang), library),
                     (selectors.embed_key(library, lang), library)]
        for key, library in todo:
            state = selectors.page_state(found, *key)
            if page_stored(request, state) is not None:
                continue
            try:
                with translation.override(lang):
                    if library is None:
                        response = pages.region_page(request, found, lang, state,
                                                     source=source)
                    elif key[0] == "library":
                        response = pages.library_page(request, library, lang, state,
                                                      source=source)
                    else:
                        response = pages.embed_card(request, library, lang, source=source)
            except Http404:
                continue
            page_store(request=request, region=found, state=state,
                       content=response.content, content_type=response["Content-Type"])
            stored += 1
    return stored


def version_pdf(*, published, language: str):
    """A published version's PDF job in `language`: the newest finished one, else the newest
    at all; a version with none in that language gets one queued now (by nobody), once —
    a failed one is not retried from a public address."""
    jobs = list(published.pdf_jobs.filter(language=language).order_by("-pk"))
    done = next((job for job in jobs if job.state == JobState.DONE and job.file), None)
    if done is not None or jobs:
        return done or jobs[0]
    return pdf_job_start(region=published.region, year=published.year, scope="accepted",
                         published=published, user=None, language=language)
