"""Who may see and change what: the one permission layer every view goes through.

Roles come from Membership rows: a librarian belongs to one or more libraries; a
methodologist and the municipality act for a whole region; the national
methodologist reads every region's published versions (never live figures) and each
region's campaign progress; superusers are administrators. `get_access(request)`
reads a user's memberships once per request; the `*_or_403` helpers fetch an object
and check access in one step (a region, a library, a published version here; a
submission in `submissions.access`, which applies these rules).
"""

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from libraries.models import Library, Membership, Region, Role, User


@dataclass(frozen=True)
class Access:
    user_id: int | None
    is_admin: bool = False
    librarian_library_ids: frozenset[int] = field(default_factory=frozenset)
    librarian_region_ids: frozenset[int] = field(default_factory=frozenset)
    methodologist_region_ids: frozenset[int] = field(default_factory=frozenset)
    municipality_region_ids: frozenset[int] = field(default_factory=frozenset)
    is_national: bool = False

    # Roles -----------------------------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_librarian(self) -> bool:
        return bool(self.librarian_library_ids)

    @property
    def is_methodologist(self) -> bool:
        return bool(self.methodologist_region_ids)

    @property
    def is_municipality(self) -> bool:
        return bool(self.municipality_region_ids)

    @property
    def region_ids(self) -> frozenset[int]:
        return (self.librarian_region_ids | self.methodologist_region_ids
                | self.municipality_region_ids)

    # Libraries and submissions ----------------------------------------------
    def can_review_region(self, region_id: int) -> bool:
        """Compile, review, return, accept and publish: the methodologist's work."""
        return self.is_admin or region_id in self.methodologist_region_ids

    def can_view_library(self, library: Library) -> bool:
        return library.pk in self.librarian_library_ids or self.can_review_region(
            library.region_id)

    def can_view_submission(self, submission) -> bool:
        return self.can_view_library(submission.library)

    def can_edit_submission(self, submission) -> bool:
        """Only the library's own librarians, only while the submission is theirs to edit."""
        if not submission.is_editable:
            return False
        return submission.library_id in self.librarian_library_ids or self.is_admin

    # A library's own notes (never in a report, an export or the open data) -----------
    def can_read_library_notes(self, library: Library) -> bool:
        """The library's librarians and its region's methodologist (and administrators)."""
        return library.pk in self.librarian_library_ids or self.can_review_region(
            library.region_id)

    def can_write_library_note(self, library: Library) -> bool:
        """The library's own librarians (and administrators), whatever the report's status:
        a note is the library's, not part of the report."""
        return library.pk in self.librarian_library_ids or self.is_admin

    # Region-level figures and reports ---------------------------------------
    def can_view_region_figures(self, region_id: int) -> bool:
        """Region tables of accepted figures: methodologist, municipality, administrators."""
        return self.can_view_published(region_id)

    def can_view_unaccepted(self, region_id: int) -> bool:
        """Figures not yet accepted (marked “not final”): methodologist and administrators."""
        return self.can_review_region(region_id)

    def can_view_published(self, region_id: int) -> bool:
        return (self.can_review_region(region_id) or self.is_national
                or region_id in self.municipality_region_ids)

    # The national level ------------------------------------------------------
    def can_view_national(self) -> bool:
        """Every region's published figures side by side, and each campaign's progress."""
        return self.is_admin or self.is_national

    # The national template ---------------------------------------------------
    def can_change_template(self) -> bool:
        """Chapters' indicators, “of which” rows, units and the default warning
        thresholds are shared by every region: only the national methodologist and
        administrators change them (a region's methodologist sets only their region's
        own thresholds, `can_set_region_threshold`)."""
        return self.is_admin or self.is_national

    def can_change_region_questions(self, region_id: int) -> bool:
        """A region's own questions (indicators and text sections asked only of its
        libraries): its methodologist, the national methodologist and administrators."""
        return self.can_review_region(region_id) or self.is_national

    def can_set_region_threshold(self, region_id: int) -> bool:
        """The region's own warning thresholds: its methodologist and administrators."""
        return self.can_review_region(region_id)

    def can_view_dashboards(self, region_id: int) -> bool:
        return self.can_view_published(region_id)

    # People ----------------------------------------------------------------
    def can_manage_user(self, user) -> bool:
        """See, change, set the password of and give roles to this person (see
        `manageable_users`); whatever the screen: the admin or the portal's own pages."""
        if user is None or user.pk is None:
            return False
        return manageable_users(self).filter(pk=user.pk).exists()

    def can_grant_membership(self, *, role: str, region_id: int | None,
                             library: Library | None) -> bool:
        """Administrators grant any role; a methodologist only the librarian role, in a
        library of their own region, with the membership's region that library's region."""
        if self.is_admin:
            return True
        return (role == Role.LIBRARIAN and library is not None
                and library.region_id in self.methodologist_region_ids
                and region_id == library.region_id)


ANONYMOUS = Access(user_id=None)


