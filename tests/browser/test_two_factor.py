"""Issue 9: with two-factor sign-in required, the demo methodologist, as a new user would,
sets it up, keeps working (review board, report, admin), and signs in again with a
recovery code; no page breaks the Content-Security-Policy on the way."""

import base64
import re

from django_otp.oath import totp

from tests.browser.conftest import Recorder, format_violations, run_axe


def _code_from_secret(secret: str) -> str:
    key = base64.b32decode(secret.replace(" ", ""))
    return f"{totp(key, step=30, t0=0, digits=6, drift=0):06d}"


def test_a_methodologist_sets_up_two_factor_and_keeps_working(browser, live_server, demo_data,
                                                              login, settings):
    settings.REQUIRE_2FA_FOR_STAFF = True
    context = browser.new_context(locale="lv-LV", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    recorder = Recorder(context)
    page = context.new_page()
    try:
        login(page, live_server, "metodikis")
        assert "/accounts/two-factor/setup/" in page.url
        assert "obligāta" in page.content()
        assert page.locator(".qr-code svg").is_visible()
        assert run_axe(page) == [], format_violations(run_axe(page))
        code = _code_from_secret(page.inner_text(".secret-key"))
        page.get_by_role("textbox", name="Kods").fill(code)
        with page.expect_navigation():
            page.get_by_role("button", name="Ieslēgt divpakāpju pieteikšanos").click()
        codes = re.findall(r"\b[a-z2-7]{8}\b", page.inner_text(".recovery-codes"))
        assert len(codes) == 10
        assert run_axe(page) == [], format_violations(run_axe(page))
        with page.expect_navigation():
            page.get_by_role("link", name="Kodi ir saglabāti, turpināt").click()
        assert page.url == f"{live_server.url}/"

        # The day's work goes on as before.
        page.goto(f"{live_server.url}/review/?year=2021")
        assert page.locator("h1").is_visible()
        assert "/two-factor/" not in page.url
        page.goto(f"{live_server.url}/reports/report/?year=2021")
        assert "/two-factor/" not in page.url
        page.goto(f"{live_server.url}/admin/libraries/user/")
        assert "bibl-maltas" in page.content()

        # Next time: password, then a recovery code (the phone stayed at home).
        with page.expect_navigation():
            page.get_by_role("button", name="Iziet").click()
        login(page, live_server, "metodikis")
        assert "/accounts/two-factor/verify/" in page.url
        assert run_axe(page) == [], format_violations(run_axe(page))
        page.get_by_role("textbox", name="Kods").fill(codes[0])
        with page.expect_navigation():
            page.get_by_role("button", name="Turpināt").click()
        assert page.url == f"{live_server.url}/"
        assert page.evaluate("() => window.__cspViolations") == []
        assert recorder.console == []
    finally:
        context.close()
