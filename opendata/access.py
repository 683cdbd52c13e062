"""Who may read the open data API, and how fast.

Anonymous read is the default. With `OPENDATA_REQUIRE_TOKEN` on, every request needs
`Authorization: Bearer <token>` with one of `OPENDATA_TOKENS`. Requests without a valid
token are limited per client address (`accounts.ip.client_ip`, so `TRUSTED_PROXY_COUNT`
applies) to `OPENDATA_ANON_RATE` (e.g. "120/min"; empty: no limit), counted in the
"ratelimit" cache, a database table every process shares (`settings.CACHES`): three
gunicorn workers allow the rate once, not three times. Token holders are not limited.
"""

import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from ninja.security import HttpBearer
from ninja.throttling import AnonRateThrottle

from accounts.ip import client_ip


@dataclass(frozen=True)
class Client:
    """Who is reading: a token holder (by the token's position in the list) or anyone."""

    token_index: int | None = None

    @property
    def has_token(self) -> bool:
        return self.token_index is not None

    def __str__(self):
        return "anonymous" if self.token_index is None else f"token-{self.token_index}"


ANONYMOUS = Client()
RATE_CACHE = "ratelimit"


class ApiToken(HttpBearer):
    """`Authorization: Bearer <token>`, checked against `OPENDATA_TOKENS`."""

    def authenticate(self, request, token):
        for index, known in enumerate(getattr(settings, "OPENDATA_TOKENS", [])):
            if known and hmac.compare_digest(token.encode(), known.encode()):
                return Client(token_index=index)
        return None


def anonymous_unless_token_required(request):
    """Let anyone in unless the site requires a token."""
    if getattr(settings, "OPENDATA_REQUIRE_TOKEN", False):
        return None
    return ANONYMOUS


class AnonymousRate(AnonRateThrottle):
    """ninja's per-address throttle, its rate read from the settings at each request."""

    def __init__(self):
        super().__init__(rate="1/s")  # replaced by the setting at each request

    @property
    def cache(self):
        """The store shared by every process (not ninja's default: each process's own)."""
        return caches[RATE_CACHE]

    def get_ident(self, request):
        """The client's address as the lockouts see it (`TRUSTED_PROXY_COUNT`)."""
        return client_ip(request) or "unknown"

    def get_cache_key(self, request):
        client = getattr(request, "auth", None)
        if isinstance(client, Client) and client.has_token:
            return None
        return self.cache_format % {"scope": "opendata", "ident": self.get_ident(request)}

    def allow_request(self, request) -> bool:
        rate = getattr(settings, "OPENDATA_ANON_RATE", "")
        if not rate:
            return True
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)
