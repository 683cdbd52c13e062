"""The catalogue in the admin: the national template (chapters, sections, indicators) and
the ratio limits are shared by every region, so only the national methodologist and
administrators change them (`Access.can_change_template`); a region's methodologist may
read them. A region's own questions are kept on its catalogue page in /cycle/."""

from django.contrib import admin

from catalogue.models import Chapter, Indicator, RatioLimit, Section
from libraries.permissions import get_access


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


@admin.register(RatioLimit)
class RatioLimitAdmin(NationalTemplateMixin, admin.ModelAdmin):
    list_display = ("name_lv", "numerator", "denominator", "low", "high")
