"""Issue 9, item 5: the Content-Security-Policy holds on every page as every role.

Chromium reports each refused script, style or frame as a `securitypolicyviolation` event
and a console error; the sweep (tests/browser/conftest.py's `Recorder`) listens to both
and fails on any. The pages of the accessibility sweep (public, librarian, methodologist,
municipality, national) are checked by that sweep in the same visit
(tests/browser/test_accessibility.py); here: that the sweep notices a violation, the pages
that run JavaScript as a librarian types (autosave, rich text), the methodologist's
two-factor and admin pages, and the administrator's pages.
"""

ADMIN_PAGES = ["/admin/", "/admin/libraries/user/", "/admin/libraries/user/add/",
               "/admin/libraries/membership/add/", "/admin/libraries/library/",
               "/admin/libraries/library/add/", "/admin/catalogue/indicator/",
               "/admin/submissions/reportingyear/add/", "/admin/accounts/securityevent/",
               "/admin/axes/accessattempt/", "/admin/submissions/submission/"]

EXTRA_METHODOLOGIST_PAGES = ["/accounts/two-factor/", "/accounts/two-factor/setup/",
                             "/admin/", "/admin/libraries/user/",
                             "/admin/libraries/membership/add/", "/admin/libraries/library/"]


def test_the_sweep_notices_a_violation(csp_page, live_server, transactional_db):
    page, recorder = csp_page
    page.goto(live_server.url + "/accounts/login/")
    page.evaluate("() => { const s = document.createElement('script');"
                  " s.textContent = 'window.__ran = 1'; document.body.append(s); }")
    page.evaluate("() => document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__ran") is None
    found = page.evaluate("() => window.__cspViolations")
    assert any(v.startswith("script-src") for v in found), found
    assert any(v.startswith("style-src") for v in found), found
    assert recorder.console


def test_no_violation_while_a_librarian_types(csp_page, live_server, demo_data, login):
    """The scripts at work: typing a figure (autosave) and a text (the rich-text editor)."""
    from submissions.models import Submission

    page, recorder = csp_page
    submission = Submission.objects.get(library__slug="maltas", year__year=2022)
    login(page, live_server, "bibl-maltas")
    recorder.goto(page, f"{live_server.url}/entry/submission/{submission.pk}/chapter/5/")
    problems = recorder.found(page)
    page.fill("input[name='v-population.total']", "2300")
    page.keyboard.press("Tab")
    page.wait_for_timeout(1500)
    problems += [f"typing: {v}" for v in page.evaluate("() => window.__cspViolations")]
    assert problems == [], "\n".join(problems)


def test_no_violation_on_the_methodologists_other_pages(csp_page, live_server, demo_data,
                                                         login):
    page, recorder = csp_page
    login(page, live_server, "metodikis")
    problems = recorder.sweep(page, live_server.url, EXTRA_METHODOLOGIST_PAGES)
    assert problems == [], "\n".join(problems)


def test_no_violation_on_the_administrators_pages(csp_page, live_server, demo_data, login):
    page, recorder = csp_page
    login(page, live_server, "admin")
    problems = recorder.sweep(page, live_server.url, ADMIN_PAGES)
    assert problems == [], "\n".join(problems)
