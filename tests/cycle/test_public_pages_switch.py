"""Issue 20: the region's methodologist switches its public pages on and off (on by
default); nobody else may."""

import pytest
from django.urls import reverse

from cycle.models import RegionChange

pytestmark = pytest.mark.django_db

SWITCH = reverse("cycle:public_pages")


def test_public_pages_are_on_by_default_and_the_methodologist_switches_them(
        client_for, region, methodologist):
    assert region.public_pages is True
    client = client_for(methodologist)
    page = client.get(reverse("cycle:network")).content.decode()
    assert "Switch the public pages off" in page
    assert f'href="/regions/{region.slug}/"' in page
    response = client.post(SWITCH, {"region": region.slug})
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.public_pages is False
    assert "Switch the public pages on" in client.get(reverse("cycle:network")).content.decode()
    client.post(SWITCH, {"region": region.slug, "public_pages": "on"})
    region.refresh_from_db()
    assert region.public_pages is True
    assert list(RegionChange.objects.filter(region=region).values_list("text", flat=True)
                .order_by("pk")) == ["public pages switched off", "public pages switched on"]


def test_anonymous_is_sent_to_log_in(client_for, region):
    response = client_for(None).post(SWITCH, {"region": region.slug})
    assert response.status_code == 302 and reverse("login") in response["Location"]
    region.refresh_from_db()
    assert region.public_pages is True


@pytest.mark.parametrize("who", ["librarian", "municipality", "foreign_methodologist"])
def test_other_roles_and_regions_may_not_switch(client_for, request, region, who):
    client = client_for(request.getfixturevalue(who))
    assert client.post(SWITCH, {"region": region.slug}).status_code == 403
    region.refresh_from_db()
    assert region.public_pages is True
