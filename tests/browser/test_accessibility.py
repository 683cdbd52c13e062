"""Every page of the portal, as each role sees it, passes axe-core with no violations and
breaks no rule of the Content-Security-Policy (issue 9, item 5: the sweeps of
tests/browser/test_csp.py were these pages again; one visit now checks both)."""

import pytest
from django.db import OperationalError

from tests.browser.conftest import format_violations

PUBLIC_PAGES = ["/accounts/login/", "/accounts/password_reset/", "/regions/rezeknes-novads/",
                "/libraries/maltas/", "/libraries/maltas/embed/"]

LIBRARIAN_PAGES = ["/", "/entry/", "{entry}/", "{entry}/chapter/0/", "{entry}/chapter/2/",
                   "{entry}/chapter/4/", "{entry}/chapter/5/", "{entry}/chapter/6/",
                   "{entry}/chapter/13/", "{entry}/history/", "{entry}/workbook/upload/",
                   "{entry}/chapter/5/note/", "{entry}/chapter/5/note/visits.total/",
                   "/accounts/password_change/", "/reports/tables/", "/quality/events/dricanu/"]

METHODOLOGIST_PAGES = ["/", "/review/?year=2022", "/review/?year=2021",
                       "/review/triage/?year=2021", "/quality/events/maltas/",
                       "/review/submission/{review}/",
                       "/reports/", "/reports/report/?year=2021",
                       "/reports/report/?year=2021&status=all",
                       "/reports/tables/?year=2021", "/reports/published/",
                       "/reports/text/2021/5-surveys/", "/reports/events/2021/",
                       "/reports/breakdown/visits.total/?year=2021",
                       "/dashboards/?year=2021&source=current",
                       "/dashboards/library/maltas/?source=current", "/cycle/years/",
                       "/cycle/people/", "/cycle/catalogue/?year=2022",
                       "/cycle/network/", "/nav-nowhere/"]

MUNICIPALITY_PAGES = ["/", "/dashboards/", "/reports/published/", "/reports/tables/",
                      "/review/"]


def _sweep(csp_page, live_server, paths, axe_violations, **ids):
    """Each page: first the Content-Security-Policy violations its loading caused, then
    axe-core's (which runs through the DevTools protocol, outside the policy)."""
    page, recorder = csp_page
    problems = []
    for path in paths:
        recorder.goto(page, live_server.url + path.format(**ids))
        refused = recorder.found(page)
        if refused:
            problems.append(f"{path}: Content-Security-Policy: " + "; ".join(refused))
        violations = axe_violations(page)
        if violations:
            problems.append(f"{path}:\n{format_violations(violations)}")
    assert problems == [], "\n".join(problems)


def test_pages_open_to_everyone(csp_page, live_server, demo_data, axe_violations):
    _sweep(csp_page, live_server, PUBLIC_PAGES, axe_violations)


def test_the_librarians_pages(csp_page, live_server, demo_data, login, axe_violations):
    from submissions.models import Submission

    submission = Submission.objects.get(library__slug="maltas", year__year=2022)
    login(csp_page[0], live_server, "bibl-maltas")
    _sweep(csp_page, live_server, LIBRARIAN_PAGES, axe_violations,
           entry=f"/entry/submission/{submission.pk}")


def test_the_methodologists_pages(csp_page, live_server, demo_data, login, axe_violations):
    from submissions.models import Submission

    submission = Submission.objects.get(library__slug="maltas", year__year=2021)
    login(csp_page[0], live_server, "metodikis")
    _sweep(csp_page, live_server, METHODOLOGIST_PAGES, axe_violations, review=submission.pk)


@pytest.mark.parametrize("published", [False, True])
def test_the_municipalitys_pages(csp_page, live_server, demo_data, login, axe_violations,
                                 published):
    if not published:  # the demo publishes 2019–2021; before anything is published:
        from reports.models import PublishedReport

        PublishedReport.objects.all().delete()
    login(csp_page[0], live_server, "pasvaldiba")
    _sweep(csp_page, live_server, MUNICIPALITY_PAGES, axe_violations)


def _tab_to(page, selector, limit=80):
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _focus_is_visible(page) -> bool:
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; }")


def test_a_librarian_logs_in_and_enters_figures_with_the_keyboard_alone(page, live_server,
                                                                        demo_data):
    from submissions.models import Submission, Value

    submission = Submission.objects.get(library__slug="maltas", year__year=2022)
    page.goto(live_server.url + "/accounts/login/")
    _tab_to(page, "#id_username")
    page.keyboard.type("bibl-maltas")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-parole-2022")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")

    page.goto(f"{live_server.url}/entry/submission/{submission.pk}/chapter/5/")
    _tab_to(page, "input[name='v-population.total']")
    assert _focus_is_visible(page)
    page.keyboard.type("2300")
    _tab_to(page, "input[name='na-population.children']")
    assert _focus_is_visible(page)
    page.keyboard.press("Space")
    assert page.is_checked("input[name='na-population.children']")
    # Autosave keeps both without a mouse click.
    values = {}
    for _ in range(40):
        try:
            values = {v.indicator.code: v for v in Value.objects.filter(submission=submission)}
        except OperationalError:  # SQLite's shared test database: the server is writing
            page.wait_for_timeout(250)
            continue
        if ("population.total" in values and "population.children" in values
                and values["population.children"].not_applicable):
            break
        page.wait_for_timeout(250)
    assert values["population.total"].value == 2300
    assert values["population.children"].not_applicable


NATIONAL_PAGES = ["/", "/national/", "/national/report/",
                  "/national/report/?table=main_indicators", "/national/dashboard/",
                  "/national/region/zemgales-paraugnovads/",
                  "/national/region/zemgales-paraugnovads/library/zemgales-paraugnovads-01/",
                  "/national/region/rezeknes-novads/", "/national/catalogue/?year=2022"]


def test_the_national_pages(csp_page, live_server, demo_data, login, axe_violations):
    login(csp_page[0], live_server, "nacionalais")
    _sweep(csp_page, live_server, NATIONAL_PAGES, axe_violations)
