"""The network over time: add a library (it gets its draft for every open year), rename
it, close it from a year on (no draft from then; its past figures stay in past reports),
merge it into another library from a year on (closed like that, `Library.merged_into`
names the library that carries on), and its external service points. Every change is a
RegionChange."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from cycle.models import RegionChange
from cycle.people import person_assign
from cycle.services import drafts_for_new_library
from libraries.models import Library, Membership, Role
from reports.models import PublishedReport
from submissions.models import RemovedDraft, ReportingYear, Submission
from submissions.workflow import methodologist_emails, notify

NAME_TAKEN = gettext_lazy("The region already has a library of this name.")
LIBRARY_NOT_IN_REGION = gettext_lazy("The library is not one of this region's.")
MERGE_INTO_ITSELF = gettext_lazy("Choose two different libraries.")
MERGE_CLOSED = gettext_lazy("%(library)s is already closed or merged.")
MERGE_TARGET_CLOSED = gettext_lazy(
    "%(library)s is closed from %(year)s: merge into a library that carries on.")
REOPEN_TOO_LATE = gettext_lazy(
    "%(year)s is already closed or published in this region with %(library)s left out: "
    "reopen that year first.")
CLOSE_TOO_EARLY = gettext_lazy(
    "%(library)s has reports from %(year)s on that are already handed in: close it from a "
    "later year.")


def _record(*, region, user, library, text) -> RegionChange:
    return RegionChange.objects.create(region=region, user=user,
                                       kind=RegionChange.Kind.LIBRARY, subject=library.name,
                                       text=text)


def _unique_slug(name: str) -> str:
    base = slugify(name.replace("ā", "a").replace("č", "c").replace("ē", "e")
                   .replace("ģ", "g").replace("ī", "i").replace("ķ", "k").replace("ļ", "l")
                   .replace("ņ", "n").replace("š", "s").replace("ū", "u").replace("ž", "z")
                   )[:40] or "library"
    slug, number = base, 1
    while Library.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def library_add(*, region, user, name: str, parish: str, kind: str, email: str = "",
                external_service_points: int = 0) -> Library:
    name = name.strip()
    if Library.objects.filter(region=region, name__iexact=name).exists():
        raise ValidationError(NAME_TAKEN, code="name")
    library = Library(region=region, name=name, slug=_unique_slug(name),
                      parish=parish.strip(), kind=kind, email=email.strip(),
                      external_service_points=external_service_points)
    library.full_clean()
    library.save()
    drafts = drafts_for_new_library(library=library, user=user)
    _record(region=region, user=user, library=library,
            text=pgettext("library", "added") + (_(", drafts for %(years)s") % {
                "years": ", ".join(str(d.year.year) for d in drafts)} if drafts else ""))
    return library


@transaction.atomic
def library_rename(*, region, user, library: Library, name: str) -> Library:
    name, old = name.strip(), library.name
    if name == old:
        return library
    if Library.objects.filter(region=region, name__iexact=name).exclude(pk=library.pk).exists():
        raise ValidationError(NAME_TAKEN, code="name")
    library.name = name
    library.full_clean()
    library.save(update_fields=["name"])
    _record(region=region, user=user, library=library,
            text=_("renamed from “%(old)s”") % {"old": old})
    return library


def _check_drafts_from(library: Library, from_year: int):
    """Its reports from `from_year` on, which must all be untouched drafts: a report
    already filled in or handed in refuses (close or merge from a later year)."""
    later = Submission.objects.filter(library=library, year__year__gte=from_year)
    if later.exclude(status=Submission.Status.DRAFT).exists() or later.filter(
            values__isnull=False).exists():
        raise ValidationError(CLOSE_TOO_EARLY % {"library": library.name, "year": from_year},
                              code="year")
    return later


def _drop_drafts_from(library: Library, from_year: int) -> list[int]:
    """Its untouched drafts from `from_year` on go, each remembered (`RemovedDraft`) so
    a link to it explains what happened; returns their years."""
    later = _check_drafts_from(library, from_year)
    removed = list(later.values_list("pk", "year__year"))
    RemovedDraft.objects.bulk_create(RemovedDraft(submission_pk=pk, library=library,
                                                  year=year) for pk, year in removed)
    later.delete()
    return sorted(year for _pk, year in removed)


def merge_check(*, region, library: Library, into: Library, from_year: int) -> None:
    """What `library_merge` refuses, checked before it is confirmed (raises)."""
    if library.pk == into.pk:
        raise ValidationError(MERGE_INTO_ITSELF, code="same")
    if library.region_id != region.pk or into.region_id != region.pk:
        raise ValidationError(LIBRARY_NOT_IN_REGION, code="region")
    if library.closed_from is not None or library.merged_into_id is not None:
        raise ValidationError(MERGE_CLOSED % {"library": library.name}, code="closed")
    if into.closed_from is not None and into.closed_from <= from_year:
        raise ValidationError(MERGE_TARGET_CLOSED % {"library": into.name,
                                                     "year": into.closed_from},
                              code="closed")
    _check_drafts_from(library, from_year)


def _librarians(library: Library):
    return [m.user for m in Membership.objects.filter(role=Role.LIBRARIAN, library=library)
            .select_related("user").order_by("user__last_name", "user__first_name")]


def _name(user) -> str:
    return user.get_full_name() or user.email or user.get_username()


def merge_plan(*, library: Library, into: Library, from_year: int) -> dict:
    """What a merge will do, for its confirmation page and its email: the drafts
    removed, the continuing library's reports from the year on, and who is told."""
    return {
        "library": library, "into": into, "year": from_year,
        "removed": list(Submission.objects.filter(library=library,
                                                  year__year__gte=from_year)
                        .select_related("year").order_by("year__year")),
        "carry_on": list(Submission.objects.filter(library=into, year__year__gte=from_year)
                         .select_related("year").order_by("year__year")),
        "librarians": _librarians(library),
        "into_librarians": _librarians(into),
    }


