"""After a version is published (and committed), the worker builds its packages."""

from django.db import transaction
from django.dispatch import receiver

from figures.published import figures_published

from .tasks import packages_build


@receiver(figures_published)
def build_packages_after_publishing(sender, *, region: str, years: list[int], **kwargs):
    transaction.on_commit(lambda: packages_build.enqueue(region, years))
