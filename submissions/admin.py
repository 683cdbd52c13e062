from django.contrib import admin

from libraries.admin import RegionScopedMixin
from submissions.models import AuditEntry, ReportingYear, StatusChange, Submission, Value


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
