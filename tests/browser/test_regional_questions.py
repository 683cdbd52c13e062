"""A region's own question in the browser (issue 21 item 2): Vidzeme (a synthetic region
of the demo) asks its libraries one figure and one text of its own from 2023; its
librarian types the figure in the part of the region's own questions and it autosaves.
The region's catalogue page and that entry page are photographed at 1280 and 390 px
into /work/shots/regional/."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import format_violations

pytestmark = pytest.mark.browser

SHOTS = Path("/work/shots/regional")
WIDTHS = (1280, 390)


@pytest.fixture(autouse=True)
def _fresh_catalogue():
    from catalogue.selectors import forget_catalogue
    from submissions.selectors import forget_kept

    forget_catalogue()
    forget_kept()


def _shots(page, name):
    """At each width a screenshot; the page's content never scrolls sideways (a wide table
    scrolls in its own box)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        # the page's own content (the header's long demo names are another matter)
        assert page.evaluate("() => document.querySelector('main').scrollWidth") <= width, (
            name, width)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_vidzeme_librarian_fills_the_regions_own_figure_and_it_autosaves(
        page, live_server, demo_data, login, axe_violations):
    from catalogue.models import Chapter, Indicator
    from cycle.services import reporting_year_open
    from demo import questions
    from libraries.models import Region
    from submissions.models import Submission, Value

    vidzeme = Region.objects.get(slug=questions.REGION)
    own = Indicator.objects.get(region=vidzeme)
    reporting_year_open(region=vidzeme, year=2023, invite=False,
                        deadline=timezone.localdate() + timedelta(days=60))
    draft = Submission.objects.get(library__slug="vidzemes-paraugnovads-01",
                                   year__year=2023)

    # the region's methodologist sees the question on the region's catalogue page
    login(page, live_server, "metodikis-vidzeme")
    page.goto(f"{live_server.url}/cycle/catalogue/?year=2023")
    panel = page.locator("section[aria-labelledby=own-heading]")
    expect(panel).to_contain_text(own.code)
    expect(panel).to_contain_text("Novadpētniecības darbs ar skolām")
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    _shots(page, "catalogue")
    page.context.clear_cookies()

    # the librarian: the part of the region's own questions, after the template's chapters
    login(page, live_server, "bibl-vidzemes-paraugnovads-01")
    page.goto(f"{live_server.url}/entry/submission/{draft.pk}/")
    links = page.locator(".chapter-list a")
    expect(links.last).to_have_text("Reģiona papildu jautājumi")  # after the template's
    links.last.click()
    expect(page.locator("h1")).to_contain_text("Reģiona papildu jautājumi")
    assert page.url.endswith(f"/chapter/{Chapter.REGIONAL}/")
    field = page.get_by_role("textbox", name="Lasīšanas pēcpusdienas bērniem", exact=True)
    field.fill("14")
    row = page.locator(f"#row-f-{own.code.replace('.', '-').replace('_', '-')}")
    expect(row.locator(".save-state")).to_have_text("Saglabāts")
    expect(page.locator("#save-bar")).to_contain_text("Visas izmaiņas saglabātas")
    assert Value.objects.get(submission=draft, indicator=own).value == 14
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    _shots(page, "entry")
    page.reload()
    expect(field).to_have_value("14")
