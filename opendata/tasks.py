"""Background jobs of the open data (django-tasks; run `python manage.py db_worker`)."""

from django_tasks import task

from .services import packages_refresh


@task()
def packages_build(region: str, years: list[int]) -> int:
    """The open-data packages of a region's just-published years (and all regions')."""
    return packages_refresh(region=region, years=years)
