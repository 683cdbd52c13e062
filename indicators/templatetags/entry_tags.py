from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indicators.sanitize import clean_html
from reports.tables import format_number

register = template.Library()


@register.filter
def figure(value, indicator):
    """A stored figure as people read it: 6 441, 1 234,50, Jā / Nē."""
    if value is None or value == "":
        return "–"
    if indicator.is_bool:
        return _("yes") if value else _("no")
    decimals = 0 if value == value.to_integral_value() else 2
    return format_number(value, decimals)


@register.filter
def stored_figure(row):
    """A FigureRow's stored value for read-only pages."""
    value = row.value
    if value is None:
        return "–"
    if value.not_applicable:
        return _("not applicable")
    text = figure(value.value, row.indicator)
    return f"{text} ({_('estimate')})" if value.is_estimate else text


@register.filter
def safe_text(html):
    """Sanitised user HTML (sanitised again on the way out, whatever is stored)."""
    return mark_safe(clean_html(html))


@register.filter
def get_field_label(form, name):
    return form.fields[name].label


@register.filter
def list_cell(row, name):
    """One cell of a list row as people read it."""
    from datetime import date
    from decimal import Decimal

    from django.utils.formats import date_format

    value = getattr(row, name)
    display = getattr(row, f"get_{name}_display", None)
    if display:
        return display()
    if value is None or value == "":
        return "–"
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return format_number(value, 0 if value == value.to_integral_value() else 2)
    return value


_AUDIT_WORDS = {"yes": "yes", "no": "no", "n/a": "not applicable"}


@register.filter
def audit_value(text):
    """An audit log value (services.describe writes plain English tokens and numbers) in
    the reader's language: “yes” → “jā”, “4.72 (estimate)” → “4,72 (aplēse)”."""
    import re
    from decimal import Decimal

    if not text:
        return "–"
    suffix = ""
    if text.endswith(" (estimate)"):
        text, suffix = text[: -len(" (estimate)")], f" ({_('estimate')})"
    if text in _AUDIT_WORDS:
        return _(_AUDIT_WORDS[text]) + suffix
    if re.fullmatch(r"\d+(\.\d+)?", text):
        value = Decimal(text)
        return format_number(value, 0 if value == value.to_integral_value() else 2) + suffix
    return text + suffix
