"""The request being served, so the security log knows who changed a role and from where,
whichever screen (admin, portal page, management command) wrote it."""

from contextvars import ContextVar

_current_request = ContextVar("libreport_current_request", default=None)


def current_request():
    return _current_request.get()


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
