"""Dates as the reader of each language reads them."""

from datetime import datetime

from django.template import Context, Template
from django.utils import translation


def _shown(language: str, template: str) -> str:
    with translation.override(language):
        return Template("{{ when|date:'" + template + "' }}").render(
            Context({"when": datetime(2026, 12, 7, 15, 7)}))


def test_english_short_dates_and_times_put_the_day_first_like_the_latvian_ones():
    """A published version of 7 December read "12/07/2026 3:07 p.m." in English (Django's
    American default), which a European reader takes for 12 July."""
    assert _shown("en", "SHORT_DATE_FORMAT") == "07/12/2026"
    assert _shown("en", "SHORT_DATETIME_FORMAT") == "07/12/2026 15:07"
    assert _shown("lv", "SHORT_DATETIME_FORMAT") == "07.12.2026 15:07"
