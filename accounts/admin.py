"""The security log's admin, and the admin screens that only administrators may open
whatever permissions a staff member is given: groups (a methodologist could otherwise
edit the permissions of the group they are in), lockouts, two-factor devices, task
results. Registered last (accounts comes after axes and django-otp in INSTALLED_APPS),
so the other apps' registrations are wrapped here."""

from django.contrib import admin

from accounts.models import SecurityEvent


class SuperusersOnlyMixin:
    def _is_administrator(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._is_administrator(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._is_administrator(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._is_administrator(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._is_administrator(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._is_administrator(request) and super().has_delete_permission(request, obj)


SUPERUSERS_ONLY = ["auth.Group", "axes.AccessAttempt", "axes.AccessLog",
                   "axes.AccessFailureLog", "otp_totp.TOTPDevice", "otp_static.StaticDevice",
                   "django_tasks_database.DBTaskResult"]


def superusers_only(site, labels) -> None:
    """Wrap the registered admins of these models so that only administrators reach them."""
    for model, model_admin in list(site._registry.items()):
        if model._meta.label not in labels or isinstance(model_admin, SuperusersOnlyMixin):
            continue
        wrapped = type(f"SuperusersOnly{type(model_admin).__name__}",
                       (SuperusersOnlyMixin, type(model_admin)), {})
        site.unregister(model)
        site.register(model, wrapped)


superusers_only(admin.site, SUPERUSERS_ONLY)


@admin.register(SecurityEvent)
class SecurityEventAdmin(SuperusersOnlyMixin, admin.ModelAdmin):
    """Read-only, for administrators only."""

    list_display = ["at", "kind", "username", "actor", "ip_address", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address", "detail"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return self._is_administrator(request)

    def has_module_permission(self, request):
        return self._is_administrator(request)
