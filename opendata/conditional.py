"""ETag and Last-Modified on every API response; a conditional GET is answered with 304.

The ETag is a hash of the response's content, so it changes exactly when what the
client would receive changes (catalogue edits included). Last-Modified is the time of
the latest publication, the only way the served figures change.
"""

from functools import wraps

from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import http_date

from .selectors import last_published_at


def conditional_get(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if (request.method not in ("GET", "HEAD") or response.status_code != 200
                or response.streaming):
            return response
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

    return wrapped
