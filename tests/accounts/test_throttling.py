"""Issue 9, item 3: guessing passwords is locked out, on the portal's login and the admin's."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from accounts.models import SecurityEvent
from tests.factories import UserFactory

LIMIT = 5


@pytest.fixture
def ieva(db):
    return UserFactory(username="ieva", is_staff=True)


def _fail(client, url, username="ieva", times=1, address="192.0.2.10"):
    response = None
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "nepareiza"},
                               REMOTE_ADDR=address)
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_thirty_wrong_passwords_lock_the_user_name_from_that_address(client, ieva, url_name):
    url = reverse(url_name)
    response = _fail(client, url, times=LIMIT - 1)
    assert response.status_code == 200  # wrong password, try again
    response = _fail(client, url)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Pārāk daudz mēģinājumu" in page
    assert "Mēģiniet vēlreiz pēc 15 minūtēm" in page
    # Even the right password is refused while locked.
    response = client.post(url, {"username": "ieva", "password": "test-password"},
                           REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 429
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
    for _ in range(25):
        assert _fail(client, url).status_code == 429


@pytest.mark.django_db
def test_the_lock_is_for_that_user_name_and_that_address_only(client, ieva):
    UserFactory(username="anna")
    _fail(client, reverse("login"), times=LIMIT)
    response = client.post(reverse("login"), {"username": "anna", "password": "test-password"},
                           REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302
    other = client.__class__()
    response = other.post(reverse("login"), {"username": "ieva", "password": "test-password"},
                          REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off(client, ieva, settings):
    _fail(client, reverse("login"), times=LIMIT)
    AccessAttempt.objects.update(attempt_time="2020-01-01T00:00:00Z")
    response = client.post(reverse("login"), {"username": "ieva", "password": "test-password"},
                           REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302


@pytest.mark.django_db
def test_an_administrator_unlocks_in_the_admin(client, client_for, ieva, admin_user):
    _fail(client, reverse("login"), times=LIMIT)
    attempt = AccessAttempt.objects.get(username="ieva")
    admin = client_for(admin_user)
    assert "ieva" in admin.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    response = client.post(reverse("login"), {"username": "ieva", "password": "test-password"},
                           REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302


@pytest.mark.django_db
def test_failures_and_the_lockout_are_in_the_security_log(client, ieva):
    _fail(client, reverse("login"), times=LIMIT)
    events = SecurityEvent.objects.filter(username="ieva")
    assert events.filter(kind=SecurityEvent.Kind.LOGIN_FAILED).count() == LIMIT
    lockout = events.get(kind=SecurityEvent.Kind.LOCKED_OUT)
    assert lockout.ip_address == "192.0.2.10"
    assert lockout.user == ieva


@pytest.mark.django_db
def test_a_success_before_the_limit_starts_the_count_again(client, ieva):
    _fail(client, reverse("login"), times=LIMIT - 1)
    assert client.post(reverse("login"), {"username": "ieva", "password": "test-password"},
                       REMOTE_ADDR="192.0.2.10").status_code == 302
    client.post(reverse("logout"))
    assert _fail(client, reverse("login"), times=LIMIT - 1).status_code == 200


@pytest.mark.django_db
def test_the_client_address_behind_a_proxy(client, ieva, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(reverse("login"), {"username": "ieva", "password": "x"},
                REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    assert SecurityEvent.objects.get().ip_address == "203.0.113.5"
