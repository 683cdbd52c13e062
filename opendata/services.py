"""The open-data packages, built once per published state and kept (`StoredPackage`).

A package is built when a version is published (`opendata.receivers` → the worker's
`opendata.tasks.packages_build`) and again only when what it is made of changes (a
newer version of the year, the catalogue; `packages.package_key`). A request serves the
stored file; one that finds none (or its file gone) builds and stores it first.
"""

import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from catalogue.selectors import EVERY, catalogue

from . import packages, selectors
from .models import StoredPackage

logger = logging.getLogger(__name__)


def package_store(*, year: int, region: str | None = None) -> StoredPackage:
    """The stored package of a published year (and region): the one kept when its key
    still holds, else built now, kept, and the older ones of the year deleted.

    Raises `packages.NotPublished` when nothing of the year (and region) is published.
    """
    chosen = selectors.published_years(region=region, year_from=year, year_to=year)
    if not chosen:
        raise packages.NotPublished(year)
    every = list(catalogue(region=EVERY).values())
    key = packages.package_key(year=year, region=region, chosen=chosen, every=every)
    stored = StoredPackage.objects.filter(year=year, region=region or "", key=key).first()
    if stored is not None and stored.file.storage.exists(stored.file.name):
        return stored
    made = packages.year_package(year=year, region=region, chosen=chosen, every=every)
    if stored is not None:  # its file is gone: put it back
        stored.file.save(made.filename, ContentFile(made.content), save=False)
        stored.size = len(made.content)
        stored.save(update_fields=["file", "size"])
        return stored
    stored = StoredPackage(year=year, region=region or "", key=key, filename=made.filename,
                           size=len(made.content))
    stored.file.save(made.filename, ContentFile(made.content), save=False)
    try:
        with transaction.atomic():
            stored.save()
    except IntegrityError:  # another process stored the same package meanwhile
        stored.file.delete(save=False)
        return StoredPackage.objects.get(year=year, region=region or "", key=key)
    _delete_older(stored)
    return stored


def _delete_older(stored: StoredPackage) -> None:
    older = list(StoredPackage.objects.filter(year=stored.year, region=stored.region)
                 .exclude(pk=stored.pk))
    for package in older:
        package.file.delete(save=False)
    StoredPackage.objects.filter(pk__in=[package.pk for package in older]).delete()


def packages_refresh(*, region: str, years: list[int]) -> int:
    """Build the packages a publishing of `region` changed: each year it froze, of the
    region and of all regions (one whose key holds is left as it is); how many exist."""
    count = 0
    for year in years:
        for scope in (region, None):
            try:
                package_store(year=year, region=scope)
            except packages.NotPublished:
                continue
            count += 1
    return count
