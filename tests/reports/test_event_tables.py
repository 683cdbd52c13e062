"""The report's two event tables (the libraries' training events and the regional main
library's events) put hours and participants in the same order."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from reports.consolidated import _regional_events_table, list_headers, localised_headers
from reports.models import RegionalEvent

pytestmark = pytest.mark.django_db


def test_both_event_tables_put_hours_before_participants(region):
    RegionalEvent.objects.create(region=region, year=2021, date_from=datetime.date(2021, 3, 4),
                                 title="Novada bibliotekāru seminārs", participants=25,
                                 hours=Decimal("3.5"))
    with translation.override("lv"):
        for key in ("training", "regional_events"):
            headers = list_headers(key)
            assert headers.index("Stundu skaits") + 1 == headers.index("Dalībnieku skaits"), key
        table = _regional_events_table(region, 2021)
    (row,) = table.rows
    hours = table.headers.index("Stundu skaits")
    assert row[hours] == Decimal("3.5") and row[hours + 1] == 25


def test_a_version_published_in_the_old_order_keeps_its_columns_in_english():
    old = ("Datums", "Norises vieta", "Organizētājs", "Nosaukums un tēmas",
           "Dalībnieku skaits", "Stundu skaits")
    with translation.override("en"):
        assert localised_headers("regional_events", old) == (
            "Date", "Place", "Organiser", "Title and topics", "Participants", "Hours")
        assert localised_headers("regional_events", list_headers("regional_events"))[-2:] == (
            "Hours", "Participants")
