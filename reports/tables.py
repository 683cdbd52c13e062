"""django-tables2 renderings of the region tables (no arithmetic: values come ready)."""

from decimal import Decimal

import django_tables2 as tables
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from indicators.derived import round_half_away


def format_number(value, decimals: int = 0) -> str:
    """A number the Latvian way (6 441; 20,8), rounded half away from zero to `decimals`.

    Django's number_format cuts surplus digits off (2,4959 → "2,49"); rounding first
    makes every page, chart and export show the report's rounding (2,50).
    """
    if value is None:
        return "–"
    rounded = round_half_away(Decimal(str(value)), decimals)
    if rounded == 0:
        rounded = abs(rounded)  # an exact −0,3 % shows as 0, not −0
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_change(value, points: bool) -> str:
    """A change as shown: "+5 %", "−1,7 p.p."; exact changes are rounded here."""
    if value is None:
        return ""
    places = 1 if points else 0
    sign = "+" if round_half_away(Decimal(str(value)), places) > 0 else ""
    text = format_number(value, places)
    return f"{sign}{text}" + (" p.p." if points else " %")


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
