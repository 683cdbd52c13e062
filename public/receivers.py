"""After a version is published (and committed), the worker builds the region's pages."""

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver

from figures.published import figures_published

from .tasks import pages_build


@receiver(figures_published)
def build_pages_after_publishing(sender, *, region: str, years: list[int], **kwargs):
    if settings.PUBLIC_PAGES_AFTER_PUBLISHING:
        transaction.on_commit(lambda: pages_build.enqueue(region))
