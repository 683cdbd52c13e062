from django import template

from workbooks.preview import state_text

register = template.Library()


@register.filter
def preview_figure(state, indicator):
    """A figure of a workbook's preview as the report's page shows it (6 441; not
    applicable; – when empty)."""
    return state_text(state, indicator)
