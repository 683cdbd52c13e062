"""Security middleware: the second sign-in step and the headers that keep pages private."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode

from accounts import two_factor

DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)


class SecurityHeadersMiddleware:
    """A Permissions-Policy on every response, and `Cache-Control: no-store` on everything
    served to a signed-in user (every page and download behind the login): a shared
    computer's cache and back button keep nothing. Public pages keep their caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", getattr(
            settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class TwoFactorMiddleware:
    """Until the second step is done, a signed-in user reaches only that step's pages
    (and can log out or switch the language). The step is worked out again when
    REQUIRE_2FA_FOR_STAFF changes (see `two_factor.session_state`)."""

    EXEMPT_URL_NAMES = ("two_factor_verify", "two_factor_setup", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt = None

    def exempt_paths(self):
        if self._exempt is None:
            self._exempt = {reverse(name) for name in self.EXEMPT_URL_NAMES}
        return self._exempt

    def __call__(self, request):
        if request.user.is_authenticated:
            state = two_factor.session_state(request.session, request.user)
            if state != two_factor.OK and request.path not in self.exempt_paths():
                target = "two_factor_verify" if state == two_factor.VERIFY else "two_factor_setup"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
