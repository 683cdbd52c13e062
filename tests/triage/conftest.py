import pytest

from libraries.models import Library, Role
from quality import synthetic
from tests.factories import LibraryFactory, RegionFactory, librarian_of, regional_user


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def planted(db):
    """The synthetic region of bench/quality.py (seed 7) written to the database."""
    data = synthetic.plant(synthetic.generate(libraries=35, seed=7), seed=7)
    region = RegionFactory(name="Sintētiskais novads", slug="synthetic")
    synthetic.write(data, region)
    return region, data


@pytest.fixture
def region(planted):
    return planted[0]


@pytest.fixture
def slip_library(planted):
    _region, data = planted
    return Library.objects.get(slug=data.planted["x10"][0])


@pytest.fixture
def methodologist(region):
    return regional_user(region, Role.METHODOLOGIST, "methodologist")


@pytest.fixture
def municipality(region):
    return regional_user(region, Role.MUNICIPALITY, "municipality")


@pytest.fixture
def slip_librarian(slip_library):
    return librarian_of(slip_library, "slip-librarian")


@pytest.fixture
def other_librarian(planted, slip_library):
    other = Library.objects.filter(region=planted[0]).exclude(pk=slip_library.pk).first()
    return librarian_of(other, "other-librarian")


@pytest.fixture
def foreign_methodologist(db):
    foreign = RegionFactory(name="Ludzas novads", slug="ludzas-novads")
    LibraryFactory(region=foreign, name="Cirmas pagasta bibliotēka", slug="cirmas")
    return regional_user(foreign, Role.METHODOLOGIST, "foreign-methodologist")
