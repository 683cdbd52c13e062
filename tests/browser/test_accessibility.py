"""Every page of the portal, as each role sees it, passes axe-core with no violations."""

import pytest

from tests.browser.conftest import format_violations

PUBLIC_PAGES = ["/accounts/login/", "/accounts/password_reset/"]

LIBRARIAN_PAGES = ["/", "/entry/", "{entry}/", "{entry}/chapter/0/", "{entry}/chapter/2/",
                   "{entry}/chapter/4/", "{entry}/chapter/5/", "{entry}/chapter/6/",
                   "{entry}/chapter/13/", "{entry}/history/", "{entry}/workbook/upload/",
                   "/accounts/password_change/", "/reports/tables/"]

METHODOLOGIST_PAGES = ["/", "/review/?year=2022", "/review/?year=2021",
                       "/review/submission/{review}/",
                       "/reports/report/?year=2021", "/reports/report/?year=2021&status=all",
                       "/reports/tables/?year=2021", "/reports/published/",
                       "/reports/text/2021/5-surveys/", "/reports/events/2021/",
                       "/reports/breakdown/visits.total/?year=2021",
                       "/dashboards/?year=2021&source=current",
                       "/dashboards/library/maltas/?source=current", "/nav-nowhere/"]

MUNICIPALITY_PAGES = ["/", "/dashboards/", "/reports/published/", "/reports/tables/",
                      "/review/"]


def _sweep(page, live_server, paths, axe_violations, **ids):
    problems = []
    for path in paths:
        page.goto(live_server.url + path.format(**ids))
        violations = axe_violations(page)
        if violations:
            problems.append(f"{path}:\n{format_violations(violations)}")
    assert problems == [], "\n".join(problems)


def test_pages_open_to_everyone(page, live_server, demo_data, axe_violations):
    _sweep(page, live_server, PUBLIC_PAGES, axe_violations)


def test_the_librarians_pages(page, live_server, demo_data, login, axe_violations):
    from indicators.models import Submission

    submission = Submission.objects.get(library__slug="maltas", year__year=2022)
    login(page, live_server, "bibl-maltas")
    _sweep(page, live_server, LIBRARIAN_PAGES, axe_violations,
           entry=f"/entry/submission/{submission.pk}")


def test_the_methodologists_pages(page, live_server, demo_data, login, axe_violations):
    from indicators.models import Submission

    submission = Submission.objects.get(library__slug="maltas", year__year=2021)
    login(page, live_server, "metodikis")
    _sweep(page, live_server, METHODOLOGIST_PAGES, axe_violations, review=submission.pk)


@pytest.mark.parametrize("published", [False, True])
def test_the_municipalitys_pages(page, live_server, demo_data, login, axe_violations,
                                 published):
    if published:
        from django.test import override_settings

        from libraries.models import Region, User
        from reports.services import report_publish

        with override_settings(TASKS={"default": {
                "BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
            report_publish(region=Region.objects.get(), year=2021,
                           user=User.objects.get(username="metodikis"))
    login(page, live_server, "pasvaldiba")
    _sweep(page, live_server, MUNICIPALITY_PAGES, axe_violations)
