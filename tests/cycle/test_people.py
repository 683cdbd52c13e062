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


def _invite(client, region, library, follow=False, **extra):
    return client.post(INVITE, {"region": region.slug, "first_name": "Ilze",
                                "last_name": "Kalniņa", "email": "Ilze.Kalnina@example.test",
                                "libraries": [library.pk], **extra}, follow=follow)


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


def _message(response) -> str:
    (message,) = [str(m) for m in response.context["messages"]]
    return message


@pytest.mark.parametrize("holder", ["other_region_librarian", "methodologist_elsewhere",
                                    "staff"])
def test_an_address_out_of_reach_gets_the_answer_of_a_new_invitation(
        holder, client_for, region, library, methodologist, foreign_library,
        foreign_region, django_capture_on_commit_callbacks):
    """Issue 22, item 5: the invite form does not tell whether an address has an account
    somewhere; nothing is created, given or sent, and the administrators see the attempt
    in the security log."""
    from accounts.models import SecurityEvent

    owner = {"other_region_librarian": lambda: librarian_of(foreign_library, "cirma"),
             "methodologist_elsewhere": lambda: regional_user(foreign_region,
                                                              Role.METHODOLOGIST, "ludza"),
             "staff": lambda: UserFactory(username="staff", is_staff=True)}[holder]()
    owner.email = "ilze.kalnina@example.test"
    owner.save()
    roles_before = list(owner.memberships.values_list("role", "library_id"))
    client = client_for(methodologist)
    with django_capture_on_commit_callbacks(execute=True):
        taken = _invite(client, region, library, follow=True)
        fresh = _invite(client, region, library, email="jauna@example.test", follow=True)
    assert taken.redirect_chain == fresh.redirect_chain
    assert _message(taken) == _message(fresh) == (
        "Ilze Kalniņa is invited: the email has a link to set a password.")
    assert "already" not in taken.content.decode()
    assert [email.to for email in mail.outbox] == [["jauna@example.test"]]
    assert User.objects.filter(email__iexact="ilze.kalnina@example.test").count() == 1
    assert list(owner.memberships.values_list("role", "library_id")) == roles_before
    assert not RegionChange.objects.filter(person=owner).exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.INVITATION_WITHHELD)
    assert event.user == owner and event.actor == methodologist


def test_an_address_of_the_regions_own_librarian_assigns_the_libraries(
        client_for, region, library, other_library, methodologist,
        django_capture_on_commit_callbacks):
    person = librarian_of(other_library, "ilze")
    person.email = "ilze.kalnina@example.test"
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client_for(methodologist), region, library, follow=True)
    assert "already has an account in the region" in _message(response)
    assert set(person.memberships.values_list("library__slug", flat=True)) == {
        "audrinu", "maltas"}
    assert mail.outbox == []  # they have a password: nothing to set
    assert User.objects.filter(email__iexact="ilze.kalnina@example.test").count() == 1


def test_inviting_again_someone_who_never_set_a_password_sends_a_fresh_link(
        client_for, region, library, methodologist, django_capture_on_commit_callbacks):
    client = client_for(methodologist)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, region, library)
        _invite(client, region, library)
    assert [email.to for email in mail.outbox] == [["ilze.kalnina@example.test"]] * 2
    assert User.objects.filter(email__iexact="ilze.kalnina@example.test").count() == 1
    person = User.objects.get(email="ilze.kalnina@example.test")
    assert person.memberships.count() == 1


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


def test_a_merged_or_closed_library_is_not_offered(client_for, region, library,
                                                   other_library, librarian, methodologist,
                                                   open_year):
    """Issue 22, item 19: only libraries that report in the open year are offered to
    invite or assign to; one merged or closed by then is refused too."""
    from cycle import network
    from tests.factories import LibraryFactory

    closed = LibraryFactory(region=region, name="Bērzgales pagasta bibliotēka",
                            slug="berzgales")
    later = LibraryFactory(region=region, name="Čornajas pagasta bibliotēka", slug="cornajas")
    network.library_merge(region=region, user=methodologist, library=other_library,
                          into=library, from_year=open_year.year)
    network.library_close(region=region, user=methodologist, library=closed,
                          from_year=open_year.year)
    network.library_close(region=region, user=methodologist, library=later,
                          from_year=open_year.year + 1)  # still reports in 2022
    client = client_for(methodologist)
    page = client.get(PEOPLE).content.decode()
    assert library.name in page and later.name in page
    assert other_library.name not in page and closed.name not in page
    response = _invite(client, region, other_library)
    assert response.status_code == 200
    assert not User.objects.filter(email="ilze.kalnina@example.test").exists()
    client.post(reverse("cycle:person_assign", args=[librarian.pk]), {"library": closed.pk})
    assert list(librarian.memberships.values_list("library__slug", flat=True)) == ["audrinu"]
