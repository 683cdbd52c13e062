"""The client's address, the same for the lockouts and the security log."""

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT reverse proxies, the address the
    nearest of them saw (counted from the right of X-Forwarded-For, so a client cannot
    choose it by sending the header itself)."""
    if request is None:
        return None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in
                     request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None
