"""ETag / Last-Modified from the published versions a public page shows; a conditional GET
is answered 304 before the page is built (as `opendata.conditional` does for the API)."""

from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag

from .selectors import PageState


def not_modified(request, state: PageState):
    """The 304 answer when the client's copy is still the published state, else None."""
    last = int(state.last_modified.timestamp()) if state.last_modified else None
    response = get_conditional_response(request, etag=quote_etag(state.etag),
                                        last_modified=last)
    if response is not None:
        validators(response, state)
    return response


def validators(response, state: PageState, language: str | None = None):
    """The validators and caching headers of a public page (stored, revalidated each time)."""
    if language:
        response["Content-Language"] = language
    response["ETag"] = quote_etag(state.etag)
    if state.last_modified is not None:
        response["Last-Modified"] = http_date(state.last_modified.timestamp())
    response["Cache-Control"] = "public, no-cache"
    patch_vary_headers(response, ("Accept-Language",))
    return response
