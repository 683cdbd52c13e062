"""Issue 9, item 5: CSP, Permissions-Policy, and no-store on everything behind the login."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_every_page_has_a_csp_without_inline_script(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"].split()[0] == "'self'"
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["style-src"] == "'self'"


@pytest.mark.django_db
def test_permissions_policy_on_every_page(client, client_for, librarian):
    for response in (client.get(reverse("login")), client_for(librarian).get(reverse("home"))):
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_pages_behind_the_login_are_not_stored(client_for, librarian, submission):
    client = client_for(librarian)
    for url in (reverse("home"), reverse("admin:index")):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


@pytest.mark.django_db
def test_public_pages_keep_their_caching(client):
    """The middleware leaves anonymous pages alone (the login form itself is never cached
    by Django)."""
    for url in (reverse("password_reset"), "/no-such-page/"):
        assert "no-store" not in client.get(url).get("Cache-Control", ""), url


@pytest.mark.django_db
def test_downloads_behind_the_login_are_not_stored(client_for, region, methodologist):
    from tests.reports.conftest import make_network

    make_network(region, 2)
    client = client_for(methodologist)
    for url in (reverse("reports:xlsx") + "?year=2021",
                reverse("reports:csv", kwargs={"key": "main_indicators"}) + "?year=2021"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_a_page_that_needs_an_inline_import_map_gets_a_nonce(rf):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    def view(request):
        return HttpResponse(f'<script type="importmap" nonce="{request.csp_nonce}">{{}}</script>')

    response = CSPMiddleware(view)(rf.get("/"))
    nonce = response.content.decode().split('nonce="')[1].split('"')[0]
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    # Pages that use no nonce carry none.
    plain = CSPMiddleware(lambda request: HttpResponse("ok"))(rf.get("/"))
    assert "nonce-" not in plain["Content-Security-Policy"]
