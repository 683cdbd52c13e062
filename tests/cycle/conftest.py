import pytest
from django.conf import settings
from django.test import Client

from libraries.models import Role
from tests.factories import LibraryFactory, RegionFactory, regional_user


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def client_for():
    """A logged-in client in English (the assertions read English texts)."""
    def make(user):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if user is not None:
            client.force_login(user)
        return client
    return make


@pytest.fixture
def foreign_region(db):
    return RegionFactory(name="Ludzas novads", slug="ludzas-novads")


@pytest.fixture
def foreign_library(foreign_region):
    return LibraryFactory(region=foreign_region, name="Cirmas pagasta bibliotēka",
                          slug="cirmas")


@pytest.fixture
def foreign_methodologist(foreign_region):
    return regional_user(foreign_region, Role.METHODOLOGIST, "foreign-methodologist")


@pytest.fixture
def national(db):
    """The national methodologist: the one who changes the national template."""
    from libraries.models import Membership
    from tests.factories import UserFactory

    user = UserFactory(username="nacionalais")
    Membership.objects.create(user=user, role=Role.NATIONAL)
    return user
