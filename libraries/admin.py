from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from libraries.models import Library, Membership, Region, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["library"]


@admin.register(User)
class LibreportUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_superuser"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "main_library"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parish", "region", "active", "external_service_points"]
    list_filter = ["region", "kind", "active"]
    search_fields = ["name", "parish", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region", "library"]
    list_filter = ["role", "region"]
    autocomplete_fields = ["user", "library"]
