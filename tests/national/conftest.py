import pytest

from libraries.models import Membership, Role
from reports.services import report_publish
from tests.factories import RegionFactory, UserFactory, regional_user
from tests.reports.conftest import make_network, rendered  # noqa: F401  (a fixture)


def national_user_named(username: str = "nacionalais"):
    user = UserFactory(username=username)
    Membership.objects.create(user=user, role=Role.NATIONAL)
    return user


@pytest.fixture
def national(db):
    return national_user_named()


@pytest.fixture
def other_region(db):
    return RegionFactory(name="Parauga novads (sintētisks)", slug="parauga-novads")


@pytest.fixture
def other_methodologist(other_region):
    return regional_user(other_region, Role.METHODOLOGIST, "other-methodologist")


@pytest.fixture
def other_municipality(other_region):
    return regional_user(other_region, Role.MUNICIPALITY, "other-municipality")


@pytest.fixture
def two_networks(region, other_region):
    """Rēzekne with 5 libraries and the synthetic region with 3, all accepted 2019–2021."""
    return make_network(region, 5), make_network(other_region, 3)


@pytest.fixture
def rezekne_published(region, two_networks, methodologist):
    return report_publish(region=region, year=2021, user=methodologist)