def _merge_notify(*, plan: dict, removed_years: list[int], given: bool, user) -> None:
    """Email the librarians of both libraries (and the libraries' own addresses) what the
    merge did and which report carries on (after commit, through the worker)."""
    library, into = plan["library"], plan["into"]
    site = settings.SITE_URL.rstrip("/")
    context = {
        "library": library, "into": into, "year": plan["year"], "given": given,
        "removed_years": ", ".join(map(str, removed_years)),
        "carry_on": [site + reverse("entry:submission", args=[s.pk])
                     for s in plan["carry_on"] if s.year.is_open],
        "into_librarians": ", ".join(_name(u) for u in plan["into_librarians"]),
        "site_url": settings.SITE_URL,
    }
    recipients = [u.email for u in (*plan["librarians"], *plan["into_librarians"])]
    recipients += [library.email, into.email]
    reply_to = [user.email] if getattr(user, "email", "") else methodologist_emails(
        library.region_id)
    transaction.on_commit(lambda: notify(recipients, "library_merged", context,
                                         reply_to=reply_to))


def close_plan(*, library: Library, from_year: int) -> dict:
    """What closing a library will do, for its confirmation page: the drafts removed and
    who is told."""
    return {
        "library": library, "year": from_year,
        "removed": list(Submission.objects.filter(library=library,
                                                  year__year__gte=from_year)
                        .select_related("year").order_by("year__year")),
        "librarians": _librarians(library),
    }


@transaction.atomic
def library_close(*, region, user, library: Library, from_year: int) -> Library:
    """No report from `from_year` on: its untouched drafts of those years go; reports
    already filled in or handed in refuse the closing (close from a later year). Its
    librarians are emailed (after commit)."""
    librarians = _librarians(library)
    removed_years = _drop_drafts_from(library, from_year)
    context = {"library": library, "year": from_year, "site_url": settings.SITE_URL,
               "removed_years": ", ".join(map(str, removed_years))}
    reply_to = [user.email] if getattr(user, "email", "") else methodologist_emails(
        library.region_id)
    transaction.on_commit(lambda: notify([*(u.email for u in librarians), library.email],
                                         "library_closed", context, reply_to=reply_to))
    library.closed_from = from_year
    library.save(update_fields=["closed_from"])
    _record(region=region, user=user, library=library,
            text=_("closed from %(year)s") % {"year": from_year})
    return library


