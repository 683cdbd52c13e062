"""The admin: superusers manage everything; the methodologist (staff in the "Metodiķi"
group) keeps the catalogue, the years, the libraries and the librarians of their own
region, and can neither hand out regional roles nor raise anyone's privileges."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q

from libraries.models import Library, Membership, Region, Role, User


def methodologist_region_ids(request) -> list[int]:
    return list(request.user.memberships.filter(role=Role.METHODOLOGIST)
                .values_list("region_id", flat=True))


class RegionScopedMixin:
    """Non-superusers see and choose only what belongs to their own regions."""

    region_field = "region"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.region_field}__in": methodologist_region_ids(request)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            regions = methodologist_region_ids(request)
            if db_field.name == "region":
                kwargs["queryset"] = Region.objects.filter(pk__in=regions)
            elif db_field.name == "library":
                kwargs["queryset"] = Library.objects.filter(region__in=regions)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(Role.LIBRARIAN.value, Role.LIBRARIAN.label)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class MembershipInline(RegionScopedMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["library"]


@admin.register(User)
class LibreportUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_superuser"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # Librarians of the methodologist's region and people without any role yet.
        regions = methodologist_region_ids(request)
        return queryset.filter(
            Q(memberships__role=Role.LIBRARIAN, memberships__region__in=regions)
            | Q(memberships__isnull=True), is_superuser=False, is_staff=False).distinct()

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        hidden = {"is_superuser", "is_staff", "groups", "user_permissions"}
        return [(name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
                for name, options in fieldsets]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "main_library"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Library)
class LibraryAdmin(RegionScopedMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "parish", "region", "active", "external_service_points"]
    list_filter = ["region", "kind", "active"]
    search_fields = ["name", "parish", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(RegionScopedMixin, admin.ModelAdmin):
    list_display = ["user", "role", "region", "library"]
    list_filter = ["role", "region"]
    autocomplete_fields = ["user", "library"]
