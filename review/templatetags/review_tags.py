from django import template

from review import selectors
from review.selectors import STATUS_LABELS

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    """A submission status as the review pages name it (“Iesniegts”)."""
    return STATUS_LABELS.get(status, status)


@register.filter
def indicator_label(indicator) -> str:
    """The indicator's name outside the figure table ("of which" rows name their parent)."""
    return selectors.indicator_label(indicator)
