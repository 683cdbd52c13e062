"""Issue 9, item 1: the methodologist cannot take over accounts through the admin.

The finding: logged in as the methodologist, add a librarian membership (own region, own
library) for the municipality user — of the own or of another region — then open that
user's change page and set a new password. Every step of it is refused now, and a walk
through every admin model and action finds nothing of anyone out of reach.
"""

from datetime import date

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityEvent
from accounts.services import two_factor_device_get_or_create, two_factor_enable
from demo.seed import _catalogue_keepers
from libraries.models import Membership, Role, User
from libraries.permissions import access_for_user, manageable_memberships, manageable_users
from quality.models import CheckDecision, ContextEvent
from tests.factories import (
    LibraryFactory,
    RegionFactory,
    ReportingYearFactory,
    SubmissionFactory,
    UserFactory,
    librarian_of,
    regional_user,
)

NEW_PASSWORD = "Parauga-parole-2026"


@pytest.fixture
def staff_methodologist(methodologist):
    methodologist.is_staff = True
    methodologist.save()
    methodologist.groups.add(_catalogue_keepers())
    return methodologist


@pytest.fixture
def elsewhere(db):
    return RegionFactory(name="Citur novads", slug="citur")


@pytest.fixture
def elsewhere_library(elsewhere):
    return LibraryFactory(region=elsewhere, name="Citur bibliotēka", slug="citur-bibl")


@pytest.fixture
def out_of_reach(region, library, elsewhere, elsewhere_library):
    """Everyone a methodologist of `region` must never see, keyed by a name to look for."""
    staff_librarian = librarian_of(library, "zz-staff-librarian")
    staff_librarian.is_staff = True
    staff_librarian.save()
    both = regional_user(region, Role.MUNICIPALITY, "zz-municipality-and-librarian")
    Membership.objects.create(user=both, role=Role.LIBRARIAN, region=region, library=library)
    people = {
        "zz-municipality": regional_user(region, Role.MUNICIPALITY, "zz-municipality"),
        "zz-admin": UserFactory(username="zz-admin", is_superuser=True, is_staff=True),
        "zz-colleague": regional_user(region, Role.METHODOLOGIST, "zz-colleague"),
        "zz-staff-librarian": staff_librarian,
        "zz-municipality-and-librarian": both,
        "zz-other-librarian": librarian_of(elsewhere_library, "zz-other-librarian"),
        "zz-other-municipality": regional_user(elsewhere, Role.MUNICIPALITY,
                                               "zz-other-municipality"),
        "zz-other-methodologist": regional_user(elsewhere, Role.METHODOLOGIST,
                                                "zz-other-methodologist"),
    }
    return people


# The takeover, step by step -------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("whose", ["own region", "another region"])
def test_a_membership_for_a_municipality_user_is_refused(client_for, staff_methodologist,
                                                         region, library, elsewhere, whose):
    target = regional_user(region if whose == "own region" else elsewhere,
                           Role.MUNICIPALITY, "pasvaldiba-x")
    client = client_for(staff_methodologist)
    response = client.post(reverse("admin:libraries_membership_add"), {
        "user": target.pk, "role": Role.LIBRARIAN, "region": region.pk,
        "library": library.pk})
    assert response.status_code == 200  # the form comes back with an error
    assert "errornote" in response.content.decode()
    assert not target.memberships.filter(role=Role.LIBRARIAN).exists()


@pytest.mark.django_db
def test_the_membership_forms_user_choice_offers_only_manageable_people(
        client_for, staff_methodologist, library, out_of_reach):
    own = librarian_of(library, "mana-bibliotekare")
    page = client_for(staff_methodologist).get(
        reverse("admin:libraries_membership_add")).content.decode()
    assert 'name="user"' in page
    for name in out_of_reach:
        assert name not in page
    # The autocomplete behind the user field answers only with manageable people.
    found = client_for(staff_methodologist).get(reverse("admin:autocomplete"), {
        "app_label": "libraries", "model_name": "membership", "field_name": "user",
        "term": ""}).json()["results"]
    names = {row["text"] for row in found}
    assert str(own) in names
    assert not names & {str(person) for person in out_of_reach.values()}


