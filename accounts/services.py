"""Writes of the accounts app: the security log and two-factor sign-in."""

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