@transaction.atomic
def library_merge(*, region, user, library: Library, into: Library,
                  from_year: int, give_access: bool = False) -> Library:
    """`library` is merged into `into` from `from_year`: it gets no report from then on
    (like closing; its earlier figures stay in earlier reports) and `into` carries on,
    reporting for both; the librarians of both are emailed, and with `give_access` the
    merged library's librarians become librarians of `into` too (its report is theirs to
    fill in). Comparisons across the merge year follow
    `figures.dashboard` (the region's sums: both libraries before, the merged one after;
    the merged library's own figures: no change shown across the merge)."""
    library = Library.objects.select_for_update().get(pk=library.pk)
    into = Library.objects.select_for_update().get(pk=into.pk)
    merge_check(region=region, library=library, into=into, from_year=from_year)
    plan = merge_plan(library=library, into=into, from_year=from_year)
    removed_years = _drop_drafts_from(library, from_year)
    if give_access:
        for person in plan["librarians"]:
            person_assign(region=region, person=person, library=into, user=user)
    _merge_notify(plan=plan, removed_years=removed_years, given=give_access, user=user)
    library.closed_from = from_year
    library.merged_into = into
    library.full_clean()
    library.save(update_fields=["closed_from", "merged_into"])
    _record(region=region, user=user, library=library,
            text=_("merged into %(library)s from %(year)s") % {"library": into.name,
                                                               "year": from_year})
    return library


@transaction.atomic
def library_reopen(*, region, user, library: Library) -> list[Submission]:
    """Undo a closing or a merge (a wrong year or library chosen): the library reports
    again, with a draft for every open year. Refused once a year it was left out of is
    closed or published. Returns the drafts made."""
    library = Library.objects.select_for_update().get(pk=library.pk)
    if library.region_id != region.pk:
        raise ValidationError(LIBRARY_NOT_IN_REGION, code="region")
    from_year = library.closed_from
    if from_year is None:
        return []
    done = [*ReportingYear.objects.for_region(region).closed()
            .filter(year__gte=from_year).values_list("year", flat=True),
            *PublishedReport.objects.filter(region=region, year__gte=from_year)
            .values_list("year", flat=True)]
    if done:
        raise ValidationError(REOPEN_TOO_LATE % {"year": min(done), "library": library.name},
                              code="year")
    into = library.merged_into
    library.closed_from = None
    library.merged_into = None
    library.save(update_fields=["closed_from", "merged_into"])
    _record(region=region, user=user, library=library,
            text=(_("merge into %(library)s from %(year)s undone") % {
                "library": into.name, "year": from_year} if into else
                  _("closing from %(year)s undone") % {"year": from_year}))
    return drafts_for_new_library(library=library, user=user)


@transaction.atomic
def library_set_service_points(*, region, user, library: Library, count: int) -> Library:
    old = library.external_service_points
    if old == count:
        return library
    library.external_service_points = count
    library.save(update_fields=["external_service_points"])
    _record(region=region, user=user, library=library,
            text=_("external service points %(old)s → %(new)s") % {"old": old, "new": count})
    return library


LIBRARY_DETAILS = ("address", "phone", "email", "website", "opening_note")


@transaction.atomic
def library_set_details(*, region, user, library: Library, **details: str) -> Library:
    """Change a library's address details (those of `LIBRARY_DETAILS` given); recorded
    with each old and new value."""
    changed = []
    for field in LIBRARY_DETAILS:
        if field not in details:
            continue
        new = (details[field] or "").strip()
        old = getattr(library, field)
        if new != old:
            setattr(library, field, new)
            changed.append((field, old, new))
    if not changed:
        return library
    library.save(update_fields=[field for field, _old, _new in changed])
    _record(region=region, user=user, library=library, text="; ".join(
        f"{Library._meta.get_field(field).verbose_name} “{old or '–'}” → “{new or '–'}”"
        for field, old, new in changed))
    return library


@transaction.atomic
def region_set_public_pages(*, region, user, on: bool):
    """Switch the public pages of the region and its libraries (`/regions/<slug>/`,
    `/libraries/<slug>/`, the embed cards) on or off; recorded as a change of the network."""
    if region.public_pages == on:
        return region
    region.public_pages = on
    region.save(update_fields=["public_pages"])
    RegionChange.objects.create(
        region=region, user=user, kind=RegionChange.Kind.LIBRARY, subject=region.name,
        text=_("public pages switched on") if on else _("public pages switched off"))
    return region
