from django.contrib import admin

from catalogue.models import Chapter, Indicator, Section
from libraries.admin import RegionScopedMixin
from libraries.permissions import get_access
from submissions.models import AuditEntry, ReportingYear, StatusChange, Submission, Value


class NationalTemplateMixin:
    """The national template (chapters, their sections, indicators) is shared by every
    region: a region's methodologist keeping the network in the admin may read it, only
    the national methodologist and administrators change it
    (`Access.can_change_template`, as on `/national/catalogue/`)."""

    def _may_change_template(self, request) -> bool:
        return get_access(request).can_change_template()

    def has_add_permission(self, request, *args):
        return self._may_change_template(request) and super().has_add_permission(
            request, *args)

    def has_change_permission(self, request, obj=None):
        return self._may_change_template(request) and super().has_change_permission(
            request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_change_template(request) and super().has_delete_permission(
            request, obj)


class SectionInline(NationalTemplateMixin, admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Chapter)
class ChapterAdmin(NationalTemplateMixin, admin.ModelAdmin):
    list_display = ["number", "title_lv", "title_en", "regional_only"]
    inlines = [SectionInline]


@admin.register(Indicator)
class IndicatorAdmin(NationalTemplateMixin, admin.ModelAdmin):
    list_display = ["code", "name_lv", "kind", "unit", "parent", "chapter", "order",
                    "valid_from", "valid_to"]
    list_filter = ["kind", "chapter"]
    search_fields = ["code", "name_lv", "name_en"]
    raw_id_fields = ["parent"]


@admin.register(ReportingYear)
class ReportingYearAdmin(RegionScopedMixin, admin.ModelAdmin):
    list_display = ["year", "region", "deadline", "is_open"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "is_open"]


class ValueInline(admin.TabularInline):
    model = Value
    extra = 0
    raw_id_fields = ["indicator", "updated_by"]


@admin.register(Submission)
class SubmissionAdmin(RegionScopedMixin, admin.ModelAdmin):
    region_field = "library__region"
    list_display = ["library", "year", "status", "version", "submitted_at", "updated_at"]
    list_filter = ["year", "status"]
    search_fields = ["library__name"]
    inlines = [ValueInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(RegionScopedMixin, admin.ModelAdmin):
    region_field = "submission__library__region"
    list_display = ["at", "submission", "user", "action", "target", "old", "new"]
    list_filter = ["action"]
    readonly_fields = [field.name for field in AuditEntry._meta.fields]


@admin.register(StatusChange)
class StatusChangeAdmin(RegionScopedMixin, admin.ModelAdmin):
    region_field = "submission__library__region"
    list_display = ["at", "submission", "from_status", "to_status", "user"]
    readonly_fields = [field.name for field in StatusChange._meta.fields]
