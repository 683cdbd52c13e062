"""Links in emails are built from SITE_URL, never from the request's Host header (which the
client chooses): a password link always points at the portal."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def site_link(path: str) -> str:
    """SITE_URL followed by a path from `reverse`."""
    return settings.SITE_URL.rstrip("/") + path


def set_password_link(user, token_generator=default_token_generator) -> str:
    """Django's set-a-new-password link (token valid for PASSWORD_RESET_TIMEOUT)."""
    return site_link(reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": token_generator.make_token(user)}))
