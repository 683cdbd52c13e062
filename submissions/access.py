"""Fetch a submission, or answer 403: the permission layer's helpers for a library's year.

The rules themselves are `libraries.permissions.Access` (one place for who may see and
change what); these helpers fetch the submission a view names and apply the rule in one
step, so no view fetches a submission any other way.
"""

from functools import cache

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from libraries.models import Membership, Role
from libraries.permissions import Access, get_access
from submissions.models import Submission


def submission_or_403(request, pk: int, *, edit: bool = False):
    """Fetch a submission the user may see (or, with edit=True, change)."""
    submission = get_object_or_404(
        Submission.objects.select_related("library__region", "year"), pk=pk)
    access = get_access(request)
    allowed = (access.can_edit_submission(submission) if edit
               else access.can_view_submission(submission))
    if not allowed:
        raise PermissionDenied
    return submission


def notes_submission_or_403(request, pk: int, *, write: bool = False):
    """A submission whose library's notes the user may read (or, with write=True, write)."""
    submission = get_object_or_404(
        Submission.objects.select_related("library__region", "year"), pk=pk)
    access = get_access(request)
    allowed = (access.can_write_library_note(submission.library) if write
               else access.can_read_library_notes(submission.library))
    if not allowed:
        raise PermissionDenied
    return submission


@cache
def _is_librarian_sql() -> str:
    memberships = connection.ops.quote_name(Membership._meta.db_table)
    submissions = connection.ops.quote_name(Submission._meta.db_table)
    return (f"EXISTS (SELECT 1 FROM {memberships} WHERE {memberships}.user_id = %s "  # noqa: S608
            f"AND {memberships}.role = %s AND {memberships}.library_id = "
            f"{submissions}.library_id)")  # (the values are parameters)


def _is_librarian(user_id: int):
    """Whether the user is a librarian of the library of the outer query's submission (a
    subquery written out: an ORM `Exists` costs more to build than the save's write)."""
    return RawSQL(_is_librarian_sql(), (user_id, Role.LIBRARIAN.value),  # noqa: S611
                  output_field=BooleanField())


def editable_submission_or_403(user, queryset, pk: int, **columns):
    """The submission `pk` of `queryset` if `user` may change it, checked with the rule of
    `Access.can_edit_submission` on what the same query read: whether the user is a
    librarian of its library (a subquery instead of reading the memberships). The
    autosave passes its locking read, so the check and the write see the same row in one
    transaction, and the `columns` (expressions) it reads with it. Raises Http404 or
    PermissionDenied."""
    submission = get_object_or_404(queryset.annotate(
        user_is_librarian=_is_librarian(user.pk or 0), **columns), pk=pk)
    access = Access(user_id=user.pk, is_admin=user.is_superuser,
                    librarian_library_ids=frozenset(
                        {submission.library_id} if submission.user_is_librarian else ()))
    if not access.can_edit_submission(submission):
        raise PermissionDenied
    return submission


def reviewed_submission_or_403(request, pk: int, queryset=None):
    """Fetch a submission for its review: the user must review its library's region (a
    librarian gets 403 even for their own report). `queryset` adds what the page reads
    (e.g. the last audit entry) to the one fetch."""
    queryset = Submission.objects.all() if queryset is None else queryset
    submission = get_object_or_404(queryset.select_related("library__region", "year"), pk=pk)
    if not get_access(request).can_review_region(submission.library.region_id):
        raise PermissionDenied
    return submission
