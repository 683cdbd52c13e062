"""Background jobs of the public pages (django-tasks; run `python manage.py worker`)."""

from django_tasks import task

from .services import pages_refresh


@task()
def pages_build(region: str) -> int:
    """Every public page of a region just published, built once and kept."""
    return pages_refresh(region=region)
