"""The completeness board as a sortable django-tables2 table (values come ready)."""

import django_tables2 as tables
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalogue.formatting import format_number


def _count(value: int, css: str):
    if not value:
        return mark_safe('<span class="count-zero">0</span>')
    return format_html('<span class="count {}">{}</span>', css, format_number(value))


class BoardTable(tables.Table):
    select = tables.Column(verbose_name=_("Remind"), empty_values=(), orderable=False,
                           attrs={"th": {"class": "select"}, "td": {"class": "select"}})
    library = tables.Column(verbose_name=_("Library"), order_by=("name_key",),
                            attrs={"td": {"class": "library"}, "th": {"class": "library"}})
    status = tables.Column(verbose_name=_("Status"), order_by=("status_rank", "name_key"))
    last_change = tables.Column(verbose_name=_("Last change"), empty_values=(),
                                order_by=("last_change", "name_key"))
    errors = tables.Column(verbose_name=_("Errors"), attrs={"td": {"class": "num"},
                                                            "th": {"class": "num"}})
    warnings = tables.Column(verbose_name=_("Warnings"),
                             attrs={"td": {"class": "num"}, "th": {"class": "num"}})
    missing = tables.Column(verbose_name=pgettext_lazy("board column: empty fields", "Empty"),
                            attrs={"td": {"class": "num"}, "th": {"class": "num"}})
    late = tables.Column(verbose_name=_("On time"), order_by=("late", "name_key"))
    last_reminded = tables.Column(verbose_name=_("Reminded"), empty_values=(),
                                  order_by=("last_reminded", "name_key"))
    review = tables.Column(verbose_name=_("Review"), empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "board-table"}
        template_name = "django_tables2/table.html"
        row_attrs = {"class": lambda record: f"row-{record.status}"}

    def render_select(self, record):
        if not record.can_be_reminded:
            return ""
        return format_html(
            '<input type="checkbox" name="library" value="{}" form="reminder-form" '
            'aria-label="{}">', record.library.pk,
            _("Remind %(library)s") % {"library": record.library.name})

    def render_library(self, record):
        return record.library.name

    def render_status(self, record):
        return format_html('<span class="status status-{}">{}</span>', record.status,
                           record.status_label)

    def render_last_change(self, record):
        if record.last_change is None:
            # A draft nobody has changed yet: its creation date is no change.
            return format_html('<span class="not-changed" title="{0}">—<span '
                               'class="visually-hidden"> {0}</span></span>',
                               _("not changed yet"))
        return date_filter(localtime(record.last_change), "SHORT_DATE_FORMAT")

    def render_errors(self, value):
        return _count(value, "count-error")

    def render_warnings(self, value):
        return _count(value, "count-warning")

    def render_missing(self, value):
        return _count(value, "count-missing")

    def render_late(self, record):
        if record.late:
            return format_html('<span class="late">{}</span>', _("Late"))
        return format_html('<span class="on-time">{}</span>', _("On time"))

    def render_last_reminded(self, record):
        if record.last_reminded is None:
            return "–"
        return date_filter(localtime(record.last_reminded), "SHORT_DATE_FORMAT")

    def render_review(self, record):
        if record.submission is None:
            return "–"
        url = reverse("review:submission", args=[record.submission.pk])
        return format_html('<a href="{}">{}<span class="visually-hidden">: {}</span></a>',
                           url, _("Open"), record.library.name)
