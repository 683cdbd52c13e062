"""Issue 9, item 8: the security log records sign-ins, failures, password and role
changes with who, when and from where, and only administrators read it."""

import pytest
from django.urls import reverse

from accounts.models import SecurityEvent
from libraries.models import Membership, Role
from tests.factories import UserFactory

Kind = SecurityEvent.Kind


@pytest.mark.django_db
def test_login_logout_and_a_failed_login_are_recorded(client):
    ieva = UserFactory(username="ieva")
    client.post(reverse("login"), {"username": "ieva", "password": "x"},
                REMOTE_ADDR="192.0.2.1")
    client.post(reverse("login"), {"username": "ieva", "password": "test-password"},
                REMOTE_ADDR="192.0.2.1")
    client.post(reverse("logout"), REMOTE_ADDR="192.0.2.1")
    kinds = list(SecurityEvent.objects.order_by("pk").values_list("kind", "username",
                                                                  "ip_address"))
    assert kinds == [(Kind.LOGIN_FAILED, "ieva", "192.0.2.1"), (Kind.LOGIN, "ieva", "192.0.2.1"),
                     (Kind.LOGOUT, "ieva", "192.0.2.1")]
    assert SecurityEvent.objects.get(kind=Kind.LOGIN).user == ieva


@pytest.mark.django_db
def test_a_password_change_is_recorded_with_who_did_it(client_for, admin_user, librarian):
    client_for(admin_user).post(
        reverse("admin:auth_user_password_change", args=[librarian.pk]),
        {"password1": "Jauna-parole-2026", "password2": "Jauna-parole-2026"},
        REMOTE_ADDR="198.51.100.2")
    event = SecurityEvent.objects.get(kind=Kind.PASSWORD_CHANGED)
    assert (event.user, event.actor, event.ip_address) == (librarian, admin_user,
                                                           "198.51.100.2")


@pytest.mark.django_db
def test_role_and_privilege_changes_are_recorded(client_for, admin_user, region, library):
    person = UserFactory(username="janis")
    client = client_for(admin_user)
    client.post(reverse("admin:libraries_membership_add"), {
        "user": person.pk, "role": Role.LIBRARIAN, "region": region.pk,
        "library": library.pk}, REMOTE_ADDR="198.51.100.3")
    added = SecurityEvent.objects.get(kind=Kind.MEMBERSHIP_ADDED, user=person)
    assert added.actor == admin_user and added.ip_address == "198.51.100.3"
    assert library.name in added.detail
    membership = Membership.objects.get(user=person)
    client.post(reverse("admin:libraries_membership_delete", args=[membership.pk]),
                {"post": "yes"})
    assert SecurityEvent.objects.filter(kind=Kind.MEMBERSHIP_REMOVED, username="janis",
                                        actor=admin_user).exists()
    person.is_staff = True
    person.save()
    assert "is_staff: False → True" in SecurityEvent.objects.get(
        kind=Kind.PRIVILEGES_CHANGED).detail


@pytest.mark.django_db
def test_deleting_a_user_with_roles_works(librarian):
    librarian.delete()
    assert SecurityEvent.objects.filter(kind=Kind.MEMBERSHIP_REMOVED).exists()


@pytest.mark.django_db
def test_only_administrators_read_the_log_and_nobody_edits_it(client_for, admin_user,
                                                             methodologist, librarian):
    SecurityEvent.objects.create(kind=Kind.LOGIN_FAILED, username="uzbrucējs",
                                 ip_address="203.0.113.9")
    url = reverse("admin:accounts_securityevent_changelist")
    page = client_for(admin_user).get(url)
    assert page.status_code == 200
    assert "uzbrucējs" in page.content.decode() and "203.0.113.9" in page.content.decode()
    found = client_for(admin_user).get(url, {"q": "203.0.113"})
    assert "uzbrucējs" in found.content.decode()
    event = SecurityEvent.objects.first()
    assert client_for(admin_user).post(
        reverse("admin:accounts_securityevent_delete", args=[event.pk]),
        {"post": "yes"}).status_code == 403
    methodologist.is_staff = True
    methodologist.save()
    assert client_for(methodologist).get(url).status_code == 403
