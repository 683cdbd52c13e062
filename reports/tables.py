"""django-tables2 renderings of the region tables (no arithmetic: values come ready)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from catalogue.formatting import format_change, format_number


class FigureColumn(tables.Column):
    def __init__(self, index: int, *args, **kwargs):
        self.index = index
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        kwargs.setdefault("orderable", False)
        super().__init__(*args, empty_values=(), **kwargs)

    def render(self, record):
        row = record
        text = format_number(row.values[self.index], row.decimals)
        missing = row.missing[self.index]
        if missing and row.values[self.index] is not None:
            return format_html(
                '{} <abbr class="missing" title="{}">*{}</abbr>', text,
                _("Libraries missing from this total: %(count)s") % {"count": missing}, missing)
        return text


class ChangeColumn(tables.Column):
    def __init__(self, index: int, *args, **kwargs):
        self.index = index
        kwargs.setdefault("attrs", {"td": {"class": "num change"}, "th": {"class": "num"}})
        kwargs.setdefault("orderable", False)
        super().__init__(*args, empty_values=(), **kwargs)

    def render(self, record):
        return format_change(record.changes[self.index], record.change_in_points)


class LabelColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("orderable", False)
        super().__init__(*args, accessor="label", **kwargs)

    def render(self, record):
        return format_html('<span title="{}">{}</span>', record.code, record.label)


def region_table_class(years, show_change: bool):
    """A Table class with one column per year and, where wanted, one per % change."""
    attrs = {"label": LabelColumn(verbose_name=_("Indicator"))}
    for index, year in enumerate(years):
        attrs[f"y{year}"] = FigureColumn(index, verbose_name=str(year))
    if show_change:
        for index, year in enumerate(years[1:], start=1):
            attrs[f"change{year}"] = ChangeColumn(
                index, verbose_name=_("Change %(year)s") % {"year": year})
    meta = type("Meta", (), {
        "attrs": {"class": "figures"},
        "row_attrs": {"class": lambda record: f"level-{record.level}"},
        "template_name": "django_tables2/table.html",
    })
    attrs["Meta"] = meta
    return type("RegionFiguresTable", (tables.Table,), attrs)


def render_tables(region_tables):
    """(spec, django-tables2 table) pairs for a RegionTables."""
    result = []
    for table in region_tables.tables:
        table_class = region_table_class(region_tables.years, table.show_change)
        result.append((table, table_class(list(table.rows))))
    return result
