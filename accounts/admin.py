from django.contrib import admin

from accounts.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only, for administrators only."""

    list_display = ["at", "kind", "username", "actor", "ip_address", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address", "detail"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
