"""The methodologist's people: invite a librarian (a link to set a password, never a
password in the email), assign and unassign their libraries, deactivate and reactivate.

Only within the methodologist's region and only librarian roles: the views fetch people
through `libraries.permissions.manageable_users` and check `can_grant_membership`; these
services record every change as a RegionChange about the person.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import SecurityEvent
from accounts.services import security_event_record
from cycle.models import RegionChange
from libraries.models import Library, Membership, Role, User
from libraries.services import user_last_region_set
from notifications import links
from submissions.workflow import notify

LIBRARY_NOT_IN_REGION = gettext_lazy("The library is not one of this region's.")


@dataclass(frozen=True)
class Invited:
    """What an invitation did: `person` is None when the address belongs to someone out of
    the methodologist's reach (then nothing was done, and the page must not say so)."""

    person: User | None
    existing: bool


def people_in_region(region, manageable):
    """The people of the region the user may manage: librarians of its libraries, and
    people without a role who were invited here or last held a role here."""
    return (manageable.filter(
        Q(memberships__role=Role.LIBRARIAN, memberships__library__region=region)
        | Q(memberships__isnull=True, last_region=region))
        .distinct().order_by("last_name", "first_name", "username"))


def _record(*, region, user, person, text) -> RegionChange:
    return RegionChange.objects.create(region=region, user=user, person=person,
                                       kind=RegionChange.Kind.PERSON,
                                       subject=person.get_full_name() or person.username,
                                       text=text)


def set_password_link(person) -> str:
    """Django's password reset link (token valid for PASSWORD_RESET_TIMEOUT), on SITE_URL
    like the one the password reset page sends."""
    return links.set_password_link(person)


def _check_libraries(region, libraries) -> None:
    if any(library.region_id != region.pk for library in libraries):
        raise ValidationError(LIBRARY_NOT_IN_REGION, code="region")


def _invitation_send(*, region, person: User, names: str, user) -> None:
    context = {"person": person, "region": region, "libraries": names,
               "link": set_password_link(person), "username": person.username,
               "site_url": settings.SITE_URL}
    transaction.on_commit(lambda: notify([person.email], "invitation", context,
                                         reply_to=[getattr(user, "email", "")]))


@transaction.atomic
def person_invite(*, region, email: str, first_name: str, last_name: str,
                  libraries: list[Library], user, manageable=None) -> Invited:
    """Invite a librarian by email address: a new account without a password, their
    libraries, and an email with a link to set their password.

    The answer never says whether the address has an account elsewhere. When it belongs to
    someone the methodologist may manage (`manageable`, from
    `libraries.permissions.manageable_users`), they get the libraries as with "Assign" (and
    a fresh link if they never set a password). When it belongs to anyone else (another
    region's librarian, a methodologist, staff), nothing is created or sent, the attempt is
    written to the security log for the administrators, and the caller answers as for a new
    invitation."""
    email = User.objects.normalize_email(email.strip()).lower()
    _check_libraries(region, libraries)
    names = ", ".join(library.name for library in libraries)
    existing = (User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
                .order_by("pk").first())
    if existing is not None:
        if manageable is None or not manageable.filter(pk=existing.pk).exists():
            security_event_record(
                kind=SecurityEvent.Kind.INVITATION_WITHHELD, user=existing, actor=user,
                detail=f"{region.name}: {first_name.strip()} {last_name.strip()} <{email}>")
            return Invited(person=None, existing=True)
        for library in libraries:
            person_assign(region=region, person=existing, library=library, user=user)
        user_last_region_set(user=existing, region_id=region.pk)
        if not existing.has_usable_password():
            _record(region=region, user=user, person=existing, text=_("invited again"))
            _invitation_send(region=region, person=existing, names=names, user=user)
        return Invited(person=existing, existing=True)
    person = User(username=email, email=email, first_name=first_name.strip(),
                  last_name=last_name.strip(), last_region=region)
    person.set_unusable_password()
    person.full_clean()
    person.save()
    Membership.objects.bulk_create(
        Membership(user=person, role=Role.LIBRARIAN, region=region, library=library)
        for library in libraries)
    _record(region=region, user=user, person=person,
            text=_("invited as a librarian of %(libraries)s") % {"libraries": names or "—"}
            if libraries else _("invited"))
    _invitation_send(region=region, person=person, names=names, user=user)
    return Invited(person=person, existing=False)


@transaction.atomic
def person_assign(*, region, person: User, library: Library, user) -> Membership:
    _check_libraries(region, [library])
    membership, created = Membership.objects.get_or_create(
        user=person, library=library, defaults={"role": Role.LIBRARIAN, "region": region})
    user_last_region_set(user=person, region_id=region.pk)
    if created:
        _record(region=region, user=user, person=person,
                text=_("assigned to %(library)s") % {"library": library.name})
    return membership


@transaction.atomic
def person_unassign(*, region, membership: Membership, user) -> None:
    person, library = membership.user, membership.library
    membership.delete()
    user_last_region_set(user=person, region_id=region.pk)
    _record(region=region, user=user, person=person,
            text=_("unassigned from %(library)s") % {"library": library.name})


@transaction.atomic
def person_set_active(*, region, person: User, active: bool, user) -> User:
    """Deactivate (cannot log in; their libraries and history stay) or reactivate."""
    if person.is_active != active:
        person.is_active = active
        person.save(update_fields=["is_active"])
        _record(region=region, user=user, person=person,
                text=_("reactivated") if active else _("deactivated"))
    return person
