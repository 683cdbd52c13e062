from django.core.management.base import CommandError

from libraries.models import Region


def region_from_option(slug: str | None) -> Region:
    """The region named by --region, or the only one there is."""
    if slug:
        region = Region.objects.filter(slug=slug).first()
        if region is None:
            raise CommandError(f"There is no region “{slug}”.")
        return region
    regions = list(Region.objects.all()[:2])
    if len(regions) != 1:
        names = ", ".join(Region.objects.values_list("slug", flat=True)) or "none"
        raise CommandError(f"Say which region with --region (regions: {names}).")
    return regions[0]