def access_for_user(user) -> Access:
    if not user.is_authenticated:
        return ANONYMOUS
    libraries, library_regions, methodologist, municipality = set(), set(), set(), set()
    national = False
    for role, region_id, library_id in user.memberships.values_list(
            "role", "region_id", "library_id"):
        if role == Role.LIBRARIAN:
            libraries.add(library_id)
            library_regions.add(region_id)
        elif role == Role.METHODOLOGIST:
            methodologist.add(region_id)
        elif role == Role.MUNICIPALITY:
            municipality.add(region_id)
        elif role == Role.NATIONAL:
            national = True
    return Access(
        user_id=user.pk,
        is_admin=user.is_superuser,
        librarian_library_ids=frozenset(libraries),
        librarian_region_ids=frozenset(library_regions),
        methodologist_region_ids=frozenset(methodologist),
        municipality_region_ids=frozenset(municipality),
        is_national=national,
    )


def manageable_users(access: Access) -> QuerySet[User]:
    """The people a user may manage: everyone for administrators; for a methodologist,
    people who are neither staff nor superusers and whose every role is a librarian's in
    a library of the methodologist's regions, or who hold no role and were invited to or
    last held a role in one of the methodologist's regions (`User.last_region`); nobody
    otherwise.

    One rule for every screen that shows or changes people (the admin, the portal's own
    pages): a methodologist can never reach a methodologist, a municipality user, a
    librarian of another region, a person without a role whose region is another (or
    unknown), staff or an administrator.
    """
    if access.is_admin:
        return User.objects.all()
    regions = access.methodologist_region_ids
    if not regions:
        return User.objects.none()
    out_of_reach = Membership.objects.filter(user=OuterRef("pk")).filter(
        ~Q(role=Role.LIBRARIAN) | ~Q(region_id__in=regions)
        | ~Q(library__region_id__in=regions))
    any_role = Membership.objects.filter(user=OuterRef("pk"))
    return User.objects.filter(is_staff=False, is_superuser=False).exclude(
        Exists(out_of_reach)).filter(Exists(any_role) | Q(last_region_id__in=regions))


def manageable_memberships(access: Access) -> QuerySet[Membership]:
    """Memberships a user may see and change: all for administrators; for a methodologist,
    the librarian roles in their regions' libraries held by people they may manage."""
    if access.is_admin:
        return Membership.objects.all()
    regions = access.methodologist_region_ids
    return Membership.objects.filter(
        role=Role.LIBRARIAN, region_id__in=regions, library__region_id__in=regions,
        user__in=manageable_users(access))


def get_access(request) -> Access:
    """The request user's access, read once per request."""
    if not hasattr(request, "_libreport_access"):
        request._libreport_access = access_for_user(request.user)
    return request._libreport_access


def default_region(access: Access) -> Region | None:
    """The region a user works in: their own, or the first one for administrators."""
    regions = Region.objects.all()
    if not access.is_admin:
        regions = regions.filter(pk__in=access.region_ids)
    return regions.first()


def region_for_reviewer_or_403(request, slug: str | None = None) -> Region:
    access = get_access(request)
    region = get_object_or_404(Region, slug=slug) if slug else default_region(access)
    if region is None or not access.can_review_region(region.pk):
        raise PermissionDenied
    return region


def region_for_questions_or_403(request, slug: str | None) -> Region:
    """A region whose own questions the user may add and retire
    (`Access.can_change_region_questions`); another region's is 403."""
    access = get_access(request)
    region = get_object_or_404(Region, slug=slug) if slug else default_region(access)
    if region is None or not access.can_change_region_questions(region.pk):
        raise PermissionDenied
    return region


def region_for_published_or_403(request, slug: str | None = None) -> Region:
    access = get_access(request)
    region = get_object_or_404(Region, slug=slug) if slug else default_region(access)
    if region is None or not access.can_view_published(region.pk):
        raise PermissionDenied
    return region


def region_for_national_or_403(request, slug: str) -> Region:
    """A region as the national level sees it (its published versions only)."""
    region = get_object_or_404(Region, slug=slug)
    if not get_access(request).can_view_national():
        raise PermissionDenied
    return region


def template_changer_required(view):
    """The view changes the national template: the national methodologist and
    administrators only (`Access.can_change_template`)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not get_access(request).can_change_template():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def national_required(view):
    """The view is for the national methodologist (and administrators) only."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not get_access(request).can_view_national():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def published_version_or_403(request, queryset, pk: int):
    """Fetch a published version of `queryset` (the reports' PublishedReport rows, passed
    in so this layer imports nothing above it) if the user may read its region's published
    reports (the national level reads every region's)."""
    published = get_object_or_404(queryset.select_related("region"), pk=pk)
    if not get_access(request).can_view_published(published.region_id):
        raise PermissionDenied
    return published


def library_or_403(request, slug: str) -> Library:
    library = get_object_or_404(Library.objects.select_related("region"), slug=slug)
    if not get_access(request).can_view_library(library):
        raise PermissionDenied
    return library


def reviewer_required(view):
    """The view is for the methodologist (and administrators) only."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        access = get_access(request)
        if not (access.is_admin or access.is_methodologist):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
