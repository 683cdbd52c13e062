"""Issue 9, item 7: two-factor sign-in (TOTP plus recovery codes) for administrators and
methodologists: enrolment, sign-in with a code or a recovery code, and "required"."""

import base64
import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityEvent
from accounts.services import two_factor_device_get_or_create, two_factor_enable


def code_for(device, steps_ahead=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def password_login(username, address="192.0.2.50"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("login"), {"username": username,
                                              "password": "test-password"})
    assert response.status_code == 302
    return client


@pytest.fixture
def enrolled(methodologist):
    device = two_factor_device_get_or_create(user=methodologist)
    codes = two_factor_enable(user=methodologist, device=device)
    return device, codes


@pytest.mark.django_db
def test_a_methodologist_sets_up_two_factor_sign_in(client_for, methodologist):
    client = client_for(methodologist)
    assert "Divpakāpju pieteikšanās" in client.get(reverse("home")).content.decode()
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" in page  # the QR code, drawn on the server
    secret = re.search(r'class="secret-key">([A-Z2-7 ]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=methodologist, confirmed=False)
    assert secret.replace(" ", "") == base64.b32encode(device.bin_key).decode()
    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "Kods ir nepareizs" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TWO_FACTOR_ENABLED,
                                        user=methodologist).exists()
    assert client.get(reverse("home")).status_code == 200  # this session is verified


@pytest.mark.django_db
def test_signing_in_asks_for_the_code_before_anything_else(methodologist, enrolled):
    device, _ = enrolled
    client = password_login("methodologist")
    for url in (reverse("home"), reverse("review:board"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_verify"))
    page = client.get(reverse("two_factor_verify")).content.decode()
    assert "sešciparu kodu" in page
    response = client.post(reverse("two_factor_verify"),
                           {"code": code_for(device, 1), "next": reverse("review:board")})
    assert response.status_code == 302
    assert response["Location"] == reverse("review:board")
    assert client.get(reverse("home")).status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TWO_FACTOR_PASSED).exists()


@pytest.mark.django_db
def test_a_wrong_code_is_refused_and_logged(methodologist, enrolled):
    client = password_login("methodologist")
    response = client.post(reverse("two_factor_verify"), {"code": "123456"})
    assert response.status_code == 200
    assert "Kods ir nepareizs" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TWO_FACTOR_FAILED).exists()


@pytest.mark.django_db
def test_a_recovery_code_works_once(methodologist, enrolled):
    _, codes = enrolled
    client = password_login("methodologist")
    response = client.post(reverse("two_factor_verify"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    again = password_login("methodologist")
    response = again.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert response.status_code == 200
    assert again.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old(client_for, methodologist, enrolled):
    _, codes = enrolled
    client = password_login("methodologist")
    client.post(reverse("two_factor_verify"), {"code": codes[0]})
    response = client.post(reverse("two_factor_recovery_codes"))
    fresh = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(fresh) == 10
    assert not StaticToken.objects.filter(token__in=codes[1:]).exists()


@pytest.mark.django_db
def test_the_admin_login_asks_for_the_code_too(admin_user):
    device = two_factor_device_get_or_create(user=admin_user)
    two_factor_enable(user=admin_user, device=device)
    client = Client()
    response = client.post(reverse("admin:login"), {"username": "admin",
                                                    "password": "test-password"})
    assert response.status_code == 302
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("two_factor_verify"))


@pytest.mark.django_db
def test_required_sends_staff_and_methodologists_to_set_it_up_first(settings, methodologist,
                                                                    admin_user, librarian):
    settings.REQUIRE_2FA_FOR_STAFF = True
    for username in ("methodologist", "admin"):
        client = password_login(username)
        for url in (reverse("home"), reverse("admin:index")):
            response = client.get(url)
            assert response.status_code == 302, (username, url)
            assert response["Location"].startswith(reverse("two_factor_setup"))
        page = client.get(reverse("two_factor_setup")).content.decode()
        assert "Jūsu lomai divpakāpju pieteikšanās ir obligāta" in page
        device = TOTPDevice.objects.get(user__username=username)
        assert client.post(reverse("two_factor_setup"),
                           {"code": code_for(device)}).status_code == 200
        assert client.get(reverse("home")).status_code == 200
    assert password_login("librarian").get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_required_two_factor_cannot_be_turned_off(settings, client_for, methodologist, enrolled):
    device, _ = enrolled
    settings.REQUIRE_2FA_FOR_STAFF = True
    client = password_login("methodologist")
    client.post(reverse("two_factor_verify"), {"code": code_for(device, 1)})
    assert "nevar izslēgt" in client.get(reverse("two_factor")).content.decode()
    response = client.post(reverse("two_factor_disable"), {"code": code_for(device, 1)})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=methodologist).exists()


@pytest.mark.django_db
def test_turning_it_off_needs_a_code(methodologist, enrolled):
    _, codes = enrolled
    client = password_login("methodologist")
    client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert client.post(reverse("two_factor_disable"), {"code": "999999"}).status_code == 400
    assert TOTPDevice.objects.filter(user=methodologist).exists()
    response = client.post(reverse("two_factor_disable"), {"code": codes[1]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=methodologist).exists()
    assert password_login("methodologist").get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_librarians_and_anonymous_have_no_two_factor_pages(client_for, librarian):
    assert client_for(librarian).get(reverse("two_factor")).status_code == 403
    assert client_for(librarian).get(reverse("two_factor_setup")).status_code == 403
    response = client_for(None).get(reverse("two_factor_setup"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert "Divpakāpju" not in client_for(librarian).get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_a_second_device_cannot_be_set_up_without_the_first_ones_code(methodologist, enrolled):
    client = password_login("methodologist")
    response = client.get(reverse("two_factor_setup"))
    assert response["Location"].startswith(reverse("two_factor_verify"))


@pytest.mark.django_db
def test_turning_the_requirement_on_reaches_sessions_signed_in_before(
        settings, methodologist, librarian, open_year):
    """Issue 22, item 2: a methodologist signed in while REQUIRE_2FA_FOR_STAFF was off
    does not keep reaching the review board, the admin and the XLSX once it is on."""
    settings.REQUIRE_2FA_FOR_STAFF = False
    staff = password_login("methodologist")
    reader = password_login("librarian", address="192.0.2.51")
    xlsx = f"{reverse('reports:xlsx')}?year={open_year.year}"
    assert staff.get(reverse("review:board")).status_code == 200
    assert staff.get(xlsx).status_code == 200
    settings.REQUIRE_2FA_FOR_STAFF = True  # and the service restarted
    for url in (reverse("review:board"), reverse("admin:index"), xlsx):
        response = staff.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("two_factor_setup"))
    assert reader.get(reverse("home")).status_code == 200  # librarians need no code
    assert "obligāta" in staff.get(reverse("two_factor_setup")).content.decode()
    device = TOTPDevice.objects.get(user=methodologist)
    assert staff.post(reverse("two_factor_setup"), {"code": code_for(device)}).status_code == 200
    assert staff.get(reverse("review:board")).status_code == 200


@pytest.mark.django_db
def test_a_session_that_entered_its_code_is_not_asked_again_when_the_rule_changes(
        settings, methodologist, enrolled):
    device, _ = enrolled
    client = password_login("methodologist")
    client.post(reverse("two_factor_verify"), {"code": code_for(device, 1)})
    assert client.get(reverse("review:board")).status_code == 200
    settings.REQUIRE_2FA_FOR_STAFF = True
    assert client.get(reverse("review:board")).status_code == 200
    settings.REQUIRE_2FA_FOR_STAFF = False
    assert client.get(reverse("review:board")).status_code == 200
