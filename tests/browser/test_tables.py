"""Wide tables on a phone and on a laptop: no page of the accessibility sweep scrolls
sideways at 390 px; a table that scrolls sideways does so in a box that a keyboard
reaches (tabindex="0") and a screen reader names (role="region" and a name); the change
history fits a phone; the national region table and the dashboard's comparison fit
1280 px without scrolling."""

import pytest

from tests.browser.conftest import format_violations
from tests.browser.test_accessibility import (
    LIBRARIAN_PAGES,
    METHODOLOGIST_PAGES,
    NATIONAL_PAGES,
)

# Every element of the page that scrolls sideways, and what a keyboard user has of it.
SCROLLERS = """() => [...document.querySelectorAll('main *')].filter(e => {
  const x = getComputedStyle(e).overflowX;
  return (x === 'auto' || x === 'scroll') && e.scrollWidth > e.clientWidth + 1;
}).map(e => ({tag: e.tagName, cls: e.className, tabindex: e.getAttribute('tabindex'),
              role: e.getAttribute('role') || (e.tagName === 'SECTION' ? 'region' : null),
              name: e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')}))"""


def _ids():
    from submissions.models import Submission

    return {"entry": "/entry/submission/{}".format(Submission.objects.get(
                library__slug="maltas", year__year=2022).pk),
            "review": Submission.objects.get(library__slug="maltas", year__year=2021).pk}


def _check_page(page, url, axe_violations):
    page.goto(url)
    problems = [f"{url}: page {width} px wide"
                for width in [page.evaluate("() => document.documentElement.scrollWidth")]
                if width > page.viewport_size["width"]]
    for box in page.evaluate(SCROLLERS):
        if box["tabindex"] != "0" or box["role"] != "region" or not box["name"]:
            problems.append(f"{url}: {box}")
    violations = axe_violations(page)
    if violations:
        problems.append(f"{url}:\n{format_violations(violations)}")
    return problems


@pytest.mark.parametrize(("username", "paths", "tables"), [
    ("metodikis", METHODOLOGIST_PAGES,
     ["/review/submission/{review}/", "/reports/report/?year=2021",
      "/dashboards/library/maltas/?source=current", "/dashboards/?year=2021&source=current",
      "/reports/tables/?year=2021"]),
    ("bibl-maltas", LIBRARIAN_PAGES, ["{entry}/history/"]),
    ("nacionalais", NATIONAL_PAGES,
     ["/national/region/rezeknes-novads/", "/national/report/", "/national/dashboard/"]),
    # the longest name in the header: "Metodiķis (Vidzemes paraugnovads (sintētisks))"
    ("metodikis-vidzeme", ["/", "/cycle/years/", "/review/"], []),
], ids=["metodikis", "bibl-maltas", "nacionalais", "metodikis-vidzeme"])
def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, demo_data, login,
                                             axe_violations, username, paths, tables):
    """At 390 px wide no page of the role's accessibility sweep scrolls sideways; on the
    pages with wide tables (`tables`) each table that scrolls does so in a box a keyboard
    reaches, and axe-core finds nothing at that width. (One visit per page: these were
    two tests that opened the table pages twice.)"""
    assert set(tables) <= set(paths)
    context = browser.new_context(locale="lv-LV", viewport={"width": 390, "height": 844})
    page = context.new_page()
    login(page, live_server, username)
    ids = _ids()
    problems = []
    for path in paths:
        url = live_server.url + path.format(**ids)
        if path in tables:
            problems += _check_page(page, url, axe_violations)
        else:
            page.goto(url)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > 390:
                problems.append(f"{path}: {width} px")
    context.close()
    assert problems == [], "\n".join(problems)


def test_the_change_history_shows_old_and_new_on_a_phone(browser, live_server, demo_data,
                                                          login):
    from libraries.models import User
    from submissions.models import AuditEntry, Submission

    AuditEntry.objects.create(
        submission=Submission.objects.get(library__slug="maltas", year__year=2022),
        user=User.objects.get(username="bibl-maltas"), action="changed",
        target="text:5-services", label="Pakalpojumi un to pieejamība lietotājiem",
        old="Bibliotēka piedāvāja grāmatu piegādi mājās senioriem un cilvēkiem ar invaliditāti.",
        new="Bibliotēka piedāvāja grāmatu piegādi mājās senioriem, cilvēkiem ar invaliditāti "
            "un jaunajām ģimenēm ar maziem bērniem visā pagasta teritorijā.")
    context = browser.new_context(locale="lv-LV", viewport={"width": 390, "height": 844})
    page = context.new_page()
    login(page, live_server, "bibl-maltas")
    page.goto(live_server.url + _ids()["entry"] + "/history/")
    assert page.locator("table.history-table tbody tr").count() > 0
    row = page.locator("table.history-table tbody tr").first
    for cell in ("td.old", "td.new"):
        box = row.locator(cell).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (cell, box)
    label = row.locator("td.new").evaluate("e => getComputedStyle(e, '::before').content")
    assert label == '"Kļuva"'  # labelled without the header row
    context.close()


@pytest.mark.parametrize(("username", "path", "table"), [
    ("nacionalais", "/national/region/rezeknes-novads/", "table.figures"),
    ("metodikis", "/dashboards/?year=2021&source=current", "table.comparison"),
])
def test_wide_tables_fit_a_laptop(page, live_server, demo_data, login, username, path, table):
    login(page, live_server, username)
    page.goto(live_server.url + path)
    box = page.locator(table).first.evaluate(
        "t => ({table: t.getBoundingClientRect().width,"
        " box: t.parentElement.clientWidth, scroll: t.parentElement.scrollWidth})")
    assert box["scroll"] <= box["box"], box
