"""The security log: who signed in, failed, was locked out, changed a password or a role."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", _("login")
        LOGOUT = "logout", _("logout")
        LOGIN_FAILED = "login_failed", _("failed login")
        LOCKED_OUT = "locked_out", _("locked out")
        SESSION_EXPIRED = "session_expired", _("session expired")
        PASSWORD_CHANGED = "password_changed", _("password changed")
        MEMBERSHIP_ADDED = "membership_added", _("role given")
        MEMBERSHIP_CHANGED = "membership_changed", _("role changed")
        MEMBERSHIP_REMOVED = "membership_removed", _("role taken away")
        PRIVILEGES_CHANGED = "privileges_changed", _("staff, superuser or groups changed")
        TWO_FACTOR_ENABLED = "two_factor_enabled", _("two-factor sign-in turned on")
        TWO_FACTOR_DISABLED = "two_factor_disabled", _("two-factor sign-in turned off")
        TWO_FACTOR_PASSED = "two_factor_passed", _("two-factor code accepted")
        TWO_FACTOR_FAILED = "two_factor_failed", _("two-factor code refused")
        RECOVERY_CODES = "recovery_codes", _("new recovery codes")
        PASSWORD_RESET_THROTTLED = "password_reset_throttled", _(
            "password reset requests held back")
        INVITATION_WITHHELD = "invitation_withheld", _(
            "invitation to an existing account not sent")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                             related_name="security_events", verbose_name=_("user"))
    username = models.CharField(_("user name"), max_length=150, blank=True,
                                help_text=_("As typed, for failed logins too."))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("done by"))
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"
