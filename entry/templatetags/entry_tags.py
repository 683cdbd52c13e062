import re

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalogue.formatting import format_number
from submissions.sanitize import clean_html

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


@register.simple_tag
def rich_text_strings():
    """The rich-text editor's labels (static/js/rich-text.js), translated, as JSON."""
    from django.utils.html import json_script

    return json_script({
        "bold": _("Bold"), "italic": _("Italic"), "bullets": _("Bulleted list"),
        "numbers": _("Numbered list"), "link": _("Link"),
        "linkPrompt": _("Link address (https://…)"),
        "editorLabel": _("Formatting"), "undo": _("Undo"), "redo": _("Redo"),
    }, "rich-text-strings")


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
        # as many decimals as the field keeps: hours "6,5", a EUR amount "1 500,50"
        places = getattr(row._meta.get_field(name), "decimal_places", 2)
        return format_number(value, 0 if value == value.to_integral_value() else places)
    return value


_AUDIT_WORDS = {"yes": "yes", "no": "no", "n/a": "not applicable"}


@register.filter
def audit_value(text):
    """An audit log value (services.describe writes plain English tokens and numbers) in
    the reader's language: “yes” → “jā”, “4.72 (estimate)” → “4,72 (aplēse)”."""
    if not text:
        return "–"
    suffix = ""
    if text.endswith(" (estimate)"):
        text, suffix = text[: -len(" (estimate)")], f" ({_('estimate')})"
    if text in _AUDIT_WORDS:
        return _(_AUDIT_WORDS[text]) + suffix
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _number(text) + suffix
    # a list row written before its dates and numbers were formatted: “datums (no):
    # 2022-03-15; summa: 120.5” → “datums (no): 15.03.2022; summa: 120,5”
    text = _ISO_DATE.sub(_date, text)
    text = _ROW_NUMBER.sub(lambda m: m.group(1) + _number(m.group(2)), text)
    return text + suffix


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ROW_NUMBER = re.compile(r"(: )(\d+\.\d+)(?=;|$)")


def _date(match) -> str:
    from datetime import date

    from django.utils.formats import date_format

    try:
        value = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return match.group(0)
    return date_format(value, "SHORT_DATE_FORMAT")


def _number(text: str) -> str:
    from decimal import Decimal

    value = Decimal(text)
    return format_number(value, 0 if value == value.to_integral_value() else 2)


@register.simple_tag
def progress_line(p, key):
    """A progress line (figures filled, texts written, the badges) as the pages show it and
    the autosave's reply replaces it (static/js/entry.js `updateProgress`): written out
    here rather than by a template, since every autosave renders two (the plural forms
    are the translations', in every language)."""
    def n(value):
        if isinstance(value, int) and 0 <= value < 1000:
            return str(value)  # as localize writes it in any language: no separator
        return conditional_escape(localize(value))

    def hidden(condition):
        return " hidden" if condition else ""

    parts = [f'<span class="progress-line" data-progress="{n(key)}">\n  ']
    if p.figures:
        parts.append(
            f'<progress max="{n(p.figures)}" value="{n(p.filled)}" aria-hidden="true">'
            f'</progress>\n  <span class="progress-text" data-n="{n(p.filled)}">'
            + ngettext("%(filled)s of %(figures)s figure", "%(filled)s of %(figures)s figures",
                       p.figures) % {"filled": n(p.filled), "figures": n(p.figures)}
            + "</span>")
    if p.texts:
        parts.append(
            f'<span class="progress-texts" data-n="{n(p.texts_written)}">'
            + ngettext("%(written)s of %(texts)s text", "%(written)s of %(texts)s texts",
                       p.texts) % {"written": n(p.texts_written), "texts": n(p.texts)}
            + "</span>")
    parts.append(
        f'\n  <span class="badge badge-error" data-count="errors"{hidden(not p.errors)}>'
        + ngettext("%(n)s error", "%(n)s errors", p.errors) % {"n": n(p.errors)}
        + f'</span>\n  <span class="badge badge-warning" data-count="warnings"'
          f'{hidden(not p.warnings)}>'
        + ngettext("%(n)s warning to explain", "%(n)s warnings to explain",
                   p.warnings) % {"n": n(p.warnings)}
        + f'</span>\n  <span class="badge badge-missing" data-count="missing"'
          f'{hidden(not p.missing)}>'
        + ngettext("%(n)s required empty", "%(n)s required empty",
                   p.missing) % {"n": n(p.missing)}
        + f'</span>\n  <span class="badge badge-ok" data-count="complete"'
          f'{hidden(not p.is_complete or not p.figures)}>'
        + _("complete") + "</span>\n</span>\n")
    return mark_safe("".join(parts))  # numbers escaped; the texts are the translations
