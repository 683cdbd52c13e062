"""Reads of published report versions."""

from reports.models import PublishedReport


def published_versions(region):
    """The region's published report versions, newest year and version first."""
    return (PublishedReport.objects.filter(region=region)
            .select_related("published_by").order_by("-year", "-version"))


def latest_published(region, year: int | None = None):
    """The newest published version of `year` (or of any year), or None."""
    versions = published_versions(region)
    if year is not None:
        versions = versions.filter(year=year)
    return versions.first()


def has_published(region) -> bool:
    return published_versions(region).exists()
