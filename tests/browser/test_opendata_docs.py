"""The open data pages in a real browser: the API docs run under a strict CSP from the
portal's own assets, fit a phone and pass axe-core, and so does the data page."""

from contextlib import suppress
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import format_violations

CSP = "script-src 'self'; object-src 'none'; base-uri 'self'"


@pytest.fixture
def strict_csp(page):
    """Every response gets `script-src 'self'`; CSP violations and other hosts are recorded."""
    problems = []

    def with_csp(route):
        response = route.fetch()
        route.fulfill(response=response,
                      headers={**response.headers, "content-security-policy": CSP})

    page.route("**/*", with_csp)
    page.on("console", lambda message: problems.append(message.text)
            if "Content Security Policy" in message.text else None)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    yield problems, requested
    # A request still in flight (the favicon) must not fail the next test on this worker
    # when the page's context closes under its route.
    page.unroute_all(behavior="ignoreErrors")


def test_the_api_docs_run_under_a_strict_csp_without_a_cdn(page, live_server, transactional_db,
                                                          strict_csp):
    problems, requested = strict_csp
    sizes = []
    page.on("response", lambda response: sizes.append(len(response.body())))
    page.goto(live_server.url + "/api/v1/docs")
    paths = page.locator(".api-path").all_inner_texts()
    assert any("/api/v1/values" in path for path in paths), paths
    assert problems == []
    own = urlsplit(live_server.url).netloc
    assert {urlsplit(url).netloc for url in requested if url.startswith("http")} == {own}
    assert sum(sizes) < 120_000, sizes  # Swagger UI weighed 1.7 MB


def test_the_api_docs_are_accessible_and_fit_a_phone(browser, live_server, transactional_db,
                                                     axe_violations):
    """The portal's frame and language, nothing sideways at 390 px, and axe-core passes
    (Swagger UI failed on contrast, a missing `lang` and buttons inside buttons)."""
    context = browser.new_context(locale="lv-LV", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/api/v1/docs")
    assert page.locator("html").get_attribute("lang") == "lv"
    assert page.locator("header a", has_text="Pieteikties").count() == 1
    width = page.evaluate("() => document.documentElement.scrollWidth")
    violations = axe_violations(page)
    context.close()
    assert width <= 390
    assert violations == [], format_violations(violations)


def test_the_data_page_is_accessible(page, live_server, demo_data, axe_violations,
                                     monkeypatch):
    from libraries.models import Region, User
    from reports.services import NothingChanged, report_publish

    monkeypatch.setattr("reports.tasks.html_to_pdf", lambda html: b"%PDF-1.4\n%%EOF\n")
    with suppress(NothingChanged):  # the demo may publish 2021 itself
        report_publish(region=Region.objects.get(slug="rezeknes-novads"), year=2021,
                       user=User.objects.get(username="metodikis"))
    page.goto(live_server.url + "/data/")  # axe is injected inline: no CSP here
    assert page.locator("table a", has_text="ZIP").count() >= 6  # 2019–2021, region and all
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_the_data_page_fits_a_phone_and_leads_to_the_login(browser, live_server, demo_data):
    """At 390 px the long example URLs wrap instead of pushing the page sideways; a visitor
    who is not signed in finds the way to log in from the header."""
    context = browser.new_context(locale="lv-LV", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/data/")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    csv_link = page.locator("main a", has_text="format=csv")
    assert csv_link.first.bounding_box()["width"] <= 390
    page.locator("header a", has_text="Pieteikties").click()
    page.wait_for_url("**/accounts/login/")
    assert page.locator("header a", has_text="Pieteikties").count() == 0  # not on the login page
    context.close()
    assert width <= 390
