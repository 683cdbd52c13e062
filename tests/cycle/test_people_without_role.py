"""Issue 9: a person without a role belongs to the region that invited them or in which
they last held a role (`User.last_region`). Only that region's methodologists (and
administrators) reach them — on the portal's people page and in the admin."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.urls import reverse

from cycle import people
from cycle.models import RegionChange
from demo.seed import _catalogue_keepers
from libraries.models import Membership, Role, User
from libraries.permissions import access_for_user
from tests.factories import UserFactory, librarian_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Parauga-parole-2026"


def _staff(user):
    user.is_staff = True
    user.save()
    user.groups.add(_catalogue_keepers())
    return user


@pytest.fixture
def roleless(region, library, methodologist, django_capture_on_commit_callbacks):
    """Invited by Rēzekne's methodologist for one library, then unassigned: no role left."""
    with django_capture_on_commit_callbacks(execute=True):
        person = people.person_invite(region=region, email="bez.lomas@example.test",
                                      first_name="Bez", last_name="Lomas",
                                      libraries=[library], user=methodologist).person
    people.person_unassign(region=region, membership=person.memberships.get(),
                           user=methodologist)
    person.refresh_from_db()
    assert not person.memberships.exists()
    return person


def test_the_person_keeps_the_region_that_invited_them(roleless, region):
    assert roleless.last_region == region


def test_another_regions_methodologist_cannot_reach_them_on_the_people_page(
        client_for, roleless, foreign_region, foreign_library, foreign_methodologist):
    client = client_for(foreign_methodologist)
    page = client.get(reverse("cycle:people")).content.decode()
    assert "bez.lomas@example.test" not in page
    assert client.post(reverse("cycle:person_assign", args=[roleless.pk]),
                       {"library": foreign_library.pk,
                        "region": foreign_region.slug}).status_code == 404
    assert client.post(reverse("cycle:person_active", args=[roleless.pk]),
                       {"active": "0", "region": foreign_region.slug}).status_code == 404
    roleless.refresh_from_db()
    assert roleless.is_active and not roleless.memberships.exists()
    assert not access_for_user(foreign_methodologist).can_manage_user(roleless)


def test_the_own_regions_methodologist_still_can(client_for, roleless, other_library,
                                                 methodologist):
    client = client_for(methodologist)
    assert "bez.lomas@example.test" in client.get(reverse("cycle:people")).content.decode()
    client.post(reverse("cycle:person_assign", args=[roleless.pk]),
                {"library": other_library.pk})
    assert roleless.memberships.get().library == other_library


def test_another_regions_methodologist_cannot_reach_them_in_the_admin(
        client_for, roleless, foreign_region, foreign_library, foreign_methodologist):
    client = client_for(_staff(foreign_methodologist))
    listing = client.get(reverse("admin:libraries_user_changelist")).content.decode()
    assert "bez.lomas@example.test" not in listing
    change = reverse("admin:libraries_user_change", args=[roleless.pk])
    assert client.get(change).status_code in (302, 403, 404)
    url = reverse("admin:auth_user_password_change", args=[roleless.pk])
    assert client.get(url).status_code in (403, 404)
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code in (403, 404)
    client.post(reverse("admin:libraries_membership_add"), {
        "user": roleless.pk, "role": Role.LIBRARIAN, "region": foreign_region.pk,
        "library": foreign_library.pk})
    roleless.refresh_from_db()
    assert not roleless.check_password(NEW_PASSWORD)
    assert not roleless.memberships.exists()
    assert roleless.last_region.slug == "rezeknes-novads"


def test_the_own_regions_methodologist_still_can_in_the_admin(client_for, roleless, region,
                                                              library, methodologist):
    client = client_for(_staff(methodologist))
    assert "bez.lomas@example.test" in client.get(
        reverse("admin:libraries_user_changelist")).content.decode()
    response = client.post(reverse("admin:auth_user_password_change", args=[roleless.pk]),
                           {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    roleless.refresh_from_db()
    assert roleless.check_password(NEW_PASSWORD)


def test_removing_the_last_role_in_the_admin_keeps_the_person_in_that_region(
        client_for, region, library, methodologist, foreign_methodologist):
    person = librarian_of(library, "pedejo-lomu")
    methodologist.user_permissions.add(Permission.objects.get(codename="delete_membership"))
    client = client_for(_staff(methodologist))
    membership = person.memberships.get()
    response = client.post(reverse("admin:libraries_membership_delete",
                                   args=[membership.pk]), {"post": "yes"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.memberships.exists() and person.last_region == region
    assert access_for_user(methodologist).can_manage_user(person)
    assert not access_for_user(foreign_methodologist).can_manage_user(person)


def test_a_person_a_methodologist_adds_in_the_admin_is_of_their_region(
        client_for, region, methodologist, foreign_methodologist):
    client = client_for(_staff(methodologist))
    response = client.post(reverse("admin:libraries_user_add"), {
        "username": "jauns-cilveks", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
        "usable_password": "true",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    assert response.status_code == 302
    person = User.objects.get(username="jauns-cilveks")
    assert person.last_region == region
    assert client.get(response["Location"]).status_code == 200
    assert not access_for_user(foreign_methodologist).can_manage_user(person)


def test_a_person_with_no_known_region_is_for_administrators_only(
        methodologist, foreign_methodologist, admin_user):
    person = UserFactory(username="nezinams")
    assert not access_for_user(methodologist).can_manage_user(person)
    assert not access_for_user(foreign_methodologist).can_manage_user(person)
    assert access_for_user(admin_user).can_manage_user(person)


def test_the_data_migration_fills_the_region_from_roles_and_history(
        region, library, foreign_region, methodologist):
    with_role = librarian_of(library, "ar-lomu")
    invited = UserFactory(username="uzaicinats")
    RegionChange.objects.create(region=foreign_region, person=invited,
                                kind=RegionChange.Kind.PERSON, subject="x", text="invited")
    RegionChange.objects.create(region=region, person=invited,
                                kind=RegionChange.Kind.PERSON, subject="x",
                                text="unassigned from Audriņu pagasta bibliotēka")
    unknown = UserFactory(username="nezinams")
    User.objects.update(last_region=None)
    migration = importlib.import_module("cycle.migrations.0003_fill_user_last_region")
    migration.fill(apps, None)
    assert User.objects.get(pk=with_role.pk).last_region == region
    assert User.objects.get(pk=invited.pk).last_region == region  # the newest change
    assert User.objects.get(pk=unknown.pk).last_region is None
    assert Membership.objects.filter(user=with_role).exists()