@pytest.mark.django_db
def test_a_user_with_a_role_above_librarian_cannot_get_a_new_password(
        client_for, staff_methodologist, out_of_reach):
    client = client_for(staff_methodologist)
    for name, person in out_of_reach.items():
        url = reverse("admin:auth_user_password_change", args=[person.pk])
        assert client.get(url).status_code in (403, 404), name
        response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        assert response.status_code in (403, 404), name
        person.refresh_from_db()
        assert not person.check_password(NEW_PASSWORD), name
        change = reverse("admin:libraries_user_change", args=[person.pk])
        assert client.get(change).status_code in (302, 403, 404), name


@pytest.mark.django_db
def test_the_takeover_fails_end_to_end(client, client_for, staff_methodologist, region,
                                       library, municipality):
    methodologist = client_for(staff_methodologist)
    methodologist.post(reverse("admin:libraries_membership_add"), {
        "user": municipality.pk, "role": Role.LIBRARIAN, "region": region.pk,
        "library": library.pk})
    methodologist.post(reverse("admin:auth_user_password_change", args=[municipality.pk]),
                       {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert not client.login(username=municipality.username, password=NEW_PASSWORD)


@pytest.mark.django_db
def test_the_methodologist_still_manages_the_own_librarians(client_for, staff_methodologist,
                                                            region, library):
    person = librarian_of(library, "jauna-bibliotekare")
    client = client_for(staff_methodologist)
    response = client.post(reverse("admin:auth_user_password_change", args=[person.pk]),
                           {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    newcomer = UserFactory(username="vel-bez-lomas", last_region=region)
    response = client.post(reverse("admin:libraries_membership_add"), {
        "user": newcomer.pk, "role": Role.LIBRARIAN, "region": region.pk,
        "library": library.pk})
    assert response.status_code == 302
    assert newcomer.memberships.get().library == library


@pytest.mark.django_db
def test_a_librarian_role_in_another_regions_library_is_refused(
        client_for, staff_methodologist, region, elsewhere, elsewhere_library):
    newcomer = UserFactory(username="vel-bez-lomas")
    client = client_for(staff_methodologist)
    for region_pk in (region.pk, elsewhere.pk):
        client.post(reverse("admin:libraries_membership_add"), {
            "user": newcomer.pk, "role": Role.LIBRARIAN, "region": region_pk,
            "library": elsewhere_library.pk})
    assert not newcomer.memberships.exists()


@pytest.mark.django_db
def test_the_inline_cannot_give_a_regional_role(client_for, staff_methodologist, region,
                                                library):
    person = librarian_of(library, "jauna")
    url = reverse("admin:libraries_user_change", args=[person.pk])
    client_for(staff_methodologist).post(url, {
        "username": "jauna", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
        "is_active": "on",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-0-role": Role.METHODOLOGIST, "memberships-0-region": region.pk,
        "memberships-0-library": ""})
    assert not person.memberships.filter(role=Role.METHODOLOGIST).exists()


@pytest.mark.django_db
def test_staff_and_permissions_cannot_be_granted(client_for, staff_methodologist, library):
    person = librarian_of(library, "jauna")
    url = reverse("admin:libraries_user_change", args=[person.pk])
    client_for(staff_methodologist).post(url, {
        "username": "jauna", "is_superuser": "on", "is_staff": "on", "is_active": "on",
        "groups": [_catalogue_keepers().pk],
        "user_permissions": [Permission.objects.get(codename="change_user").pk],
        "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "1"})
    person.refresh_from_db()
    assert not person.is_superuser and not person.is_staff
    assert not person.groups.exists() and not person.user_permissions.exists()


# The rule itself ------------------------------------------------------------------------
@pytest.mark.django_db
def test_manageable_users_is_the_own_regions_librarians_and_people_without_a_role(
        staff_methodologist, library, out_of_reach):
    own = librarian_of(library, "mana")
    newcomer = UserFactory(username="bez-lomas", last_region=library.region)
    UserFactory(username="bez-lomas-citur")  # no region known: administrators only
    access = access_for_user(staff_methodologist)
    assert set(manageable_users(access)) == {own, newcomer}
    assert access.can_manage_user(own)
    assert not any(access.can_manage_user(person) for person in out_of_reach.values())
    assert not access.can_manage_user(staff_methodologist)
    assert set(manageable_memberships(access)) == set(own.memberships.all())


@pytest.mark.django_db
def test_nobody_else_manages_anyone(librarian, municipality, admin_user, out_of_reach):
    for user in (librarian, municipality):
        assert not manageable_users(access_for_user(user)).exists()
    assert manageable_users(access_for_user(admin_user)).count() == User.objects.count()


# A walk through every admin model and action ------------------------------------------
def _out_of_reach_objects(out_of_reach, elsewhere_library):
    """Per model, the objects of people and places out of the methodologist's reach."""
    users = list(out_of_reach.values())
    elsewhere_year = ReportingYearFactory(region=elsewhere_library.region, year=2031)
    elsewhere_submission = SubmissionFactory(library=elsewhere_library, year=elsewhere_year)
    device = two_factor_device_get_or_create(user=out_of_reach["zz-admin"])
    two_factor_enable(user=out_of_reach["zz-admin"], device=device)
    AccessAttempt.objects.create(username="zz-admin", ip_address="192.0.2.9",
                                 failures_since_start=3, get_data="", post_data="")
    return {
        User: users,
        Membership: list(Membership.objects.filter(user__in=users)),
        elsewhere_library.__class__: [elsewhere_library],
        elsewhere_library.region.__class__: [elsewhere_library.region],
        elsewhere_submission.__class__: [elsewhere_submission],
        elsewhere_year.__class__: [elsewhere_year],
        Group: list(Group.objects.all()),
        ContextEvent: [ContextEvent.objects.create(
            library=elsewhere_library, year=2031, kind=ContextEvent.Kind.CLOSURE,
            date_from=date(2031, 1, 1), reason="zz-context")],
        CheckDecision: [CheckDecision.objects.create(
            library=elsewhere_library, year=2031, code="visits.total", kind="ratio",
            status=CheckDecision.Status.FLAGGED, reason="zz-decision")],
        TOTPDevice: [device],
        StaticDevice: list(StaticDevice.objects.all()),
        AccessAttempt: list(AccessAttempt.objects.all()),
        SecurityEvent: list(SecurityEvent.objects.all()[:3]),
    }


def _admin_url(model, view, *args):
    opts = model._meta
    if view == "password_change":
        return reverse("admin:auth_user_password_change", args=args) if model is User else None
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)
    except NoReverseMatch:
        return None


@pytest.mark.django_db
@pytest.mark.parametrize("granted", ["the demo's group", "every permission"])
def test_every_admin_model_and_action_as_the_methodologist(
        client_for, staff_methodologist, out_of_reach, elsewhere, elsewhere_library, granted):
    """With the demo's permissions, and with every permission a superuser might hand out
    later: the scoping does not rest on the group's permissions."""
    if granted == "every permission":
        staff_methodologist.user_permissions.set(Permission.objects.all())
    hidden = _out_of_reach_objects(out_of_reach, elsewhere_library)
    markers = [*out_of_reach, elsewhere_library.name, elsewhere.name, "zz-context",
               "zz-decision"]
    client = client_for(staff_methodologist)
    assert client.get(reverse("admin:index")).status_code == 200
    if granted == "every permission":
        for superusers_only in ("auth_group", "axes_accessattempt", "otp_totp_totpdevice",
                                "accounts_securityevent"):
            url = reverse(f"admin:{superusers_only}_changelist")
            assert client.get(url).status_code == 403, url
        regions = client.get(reverse("admin:libraries_region_changelist")).content.decode()
        assert staff_methodologist.memberships.get().region.name in regions
    for model, model_admin in admin.site._registry.items():
        for view in ("changelist", "add"):
            response = client.get(_admin_url(model, view))
            assert response.status_code in (200, 403), (model, view)
            page = response.content.decode()
            for marker in markers:
                assert marker not in page, (model, view, marker)
        for obj in hidden.get(model, []):
            for view in ("change", "delete", "history", "password_change"):
                url = _admin_url(model, view, obj.pk)
                if url is None:
                    continue
                response = client.get(url)
                assert response.status_code in (302, 403, 404), (model, view, obj)
                if response.status_code == 302:
                    assert response["Location"] == reverse("admin:index"), (model, view)
            request = client.get(_admin_url(model, "changelist")).wsgi_request
            for action in model_admin.get_actions(request):
                client.post(_admin_url(model, "changelist"), {
                    "action": action, "_selected_action": [obj.pk], "post": "yes"})
            assert model.objects.filter(pk=obj.pk).exists(), (model, obj)
    for person in out_of_reach.values():
        person.refresh_from_db()
        assert not person.check_password(NEW_PASSWORD)
        assert person.memberships.filter(role=Role.LIBRARIAN).count() == (
            1 if person.username in {"zz-staff-librarian", "zz-municipality-and-librarian",
                                     "zz-other-librarian"} else 0)
