"""ETag and Last-Modified on every API response; a conditional GET is answered with 304.

The ETag is a hash of the response's content, so it changes exactly when what the
client would receive changes (catalogue edits included). A streamed answer (the whole
CSV download) brings its own ETag, a digest of what its content depends on (the query,
the published figures' state, the catalogue), and a 304 then reads no value at all.
Last-Modified is the time of the latest publication, the only way the served figures change.
"""

from functools import wraps

from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import http_date

from .selectors import last_published_at


def conditional_get(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "HEAD":
            return _conditional(request, view(request, *args, **kwargs))
        # HEAD is answered as GET without the body (the API's operations are GET only).
        request.method = "GET"
        try:
            response = _conditional(request, view(request, *args, **kwargs))
        finally:
            request.method = "HEAD"
        return _without_body(response)

    return wrapped


def _without_body(response):
    """The answer's headers, Content-Length included when known, and no body."""
    if response.streaming:
        response.streaming_content = iter(())  # a stream is not read (a file is closed)
    elif response.content:
        length = len(response.content)
        response.content = b""
        response["Content-Length"] = str(length)
    return response


def _conditional(request, response):
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.streaming and not response.has_header("ETag"):
        return response  # a streamed answer is validated only by the ETag it brings
    last = last_published_at()
    if last is not None and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(last.timestamp())
    if not response.has_header("ETag"):
        set_response_etag(response)
    response["Cache-Control"] = "no-cache"  # may be stored, but revalidate each time
    patch_vary_headers(response, ("Authorization",))
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=int(last.timestamp()) if last
        else None, response=response)
