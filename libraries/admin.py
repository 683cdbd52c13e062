"""The admin: superusers manage everything; the methodologist (staff in the "Metodiķi"
group) keeps the catalogue, the years, the libraries and the librarians of their own
region, and can neither hand out regional roles nor raise anyone's privileges.

Who a methodologist may manage is one rule in `libraries.permissions`
(`manageable_users`, `manageable_memberships`, `Access.can_grant_membership`); every
queryset, form choice and object permission below goes through it.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from libraries.models import Library, Membership, Region, Role, User
from libraries.permissions import get_access, manageable_memberships, manageable_users
from libraries.services import user_last_region_set

OUT_OF_REACH = _("You may give only the librarian role, in a library of your own region.")


def methodologist_region_ids(request) -> frozenset[int]:
    return get_access(request).methodologist_region_ids


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
            if db_field.related_model is Region:
                kwargs["queryset"] = Region.objects.filter(pk__in=regions)
            elif db_field.related_model is Library:  # library, merged_into
                kwargs["queryset"] = Library.objects.filter(region__in=regions)
            elif db_field.name == "user":
                kwargs["queryset"] = manageable_users(get_access(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(Role.LIBRARIAN.value, Role.LIBRARIAN.label)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class MembershipForm(forms.ModelForm):
    """Checks the role against the permission layer, whatever the form offered."""

    access = None  # set by the admin for each request

    class Meta:
        model = Membership
        fields = ["user", "role", "region", "library"]

    def clean(self):
        cleaned = super().clean()
        library = cleaned.get("library")
        region = cleaned.get("region")
        if library is not None and region is not None and library.region_id != region.pk:
            raise forms.ValidationError(_("The library is not in this region."))
        if self.access is not None and not self.access.can_grant_membership(
                role=cleaned.get("role"), region_id=region.pk if region else None,
                library=library):
            raise forms.ValidationError(OUT_OF_REACH)
        return cleaned


class MembershipAccessMixin(RegionScopedMixin):
    form = MembershipForm

    def get_queryset(self, request):
        queryset = super(RegionScopedMixin, self).get_queryset(request)
        return queryset.filter(pk__in=manageable_memberships(get_access(request)))

    def _form_with_access(self, form_class, request):
        return type(form_class.__name__, (form_class,), {"access": get_access(request)})


def _note_region(membership: Membership) -> None:
    """A role given or taken keeps the person in that region's reach once they have none."""
    user_last_region_set(user=membership.user, region_id=membership.region_id)


class MembershipInline(MembershipAccessMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["library"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = self._form_with_access(formset.form, request)
        return formset


@admin.register(User)
class LibreportUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_superuser"]
    PRIVILEGED_FIELDS = frozenset({"is_superuser", "is_staff", "groups", "user_permissions"})

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # Librarians of the methodologist's region and people without any role yet.
        return queryset.filter(pk__in=manageable_users(get_access(request)))

    def _may_manage(self, request, obj) -> bool:
        return obj is None or get_access(request).can_manage_user(obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._may_manage(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_manage(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_manage(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [(name, {**options, "fields": [f for f in options["fields"]
                                              if f not in self.PRIVILEGED_FIELDS]})
                for name, options in fieldsets]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not request.user.is_superuser:
            for name in self.PRIVILEGED_FIELDS & set(form.base_fields):
                del form.base_fields[name]
        return form

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            # A person a methodologist adds belongs to their region until given a role.
            regions = sorted(get_access(request).methodologist_region_ids)
            obj.last_region_id = obj.last_region_id or (regions[0] if regions else None)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Membership:
            for membership in [*formset.new_objects, *formset.deleted_objects]:
                _note_region(membership)


@admin.register(Region)
class RegionAdmin(RegionScopedMixin, admin.ModelAdmin):
    region_field = "pk"
    list_display = ["name", "slug", "main_library"]
    prepopulated_fields = {"slug": ["name"]}

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(Library)
class LibraryAdmin(RegionScopedMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "parish", "region", "active", "external_service_points"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "kind", "active"]
    search_fields = ["name", "parish", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["merged_into"]  # merging goes through cycle.network.library_merge
    # a website typed without its scheme is read as https:// (as on the network page)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Membership)
class MembershipAdmin(MembershipAccessMixin, admin.ModelAdmin):
    list_display = ["user", "role", "region", "library"]
    list_filter = ["role", ("region", admin.RelatedOnlyFieldListFilter)]
    autocomplete_fields = ["user", "library"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return self._form_with_access(form, request)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _note_region(obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _note_region(obj)

    def delete_queryset(self, request, queryset):
        memberships = list(queryset.select_related("user"))
        super().delete_queryset(request, queryset)
        for membership in memberships:
            _note_region(membership)
