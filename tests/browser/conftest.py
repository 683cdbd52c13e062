"""Browser-test harness: Playwright (sync API) driving Debian's Chromium.

Playwright's own browser download does not work on our machines, so the tests launch
/usr/bin/chromium (apt package `chromium`). Without it the browser tests are skipped,
except when the environment variable CI is set: then they fail, so CI never passes
without them.

Fixtures and helpers:
- `browser` (session): headless Chromium.
- `page`: a new context per test (locale lv-LV, 1280×900).
- `demo_data`: the full demo, committed so the live server sees it (hence
  `transactional_db`). Built by `demo.seed.seed_demo()` once per test run and
  copied for every later test (`tests.demo_copy.demo_copy`, about half a second), so
  each test gets the whole demo as seeded, whatever the test before it wrote; the flush
  after the test empties it again. (The catalogue loaded by the migrations is loaded
  again after the flushes for the first build only: a copy brings its own.)
- `login(page, live_server, username, password=DEMO_PASSWORD)`: logs in through the form.
- `axe_violations(page)`: runs the vendored axe-core (tests/browser/vendor/axe.min.js) on
  the page with the WCAG 2.0/2.1 A and AA rules and returns every violation, whatever
  its impact. `format_violations(violations)` makes them readable in an assert.
- `screenshot(page, name)`: a full-page PNG in test-artifacts/ (gitignored).
- `csp_page`: (page, recorder) like `page`, with a `Recorder` of the Content-Security-
  Policy violations in its context: `recorder.found(page)` after a `goto`, or
  `recorder.sweep(page, base_url, paths)` (tests/browser/test_csp.py).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from
# a thread with a running loop unless told otherwise.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _one_request_at_a_time_on_a_shared_connection():
    """On SQLite the test database lives in memory and the live server's threads all use
    the test's one connection: two requests at once (two autosaves) would run their
    transactions on it interleaved, and one's rollback could undo the other's committed
    save, which no deployed server (a connection per thread) does. So there the live
    server handles one request at a time (connections still kept alive); on PostgreSQL
    each thread has its own connection and requests run side by side."""
    import threading

    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    class SharedConnectionServer(ThreadedWSGIServer):
        lock = threading.Lock()

        def set_app(self, application):
            if not self.connections_override:
                return super().set_app(application)

            def one_at_a_time(environ, start_response):
                with self.lock:  # the whole body is made while the connection is ours
                    return list(application(environ, start_response))

            return super().set_app(one_at_a_time)

    LiveServerThread.server_class = SharedConnectionServer


_one_request_at_a_time_on_a_shared_connection()

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAILING_IMPACTS = {"minor", "moderate", "serious", "critical"}


def pytest_collection_modifyitems(config, items):
    """Every test in tests/browser/ is a browser test (`-m "not browser"` skips them)."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _missing_browser_reason():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return (f"{CHROMIUM} is missing: install Debian's chromium "
                "(apt-get install chromium) to run the browser tests")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed: pip install -e '.[test]'"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _missing_browser_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so browser tests may not be skipped: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="lv-LV", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def restore_migration_data():
    """Load again what the data migrations put in the database (the indicator catalogue).

    A transactional test ends with a flush that empties every table, also what the
    migrations loaded. (Django's serialized rollback would restore it but collides with
    the content types re-created after a flush.) If another data migration comes to
    matter for the demo, call its loader here too; the loaders are idempotent."""
    from importlib import import_module

    from catalogue.models import Chapter
    from tests.migrating import apps_before_the_move

    if not Chapter.objects.exists():
        import_module("indicators.migrations.0003_catalogue").load_catalogue(
            apps_before_the_move(), None)


@pytest.fixture
def demo_data(transactional_db):
    """The demo, committed, so the live server sees it (a copy of the run's one build)."""
    from tests.demo_copy import demo_copy, is_built

    if not is_built():  # the copy replaces every table, the catalogue with them
        restore_migration_data()
    return demo_copy()


@pytest.fixture
def login():
    from demo.seed import DEMO_PASSWORD

    def do_login(page, live_server, username, password=DEMO_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.click("form.stacked button[type=submit]")
        if "/accounts/login/" in page.url:
            raise AssertionError(f"login as {username} failed; still on {page.url}")
        return page

    return do_login


def run_axe(page, impacts=AXE_FAILING_IMPACTS, tags=AXE_TAGS):
    """axe-core's violations on the current page whose impact is in `impacts`."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: an inline <script> tag would be
        # refused by the portal's Content-Security-Policy (script-src 'self').
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        tags,
    )
    return [v for v in result["violations"] if v.get("impact") in impacts]


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node.get('failureSummary', '')}")
    return "\n".join(lines)


@pytest.fixture
def axe_violations():
    return run_axe


def take_screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def screenshot():
    return take_screenshot


CSP_LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`
    + ` (${e.sourceFile || ''}:${e.lineNumber || ''} ${(e.sample || '').slice(0, 60)})`);
});
"""


class Recorder:
    """The Content-Security-Policy violations in a browser context: Chromium reports each
    refused script, style or frame as a `securitypolicyviolation` event and a console
    error; both are kept."""

    def __init__(self, context):
        self.console = []
        context.add_init_script(CSP_LISTEN)
        context.on("console", self._on_console)

    def _on_console(self, message):
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text
                                        or "Refused to" in text):
            self.console.append(text[:300])

    def goto(self, page, url):
        """Open `url`, forgetting what earlier pages reported."""
        self.console.clear()
        page.goto(url)  # waits for "load": every script and style has been applied

    def found(self, page):
        """The violations on the page opened last (with `goto`)."""
        page.wait_for_timeout(100)  # violation events are dispatched asynchronously
        return list(dict.fromkeys(
            page.evaluate("() => window.__cspViolations || []") + self.console))

    def sweep(self, page, base_url, paths, **ids):
        problems = []
        for path in paths:
            self.goto(page, base_url + path.format(**ids))
            found = self.found(page)
            if found:
                problems.append(f"{path}: " + "; ".join(found))
        return problems


@pytest.fixture
def csp_page(browser):
    context = browser.new_context(locale="lv-LV", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    recorder = Recorder(context)
    page = context.new_page()
    yield page, recorder
    context.close()
