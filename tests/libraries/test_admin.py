"""The methodologist keeps the network in the admin without being able to raise privileges."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from demo.seed import _catalogue_keepers
from tests.factories import LibraryFactory, RegionFactory, librarian_of


@pytest.fixture
def staff_methodologist(methodologist):
    methodologist.is_staff = True
    methodologist.save()
    methodologist.groups.add(_catalogue_keepers())
    return methodologist


@pytest.mark.django_db
def test_the_methodologist_sees_only_the_own_regions_libraries(client_for, staff_methodologist,
                                                               library):
    elsewhere = LibraryFactory(region=RegionFactory(), name="Citur bibliotēka")
    page = client_for(staff_methodologist).get(
        reverse("admin:libraries_library_changelist")).content.decode()
    assert library.name in page
    assert elsewhere.name not in page


@pytest.mark.django_db
def test_the_methodologist_cannot_make_anyone_superuser(client_for, staff_methodologist, library):
    person = librarian_of(library, "jauna")
    url = reverse("admin:libraries_user_change", args=[person.pk])
    page = client_for(staff_methodologist).get(url).content.decode()
    assert 'name="username"' in page
    assert 'name="is_superuser"' not in page
    assert 'name="groups"' not in page
    client_for(staff_methodologist).post(url, {
        "username": "jauna", "is_superuser": "on", "is_staff": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    person.refresh_from_db()
    assert not person.is_superuser and not person.is_staff


@pytest.mark.django_db
def test_the_methodologist_offers_only_the_librarian_role(client_for, staff_methodologist):
    page = client_for(staff_methodologist).get(
        reverse("admin:libraries_membership_add")).content.decode()
    assert 'value="librarian"' in page
    assert 'value="methodologist"' not in page
    assert 'value="municipality"' not in page


@pytest.mark.django_db
def test_other_staff_and_superusers_are_out_of_the_methodologists_reach(
        client_for, staff_methodologist, admin_user):
    url = reverse("admin:libraries_user_change", args=[admin_user.pk])
    assert client_for(staff_methodologist).get(url).status_code in (302, 404)
    assert Group.objects.filter(name="Metodiķi").exists()
