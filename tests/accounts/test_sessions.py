"""Issue 9, item 4: sessions end after SESSION_IDLE_MINUTES idle and an absolute lifetime."""

import time

import pytest
from django.urls import reverse

from accounts import sessions
from accounts.models import SecurityEvent


def _age(client, *, started_ago=0, seen_ago=0):
    session = client.session
    now = int(time.time())
    session[sessions.STARTED] = now - started_ago
    session[sessions.SEEN] = now - seen_ago
    session.save()


@pytest.mark.django_db
def test_an_idle_session_ends_and_the_login_comes_back(client_for, librarian, settings):
    assert settings.SESSION_IDLE_MINUTES == 30
    client = client_for(librarian)
    _age(client, started_ago=31 * 60, seen_ago=31 * 60)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=/")
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
    page = client.get(reverse("login")).content.decode()
    assert "Sesija beidzās pēc 30 minūtēm" in page
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SESSION_EXPIRED,
                                        user=librarian).exists()


@pytest.mark.django_db
def test_a_session_in_use_stays(client_for, librarian):
    client = client_for(librarian)
    _age(client, started_ago=29 * 60, seen_ago=29 * 60)
    assert client.get(reverse("home")).status_code == 200
    _age(client, started_ago=58 * 60, seen_ago=0)
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_a_session_in_use_still_ends_after_the_absolute_lifetime(client_for, librarian,
                                                                 settings):
    client = client_for(librarian)
    _age(client, started_ago=settings.SESSION_ABSOLUTE_HOURS * 3600 + 1, seen_ago=5)
    assert client.get(reverse("home")).status_code == 302
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_the_idle_limit_is_a_setting(client_for, librarian, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client = client_for(librarian)
    _age(client, started_ago=6 * 60, seen_ago=6 * 60)
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_the_session_is_not_written_on_every_request(client_for, librarian, settings,
                                                     django_assert_num_queries):
    settings.SESSION_SAVE_EVERY_REQUEST = False
    client = client_for(librarian)
    client.get(reverse("home"))
    session_key = client.session.session_key
    before = client.session[sessions.SEEN]
    client.get(reverse("home"))
    assert client.session.session_key == session_key
    assert client.session[sessions.SEEN] == before  # touched at most once a minute
    _age(client, started_ago=120, seen_ago=120)
    client.get(reverse("home"))
    assert client.session[sessions.SEEN] >= int(time.time()) - 5
