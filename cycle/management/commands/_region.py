from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from libraries.models import Region


def region_from_option(slug: str | None) -> Region:
    """The region named by --region, or the only one there is."""
    if slug:
        region = Region.objects.filter(slug=slug).first()
        if region is None:
            raise CommandError(_("There is no region “%(slug)s” (regions: %(slugs)s).") % {
                "slug": slug, "slugs": _slugs()})
        return region
    regions = list(Region.objects.all()[:2])
    if len(regions) != 1:
        raise CommandError(_("Say which region with --region (regions: %(slugs)s).") % {
            "slugs": _slugs()})
    return regions[0]


def _slugs() -> str:
    return ", ".join(Region.objects.order_by("slug").values_list("slug", flat=True)) or "—"
