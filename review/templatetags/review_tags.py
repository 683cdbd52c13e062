from django import template

from review.selectors import STATUS_LABELS

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    """A submission status as the review pages name it (“Iesniegts”)."""
    return STATUS_LABELS.get(status, status)
