"""The dashboard leaves a library-year with a context event out of its peer groups and
says so; the profile's medians leave it out too."""

from datetime import date

import pytest
from django.urls import reverse

from figures.dashboard import build_dashboard
from figures.sources import current_source
from quality.models import ContextEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def renovated(slip_library):
    return ContextEvent.objects.create(library=slip_library, year=2021, kind="renovation",
                                       date_from=date(2021, 2, 1), date_to=date(2021, 8, 31),
                                       reason="Remonts")


def test_peer_groups_leave_the_library_year_out(planted, slip_library, renovated):
    region, _data = planted
    board = build_dashboard(current_source(region), 2021)
    row = next(row for row in board.rows if row.slug == slip_library.slug)
    assert row.event and row.group_number is None and row.standing.quartiles is None
    assert all(slip_library.slug not in group.slugs for group in board.groups)
    assert sum(len(group.slugs) for group in board.groups) == len(board.rows) - 1
    assert [r.slug for r in board.left_out] == [slip_library.slug]
    assert row not in board.ungrouped
    # the year before has no event: the library is in a group there
    before = build_dashboard(current_source(region), 2020)
    assert any(slip_library.slug in group.slugs for group in before.groups)


def test_the_dashboard_page_marks_it(planted, slip_library, renovated, client_for,
                                     methodologist):
    client = client_for(methodologist)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("dashboards:dashboard"), {"year": 2021, "source": "current"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Left out of the peer groups, their quartiles and medians because of an event" in text
    assert f"{slip_library.name} (renovation)" in text
    assert '<span class="event-mark">(renovation)</span>' in text
