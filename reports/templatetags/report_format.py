"""Formatting of the report's ready-made figures for templates (no arithmetic here)."""

import re

from django import template
from django.utils.translation import gettext as _

from catalogue.formatting import format_change, format_number
from reports.consolidated import DECIMALS, NUMERIC_KINDS

register = template.Library()


@register.filter
def number(value, decimals=0):
    return format_number(value, int(decimals))


@register.simple_tag
def figure_cells(row):
    """[{text, missing}] for a region-table row's years."""
    return [{"text": format_number(value, row.decimals),
             "missing": missing if value is not None else 0}
            for value, missing in zip(row.values, row.missing, strict=False)]


@register.simple_tag
def change_cells(row):
    """The % change (or p.p. change) texts for every year but the first."""
    return [format_change(change, row.change_in_points) for change in row.changes[1:]]


# The dash of a period between two dates ("02.09.–09.11.2021."), where a narrow column
# may wrap it: the page and the PDF add a zero-width space after it (a line-break hint
# for the layout only; the report's data and every export keep the plain text).
PERIOD_DASH = re.compile(r"(?<=\d\.)–(?=\d)")


def breakable_period(text: str) -> str:
    return PERIOD_DASH.sub("–\u200b", text)


@register.simple_tag
def list_cells(table, row):
    """[{text, numeric}] for a list table's row, formatted by each column's kind."""
    cells = []
    for value, kind in zip(row, table.kinds, strict=False):
        if kind in NUMERIC_KINDS:
            text = "" if value is None else format_number(value, DECIMALS[kind])
            cells.append({"text": text, "numeric": True})
        else:
            cells.append({"text": breakable_period(value or ""), "numeric": False})
    return cells


@register.filter
def numeric_kind(kind):
    return kind in NUMERIC_KINDS


@register.simple_tag
def missing_title(count):
    return _("Libraries missing from this total: %(count)s") % {"count": count}
