"""Reads for the librarian's pages about a library that no longer reports: what its
librarians are told when it was merged into another library or closed from a year."""

from dataclasses import dataclass

from libraries.models import Library, Membership, Role
from submissions.models import Submission


@dataclass(frozen=True)
class LeftOut:
    """`library` has no report for `year`: merged into `into` (None: closed) from `since`.
    `carry_on` is the continuing library's report of the year, `ask` whom to ask (its
    librarians, then the region's methodologists: names and addresses)."""

    library: Library
    year: int
    since: int
    into: Library | None
    carry_on: Submission | None
    may_open: bool
    into_librarians: list[str]
    methodologists: list[str]


def _people(**filters) -> list[str]:
    return [f"{m.user.get_full_name() or m.user.email} ({m.user.email})"
            for m in Membership.objects.filter(**filters).select_related("user")
            .order_by("user__last_name", "user__first_name")]


def left_out(library: Library, year: int, access) -> LeftOut | None:
    """Why `library` has no report for `year` (merged or closed by then), else None."""
    if library.closed_from is None or year < library.closed_from:
        return None
    into = library.merged_into
    carry_on = (Submission.objects.filter(library=into, year__year=year)
                .select_related("year", "library").first() if into else None)
    return LeftOut(
        library=library, year=year, since=library.closed_from, into=into,
        carry_on=carry_on,
        may_open=bool(carry_on and access.can_view_submission(carry_on)),
        into_librarians=_people(role=Role.LIBRARIAN, library=into) if into else [],
        methodologists=_people(role=Role.METHODOLOGIST, region_id=library.region_id),
    )
