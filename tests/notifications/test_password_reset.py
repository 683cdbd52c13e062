"""Issue 22, items 3 and 4: the password reset link is built on SITE_URL (not on the Host
the request names), and requests are limited per email address and per client address,
with the same answer either way."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import SecurityEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    yield
    cache.clear()  # no counts left for other tests' requests from 127.0.0.1


def ask(client, email, capture, **extra):
    with capture(execute=True):
        response = client.post(reverse("password_reset"), {"email": email}, **extra)
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    return response


def test_the_link_points_at_site_url_whatever_the_host_header(
        settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://parskati.example.lv/"
    UserFactory(username="ieva", email="ieva@example.test")
    ask(Client(), "ieva@example.test", django_capture_on_commit_callbacks,
        HTTP_HOST="127.0.0.1:9999")
    (email,) = mail.outbox
    assert "https://parskati.example.lv/accounts/reset/" in email.body
    assert "9999" not in email.body


def test_one_address_gets_three_emails_an_hour_and_the_same_answer_every_time(
        django_capture_on_commit_callbacks):
    UserFactory(username="ieva", email="ieva@example.test")
    client = Client()
    for _ in range(8):
        ask(client, "ieva@example.test", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    # another person's reset from the same place still goes out
    UserFactory(username="anna", email="anna@example.test")
    ask(client, "ANNA@example.test", django_capture_on_commit_callbacks)
    assert [email.to for email in mail.outbox[3:]] == [["anna@example.test"]]
    (event,) = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_RESET_THROTTLED)
    assert event.username == "ieva@example.test" and "email" in event.detail


def test_one_client_address_is_limited_across_addresses(
        settings, django_capture_on_commit_callbacks):
    settings.PASSWORD_RESET_PER_CLIENT_HOUR = 4
    for number in range(6):
        UserFactory(username=f"user{number}", email=f"user{number}@example.test")
    crawler = Client(REMOTE_ADDR="198.51.100.7")
    for number in range(6):
        ask(crawler, f"user{number}@example.test", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 4
    # someone else, from elsewhere, is not held back
    ask(Client(REMOTE_ADDR="198.51.100.8"), "user5@example.test",
        django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == ["user5@example.test"] and len(mail.outbox) == 5
    (event,) = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_RESET_THROTTLED)
    assert event.ip_address == "198.51.100.7"

