"""Session lifetime: signed out after SESSION_IDLE_MINUTES without a request and after
SESSION_ABSOLUTE_HOURS in any case. The session is written at most once a minute for
this (not on every request); the browser keeps unsaved typing until the next sign-in."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from accounts import two_factor

STARTED = "libreport_started"
SEEN = "libreport_seen"
TOUCH_EVERY_SECONDS = 60


def session_start(request, user) -> None:
    """At sign-in: when it began, and whether a second step is needed."""
    session = getattr(request, "session", None)
    if session is None:
        return
    now = int(time.time())
    session[STARTED] = now
    session[SEEN] = now
    two_factor.session_remember(session, two_factor.state_for(user))


def idle_seconds() -> int:
    return int(getattr(settings, "SESSION_IDLE_MINUTES", 30)) * 60


def absolute_seconds() -> int:
    return int(getattr(settings, "SESSION_ABSOLUTE_HOURS", 12)) * 3600


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            expired = self._check(request)
            if expired:
                return expired
        return self.get_response(request)

    def _check(self, request):
        session = request.session
        now = int(time.time())
        started, seen = session.get(STARTED), session.get(SEEN)
        if started is None or seen is None:  # a session from before this rule
            session[STARTED] = session[SEEN] = now
            return None
        if now - seen > idle_seconds() or now - started > absolute_seconds():
            from accounts.models import SecurityEvent
            from accounts.services import security_event_record

            security_event_record(kind=SecurityEvent.Kind.SESSION_EXPIRED,
                                  user=request.user, request=request, actor=request.user)
            logout(request)
            messages.info(request, _(
                "Your session ended after %(minutes)s minutes without activity or at the end "
                "of the working day. Log in again; figures not yet saved are kept in this "
                "browser.") % {"minutes": settings.SESSION_IDLE_MINUTES})
            return redirect_to_login(request.get_full_path())
        if now - seen >= TOUCH_EVERY_SECONDS:
            session[SEEN] = now
        return None
