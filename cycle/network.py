"""The network over time: add a library (it gets its draft for every open year), rename
it, close it from a year on (no draft from then; its past figures stay in past reports),
and its external service points. Every change is a RegionChange."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cycle.models import RegionChange
from cycle.services import drafts_for_new_library
from indicators.models import Submission
from libraries.models import Library

NAME_TAKEN = gettext_lazy("The region already has a library of this name.")
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
            text=_("added") + (_(", drafts for %(years)s") % {
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


@transaction.atomic
def library_close(*, region, user, library: Library, from_year: int) -> Library:
    """No report from `from_year` on: its untouched drafts of those years go; reports
    already filled in or handed in refuse the closing (close from a later year)."""
    later = Submission.objects.filter(library=library, year__year__gte=from_year)
    if later.exclude(status=Submission.Status.DRAFT).exists() or later.filter(
            values__isnull=False).exists():
        raise ValidationError(CLOSE_TOO_EARLY % {"library": library.name, "year": from_year},
                              code="year")
    later.delete()
    library.closed_from = from_year
    library.save(update_fields=["closed_from"])
    _record(region=region, user=user, library=library,
            text=_("closed from %(year)s") % {"year": from_year})
    return library


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
