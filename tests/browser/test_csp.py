"""Issue 9, item 5: the Content-Security-Policy holds on every page as every role.

Chromium reports each refused script, style or frame as a `securitypolicyviolation` event
and a console error; the sweep listens to both and fails on any. The pages come from the
accessibility sweep, plus the pages that run JavaScript (data entry, rich text, regional
texts, publishing), the admin and the two-factor pages.
"""

import pytest

from tests.browser.test_accessibility import (
    LIBRARIAN_PAGES,
    METHODOLOGIST_PAGES,
    MUNICIPALITY_PAGES,
    PUBLIC_PAGES,
)

LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`
    + ` (${e.sourceFile || ''}:${e.lineNumber || ''} ${(e.sample || '').slice(0, 60)})`);
});
"""

ADMIN_PAGES = ["/admin/", "/admin/libraries/user/", "/admin/libraries/user/add/",
               "/admin/libraries/membership/add/", "/admin/libraries/library/",
               "/admin/libraries/library/add/", "/admin/catalogue/indicator/",
               "/admin/submissions/reportingyear/add/", "/admin/accounts/securityevent/",
               "/admin/axes/accessattempt/", "/admin/submissions/submission/"]

EXTRA_METHODOLOGIST_PAGES = ["/accounts/two-factor/", "/accounts/two-factor/setup/",
                             "/admin/", "/admin/libraries/user/",
                             "/admin/libraries/membership/add/", "/admin/libraries/library/"]


class Recorder:
    def __init__(self, context):
        self.console = []
        context.add_init_script(LISTEN)
        context.on("console", self._on_console)

    def _on_console(self, message):
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text
                                        or "Refused to" in text):
            self.console.append(text[:300])

    def sweep(self, page, base_url, paths, **ids):
        problems = []
        for path in paths:
            url = base_url + path.format(**ids)
            self.console.clear()
            page.goto(url)  # waits for "load": every script and style has been applied
            page.wait_for_timeout(100)  # violation events are dispatched asynchronously
            found = page.evaluate("() => window.__cspViolations || []") + self.console
            if found:
                problems.append(f"{path}: " + "; ".join(dict.fromkeys(found)))
        return problems


@pytest.fixture
def csp_page(browser):
    context = browser.new_context(locale="lv-LV", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    recorder = Recorder(context)
    page = context.new_page()
    yield page, recorder
    context.close()


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


def test_no_violation_on_the_public_pages(csp_page, live_server, demo_data):
    page, recorder = csp_page
    assert recorder.sweep(page, live_server.url, PUBLIC_PAGES) == []


def test_no_violation_on_the_librarians_pages(csp_page, live_server, demo_data, login):
    from submissions.models import Submission

    page, recorder = csp_page
    submission = Submission.objects.get(library__slug="maltas", year__year=2022)
    login(page, live_server, "bibl-maltas")
    entry = f"/entry/submission/{submission.pk}"
    problems = recorder.sweep(page, live_server.url, LIBRARIAN_PAGES, entry=entry)
    # The scripts at work: typing a figure (autosave) and a text (the rich-text editor).
    page.goto(f"{live_server.url}{entry}/chapter/5/")
    page.fill("input[name='v-population.total']", "2300")
    page.keyboard.press("Tab")
    page.wait_for_timeout(1500)
    problems += [f"typing: {v}" for v in page.evaluate("() => window.__cspViolations")]
    assert problems == [], "\n".join(problems)


def test_no_violation_on_the_methodologists_pages(csp_page, live_server, demo_data, login):
    from submissions.models import Submission

    page, recorder = csp_page
    submission = Submission.objects.get(library__slug="maltas", year__year=2021)
    login(page, live_server, "metodikis")
    problems = recorder.sweep(page, live_server.url,
                              METHODOLOGIST_PAGES + EXTRA_METHODOLOGIST_PAGES,
                              review=submission.pk)
    assert problems == [], "\n".join(problems)


def test_no_violation_on_the_municipalitys_pages(csp_page, live_server, demo_data, login):
    page, recorder = csp_page
    login(page, live_server, "pasvaldiba")
    problems = recorder.sweep(page, live_server.url, MUNICIPALITY_PAGES)
    assert problems == [], "\n".join(problems)


def test_no_violation_on_the_administrators_pages(csp_page, live_server, demo_data, login):
    page, recorder = csp_page
    login(page, live_server, "admin")
    problems = recorder.sweep(page, live_server.url, ADMIN_PAGES)
    assert problems == [], "\n".join(problems)
