"""Writes of the accounts app: the security log and two-factor sign-in."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.context import current_request
from accounts.ip import client_ip
from accounts.models import SecurityEvent
from accounts.two_factor import RECOVERY_CODE_COUNT


def security_event_record(*, kind: str, user=None, username: str = "", request=None,
                          actor=None, detail: str = "") -> SecurityEvent:
    """One line of the security log. Who did it and from where come from the request
    (the one being served when none is given); `user` is whom it concerns."""
    request = request if request is not None else current_request()
    if actor is None and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            actor = request_user
    if user is not None and not username:
        username = user.get_username()
    return SecurityEvent.objects.create(
        kind=kind, user=user, username=username[:150], actor=actor,
        ip_address=client_ip(request), detail=detail[:300])


# Password reset throttling -----------------------------------------------------------
HOUR = 3600


def _count(key: str) -> int:
    """This hour's requests under `key`, this one included (the window starts with the
    first; cache.add then incr, so concurrent requests are all counted)."""
    cache.add(key, 0, timeout=HOUR)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=HOUR)
        return 1


def password_reset_allowed(*, email: str, request) -> bool:
    """Count a password reset request for the email address and the client address; False
    past PASSWORD_RESET_PER_EMAIL_HOUR or PASSWORD_RESET_PER_CLIENT_HOUR. The first request
    held back in an hour is written to the security log (not every one: a flood does not
    fill it). Every address typed counts, whether it has an account or not."""
    address = client_ip(request) or "unknown"
    client_limit = settings.PASSWORD_RESET_PER_CLIENT_HOUR
    client_count = _count(f"password-reset:client:{address}") if client_limit else 0
    if client_limit and client_count > client_limit:
        if client_count == client_limit + 1:
            security_event_record(kind=SecurityEvent.Kind.PASSWORD_RESET_THROTTLED,
                                  username=email, request=request,
                                  detail=f"more than {client_limit} an hour from this address")
        return False
    email_limit = settings.PASSWORD_RESET_PER_EMAIL_HOUR
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    email_count = _count(f"password-reset:email:{digest}") if email_limit else 0
    if email_limit and email_count > email_limit:
        if email_count == email_limit + 1:
            security_event_record(kind=SecurityEvent.Kind.PASSWORD_RESET_THROTTLED,
                                  username=email, request=request,
                                  detail=f"more than {email_limit} an hour for this email")
        return False
    return True


# Two-factor sign-in ------------------------------------------------------------------
def two_factor_device_get_or_create(*, user) -> TOTPDevice:
    """The TOTP device being set up (unconfirmed until its first code is entered)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="libreport", confirmed=False)
    return device


def two_factor_enable(*, user, device: TOTPDevice) -> list[str]:
    """Confirm the TOTP device, drop any other, and issue recovery codes (returned once)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user=user)
        security_event_record(kind=SecurityEvent.Kind.TWO_FACTOR_ENABLED, user=user)
    return codes


def two_factor_recovery_codes_renew(*, user) -> list[str]:
    with transaction.atomic():
        codes = _recovery_codes_replace(user=user)
        security_event_record(kind=SecurityEvent.Kind.RECOVERY_CODES, user=user)
    return codes


def two_factor_disable(*, user) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        security_event_record(kind=SecurityEvent.Kind.TWO_FACTOR_DISABLED, user=user)


def _recovery_codes_replace(*, user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
