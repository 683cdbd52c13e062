"""Two-factor sign-in pages and the lockout page."""

import base64
from datetime import timedelta

import segno
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts import services, two_factor
from accounts.forms import CodeForm, SetupForm
from accounts.ip import client_ip
from accounts.models import SecurityEvent


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("home")


def _second_step_done(request) -> None:
    request.session.cycle_key()
    two_factor.session_remember(request.session, two_factor.OK, passed=True)


def _may_use(request) -> None:
    if not two_factor.may_use_two_factor(request.user):
        raise PermissionDenied


@login_required
def two_factor_overview(request):
    _may_use(request)
    return _overview(request, CodeForm(user=request.user))


def _overview(request, disable_form, status=200):
    return render(request, "accounts/two_factor.html", {
        "enabled": two_factor.confirmed_totp(request.user) is not None,
        "required": two_factor.is_required(request.user),
        "disable_form": disable_form, "disable_url": reverse("two_factor_disable"),
    }, status=status)


@login_required
def two_factor_setup(request):
    _may_use(request)
    if two_factor.confirmed_totp(request.user) is not None and (
            request.session.get(two_factor.SESSION_KEY) != two_factor.OK):
        return redirect("two_factor_verify")  # a device exists: no second one without its code
    device = services.two_factor_device_get_or_create(user=request.user)
    form = SetupForm(request.POST or None, user=request.user, device=device)
    if request.method == "POST" and form.is_valid():
        codes = services.two_factor_enable(user=request.user, device=device)
        _second_step_done(request)
        return render(request, "accounts/recovery_codes.html",
                      {"codes": codes, "next": _next_url(request)})
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor_setup.html", {
        "form": form,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(
            scale=5, dark="#1d252c", light="#ffffff", title="QR"),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "next": request.GET.get("next", ""),
        "required": two_factor.is_required(request.user),
    })


@login_required
def two_factor_verify(request):
    if request.session.get(two_factor.SESSION_KEY) != two_factor.VERIFY:
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            _second_step_done(request)
            services.security_event_record(
                kind=SecurityEvent.Kind.TWO_FACTOR_PASSED, user=request.user,
                detail="recovery code" if form.device.__class__.__name__ == "StaticDevice"
                else "authenticator app")
            return redirect(_next_url(request))
        services.security_event_record(kind=SecurityEvent.Kind.TWO_FACTOR_FAILED,
                                       user=request.user)
    return render(request, "accounts/two_factor_verify.html",
                  {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")})


@login_required
@require_POST
def two_factor_recovery_codes(request):
    _may_use(request)
    if two_factor.confirmed_totp(request.user) is None:
        return redirect("two_factor")
    codes = services.two_factor_recovery_codes_renew(user=request.user)
    return render(request, "accounts/recovery_codes.html",
                  {"codes": codes, "next": reverse("two_factor")})


@login_required
@require_POST
def two_factor_disable(request):
    _may_use(request)
    if two_factor.is_required(request.user):
        raise PermissionDenied
    form = CodeForm(request.POST, user=request.user)
    if not form.is_valid():
        return _overview(request, form, status=400)
    services.two_factor_disable(user=request.user)
    return redirect("two_factor")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response: says so in the user's language, and until when."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    last = (AccessAttempt.objects.filter(username=username, ip_address=client_ip(request))
            .order_by("-attempt_time").values_list("attempt_time", flat=True).first())
    until = (last or timezone.now()) + settings.AXES_COOLOFF_TIME
    minutes = max(1, int((until - timezone.now()) / timedelta(minutes=1)) + 1)
    return render(request, "registration/locked_out.html", {
        "until": timezone.localtime(until), "minutes": minutes, "username": username,
    }, status=settings.AXES_HTTP_RESPONSE_CODE)
