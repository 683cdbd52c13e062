"""Login, logout, password change and reset (console/locmem email)."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory


@pytest.mark.django_db
def test_login_with_the_right_password_lands_on_home(client):
    UserFactory(username="ieva")
    response = client.post(reverse("login"), {"username": "ieva", "password": "test-password"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.django_db
def test_login_with_a_wrong_password_says_so_and_keeps_the_user_name(client):
    UserFactory(username="ieva")
    response = client.post(reverse("login"), {"username": "ieva", "password": "nope"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="ieva"' in page
    assert 'role="alert"' in page


@pytest.mark.django_db
def test_logout_is_a_post(client):
    client.force_login(UserFactory())
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_password_reset_sends_a_link_by_email(client, django_capture_on_commit_callbacks):
    UserFactory(username="ieva", email="ieva@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "ieva@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body
    assert mail.outbox[0].subject == "Jaunas paroles iestatīšana bibliotēku pārskatu portālā"
    assert "Jūsu lietotājvārds: ieva" in mail.outbox[0].body


@pytest.mark.django_db
def test_password_change_needs_the_old_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("password_change"), {
        "old_password": "test-password", "new_password1": "Ziemelblazma-2026",
        "new_password2": "Ziemelblazma-2026"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Ziemelblazma-2026")


def test_latvian_whatever_the_browser_says_until_english_is_chosen(client):
    from django.conf import settings

    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="lv">' in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_the_set_password_page_speaks_correct_formal_latvian(client):
    """The invited librarian's first page: “vismaz 8 rakstzīmēm” (not Django's swapped
    “rakstzīmei”) and “Ievadiet” (formal, as the rest of the portal), also in the error."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = UserFactory(username="ilze", email="ilze@example.lv")
    link = reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user)})
    page = client.get(link, follow=True)
    content = page.content.decode()
    assert "vismaz 8 rakstzīmēm" in content and "rakstzīmei" not in content
    assert "Ievadiet to pašu paroli vēlreiz pārbaudei." in content
    refused = client.post(page.redirect_chain[-1][0], {"new_password1": "Ab1-x",
                                                       "new_password2": "Ab1-x"})
    assert "Tajā ir jābūt vismaz 8 rakstzīmēm." in refused.content.decode()
