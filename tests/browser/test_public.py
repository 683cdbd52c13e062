"""Issue 20 in Chromium: the public pages on a phone (no sideways scroll, axe-clean, the
library found from the region page) and the embed card inside an iframe of another origin
(the live server as http://localhost:… frames it from http://127.0.0.1:…)."""

from playwright.sync_api import expect

from tests.browser.conftest import format_violations, run_axe

PAGES = ("/regions/rezeknes-novads/", "/libraries/maltas/", "/libraries/maltas/?lang=en",
         "/libraries/maltas/embed/")


def test_public_pages_on_a_phone_are_readable_and_axe_clean(browser, live_server, demo_data):
    context = browser.new_context(locale="lv-LV", viewport={"width": 390, "height": 844})
    page = context.new_page()
    problems = []
    for path in PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 390:
            problems.append(f"{path}: {width} px wide")
        violations = run_axe(page)
        if violations:
            problems.append(f"{path}:\n{format_violations(violations)}")
    assert context.cookies() == []  # no page set a cookie
    # A resident finds their library from the region page, by keyboard too.
    page.goto(live_server.url + "/regions/rezeknes-novads/")
    link = page.get_by_role("link", name="Maltas pagasta bibliotēka")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Maltas pagasta bibliotēka")
    expect(page.get_by_text("Gada apmeklējumu skaits, dalīts ar apkalpojamo iedzīvotāju "
                            "skaitu.").first).to_be_visible()
    context.close()
    assert problems == []


def test_the_embed_card_renders_in_an_iframe_of_another_origin(page, live_server, demo_data,
                                                              settings):
    settings.ROOT_URLCONF = "tests.browser.public_host_urls"
    port = live_server.url.rsplit(":", 1)[1]
    page.goto(f"http://localhost:{port}/a-library-website/")
    framed = page.frame_locator("#card")
    expect(framed.locator("h1")).to_have_text("Maltas pagasta bibliotēka")
    expect(framed.locator(".embed-figures li")).to_have_count(4)
    expect(framed.get_by_role("link")).to_have_attribute(
        "href", f"http://127.0.0.1:{port}/libraries/maltas/")
    # Any other page of the portal keeps frame-ancestors 'none': Chromium shows nothing.
    page.wait_for_load_state("load")
    expect(page.frame_locator("#page").get_by_text("Maltas pagasta bibliotēka")).to_have_count(0)


def test_a_published_report_is_found_from_the_library_page_on_a_phone(browser, live_server,
                                                                      demo_data):
    """The new links: from Maltas' page to the published 2021 report, without signing in,
    on a 390 px phone, with nothing scrolling sideways and no cookie."""
    context = browser.new_context(locale="lv-LV", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/libraries/maltas/")
    # the library's address details, for a resident
    expect(page.locator(".library-contact")).to_contain_text("Malta, LV-4630")
    link = page.get_by_role("link", name="2021. gada pārskats, 1. versija").first
    link.scroll_into_view_if_needed()
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/regions/rezeknes-novads/reports/2021/v" in page.url
    assert "/accounts/login/" not in page.url
    expect(page.get_by_role("link", name="Lejupielādēt PDF")).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"{width} px wide"
    # the appendix pictures come from the version's own copies, without signing in
    pictures = page.locator(".report-body img")
    assert pictures.count() > 0
    for index in range(pictures.count()):
        picture = pictures.nth(index)
        picture.scroll_into_view_if_needed()
        assert picture.evaluate("(img) => img.complete && img.naturalWidth > 0"), index
    assert run_axe(page) == [], format_violations(run_axe(page))
    assert context.cookies() == []
    context.close()
