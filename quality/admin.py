from django.contrib import admin

from libraries.admin import RegionScopedMixin
from quality.models import CheckDecision, ContextEvent


@admin.register(ContextEvent)
class ContextEventAdmin(RegionScopedMixin, admin.ModelAdmin):
    region_field = "library__region"
    readonly_fields = ("created_by", "created_at")
    list_display = ("library", "year", "kind", "date_from", "date_to", "reason")
    list_filter = ("year", "kind")


@admin.register(CheckDecision)
class CheckDecisionAdmin(RegionScopedMixin, admin.ModelAdmin):
    region_field = "library__region"
    readonly_fields = ("decided_by", "decided_at")
    list_display = ("library", "year", "code", "kind", "status", "follow_up", "decided_at")
    list_filter = ("year", "status", "kind")
