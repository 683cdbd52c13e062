"""A context event footnotes the consolidated report (page and published snapshot)."""

from datetime import date

import pytest
from django.urls import reverse

from figures.selectors import ALL_STATUSES
from quality.models import ContextEvent
from reports.consolidated import build_report, report_from_dict, report_to_dict

pytestmark = pytest.mark.django_db


def test_the_report_footnotes_the_events_of_its_year(planted, client_for, methodologist,
                                                     slip_library):
    region, _data = planted
    ContextEvent.objects.create(library=slip_library, year=2022, kind="renovation",
                                date_from=date(2022, 3, 1), date_to=date(2022, 9, 30),
                                reason="Jumta remonts")
    ContextEvent.objects.create(library=slip_library, year=2021, kind="closure",
                                date_from=date(2021, 3, 1), reason="Cits gads")
    data = build_report(region, 2022, ALL_STATUSES)
    notes = [note for note in data.context_notes if slip_library.name in note]
    assert len(notes) == 1 and "Jumta remonts" in notes[0] and "2022" in notes[0]
    assert not any("Cits gads" in note for note in data.context_notes)
    assert report_from_dict(report_to_dict(data)).context_notes == data.context_notes

    client = client_for(methodologist)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("reports:report"), {"year": 2022, "status": "all"})
    text = page.content.decode()
    assert "Events that explain figures of 2022" in text
    assert "Jumta remonts" in text
    assert "leave these libraries out for the year" in text
    assert 'href="#context-notes"' in text  # the tables' footnote points to the events
