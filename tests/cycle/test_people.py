"""People: the methodologist invites a librarian (a set-password link, never a password),
assigns and unassigns libraries, deactivates — only in their region, only librarians."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from cycle.models import RegionChange
from libraries.models import Membership, Role, User
from tests.factories import UserFactory, librarian_of, regional_user

pytestmark = pytest.mark.django_db

PEOPLE = reverse("cycle:people")
INVITE = reverse("cycle:person_invite")


def _invite(client, region, library, **extra):
    return client.post(INVITE, {"region": region.slug, "first_name": "Ilze",
                                "last_name": "Kalniņa", "email": "Ilze.Kalnina@example.test",
                                "libraries": [library.pk], **extra})


def test_inviting_a_librarian_sends_a_set_password_link_that_works(
        client_for, region, library, methodologist, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client_for(methodologist), region, library)
    assert response.status_code == 302
    person = User.objects.get(email="ilze.kalnina@example.test")
    assert not person.has_usable_password()
    assert Membership.objects.get(user=person).library == library
    (email,) = mail.outbox
    assert email.to == ["ilze.kalnina@example.test"]
    assert email.reply_to == [methodologist.email]
    link = re.search(r"https?://\S+/accounts/reset/\S+", email.body).group(0)
    assert "Jūsu lietotājvārds: ilze.kalnina@example.test" in email.body  # Latvian, no password
    # the link lets them choose a password, and then they log in and see their library
    client = Client()
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else "/" + path
    client.post(set_url, {"new_password1": "Rēzekne-bibl-2023!",
                          "new_password2": "Rēzekne-bibl-2023!"})
    person.refresh_from_db()
    assert person.check_password("Rēzekne-bibl-2023!")
    change = RegionChange.objects.get(person=person)
    assert change.user == methodologist and library.name in change.text


def test_an_address_already_in_use_is_refused(client_for, region, library, methodologist):
    UserFactory(username="someone", email="ilze.kalnina@example.test")
    response = _invite(client_for(methodologist), region, library)
    assert response.status_code == 200
    assert "already has an account" in response.content.decode()
    assert User.objects.filter(email__iexact="ilze.kalnina@example.test").count() == 1


def test_assign_unassign_deactivate_reactivate_are_recorded(
        client_for, region, library, other_library, librarian, methodologist):
    client = client_for(methodologist)
    client.post(reverse("cycle:person_assign", args=[librarian.pk]),
                {"library": other_library.pk})
    assert set(librarian.memberships.values_list("library__slug", flat=True)) == {
        "audrinu", "maltas"}
    membership = librarian.memberships.get(library=library)
    client.post(reverse("cycle:person_unassign", args=[librarian.pk, membership.pk]))
    assert list(librarian.memberships.values_list("library__slug", flat=True)) == ["maltas"]
    client.post(reverse("cycle:person_active", args=[librarian.pk]), {"active": "0"})
    librarian.refresh_from_db()
    assert not librarian.is_active
    assert client_for(None).login(username="librarian", password="test-password") is False
    client.post(reverse("cycle:person_active", args=[librarian.pk]), {"active": "1"})
    librarian.refresh_from_db()
    assert librarian.is_active
    texts = list(RegionChange.objects.filter(person=librarian).order_by("pk")
                 .values_list("text", flat=True))
    assert texts == ["assigned to Maltas pagasta bibliotēka",
                     "unassigned from Audriņu pagasta bibliotēka", "deactivated",
                     "reactivated"]
    page = client.get(PEOPLE).content.decode()
    assert "Maltas pagasta bibliotēka" in page and "deactivated" in page


def test_the_page_lists_the_regions_librarians_only(client_for, region, librarian,
                                                    methodologist, municipality,
                                                    foreign_library):
    librarian_of(foreign_library, "foreign-librarian")
    page = client_for(methodologist).get(PEOPLE).content.decode()
    assert "librarian@example.test" in page
    assert "foreign-librarian" not in page
    assert "municipality@example.test" not in page
    assert "methodologist@example.test" not in page


@pytest.mark.parametrize("target", ["methodologist2", "municipality", "foreign", "staff"])
def test_only_the_regions_librarians_can_be_changed(client_for, region, library,
                                                    methodologist, municipality,
                                                    foreign_library, target):
    person = {
        "methodologist2": lambda: regional_user(region, Role.METHODOLOGIST, "methodologist2"),
        "municipality": lambda: municipality,
        "foreign": lambda: librarian_of(foreign_library, "foreign-librarian"),
        "staff": lambda: UserFactory(username="staff", is_staff=True),
    }[target]()
    client = client_for(methodologist)
    assert client.post(reverse("cycle:person_assign", args=[person.pk]),
                       {"library": library.pk}).status_code == 404
    assert client.post(reverse("cycle:person_active", args=[person.pk]),
                       {"active": "0"}).status_code == 404
    person.refresh_from_db()
    assert person.is_active
    assert not person.memberships.filter(library=library).exists()


def test_a_library_of_another_region_cannot_be_assigned(client_for, region, librarian,
                                                        methodologist, foreign_library):
    client = client_for(methodologist)
    client.post(reverse("cycle:person_assign", args=[librarian.pk]),
                {"library": foreign_library.pk})
    assert not librarian.memberships.filter(library=foreign_library).exists()
    _invite(client, region, foreign_library)
    assert not User.objects.filter(email="ilze.kalnina@example.test").exists()


def test_anonymous_is_sent_to_log_in(client_for, region, library, librarian):
    client = client_for(None)
    response = client.get(PEOPLE)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert _invite(client, region, library).status_code == 302
    assert not User.objects.filter(email="ilze.kalnina@example.test").exists()
    client.post(reverse("cycle:person_active", args=[librarian.pk]), {"active": "0"})
    librarian.refresh_from_db()
    assert librarian.is_active


@pytest.mark.parametrize("who", ["librarian", "municipality", "foreign"])
def test_other_roles_and_regions_are_refused(client_for, request, region, library,
                                             other_library, librarian, foreign_library,
                                             who):
    user = {"librarian": lambda: librarian,
            "municipality": lambda: request.getfixturevalue("municipality"),
            "foreign": lambda: request.getfixturevalue("foreign_methodologist")}[who]()
    client = client_for(user)
    expected = 404 if who == "foreign" else 403
    if who != "foreign":
        assert client.get(PEOPLE).status_code == 403
        assert _invite(client, region, library).status_code == 403
    else:
        page = client.get(PEOPLE).content.decode()
        assert "librarian@example.test" not in page
        assert client.get(PEOPLE, {"region": region.slug}).status_code == 403
        assert _invite(client, region, library).status_code == 403
    assert client.post(reverse("cycle:person_assign", args=[librarian.pk]),
                       {"library": other_library.pk}).status_code == expected
    membership = librarian.memberships.get()
    assert client.post(reverse("cycle:person_unassign", args=[librarian.pk, membership.pk])
                       ).status_code == expected
    assert client.post(reverse("cycle:person_active", args=[librarian.pk]),
                       {"active": "0"}).status_code == expected
    librarian.refresh_from_db()
    assert librarian.is_active and librarian.memberships.count() == 1
    assert not User.objects.filter(email="ilze.kalnina@example.test").exists()


def test_the_invitation_form_comes_before_the_long_list_and_speaks_latvian(
        region, library, librarian, methodologist):
    """With 35 librarians listed, a form at the end is 7 000 px down: it opens the page.
    The message after inviting names the person without guessing their gender."""
    client = Client()  # Latvian, the portal's language
    client.force_login(methodologist)
    page = client.get(PEOPLE).content.decode()
    assert page.index("Uzaicināt bibliotekāru") < page.index(librarian.email)
    response = _invite(client, region, library)
    messages = client.get(response["Location"]).content.decode()
    assert "Uzaicinājums nosūtīts: Ilze Kalniņa saņems e-pastu ar saiti" in messages
