"""Issue 20: the region's methodologist gives each library the address details a resident
needs (address, phone, e-mail, website, opening hours) on the network page, recorded in
the region's change log; nobody else may."""

import pytest
from django.urls import reverse

from cycle.models import RegionChange

pytestmark = pytest.mark.django_db

DETAILS = {"address": "Skolas iela 3, Audriņi, LV-4611", "phone": "+371 64600000",
           "email": "audrini@biblioteka.example", "website": "audrini.example.lv",
           "opening_note": "P.–Pk. 9–17"}


def _post(client, library, data, region):
    return client.post(reverse("cycle:library_details", args=[library.pk]),
                       {**data, "region": region.slug})


def test_the_methodologist_sets_the_details_on_the_network_page(client_for, region, library,
                                                                 methodologist):
    client = client_for(methodologist)
    page = client.get(reverse("cycle:network")).content.decode()
    assert f'action="{reverse("cycle:library_details", args=[library.pk])}"' in page
    assert _post(client, library, DETAILS, region).status_code == 302
    library.refresh_from_db()
    assert (library.address, library.phone, library.email, library.website,
            library.opening_note) == (
        "Skolas iela 3, Audriņi, LV-4611", "+371 64600000", "audrini@biblioteka.example",
        "https://audrini.example.lv", "P.–Pk. 9–17")
    change = RegionChange.objects.get(region=region)
    assert change.subject == library.name
    assert "address “–” → “Skolas iela 3, Audriņi, LV-4611”" in change.text
    # the page shows them back, and the same details again change nothing
    assert "Skolas iela 3, Audriņi, LV-4611" in client.get(
        reverse("cycle:network")).content.decode()
    _post(client, library, {**DETAILS, "website": "https://audrini.example.lv"}, region)
    assert RegionChange.objects.filter(region=region).count() == 1


def test_a_wrong_email_changes_nothing_and_says_why(client_for, region, library,
                                                    methodologist):
    page = client_for(methodologist).post(
        reverse("cycle:library_details", args=[library.pk]),
        {**DETAILS, "email": "not an address", "region": region.slug}, follow=True)
    assert "Email" in page.content.decode()
    library.refresh_from_db()
    assert library.address == "" and not RegionChange.objects.exists()


def test_anonymous_is_sent_to_log_in(client_for, region, library):
    response = _post(client_for(None), library, DETAILS, region)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    library.refresh_from_db()
    assert library.address == ""


@pytest.mark.parametrize("who", ["librarian", "municipality", "foreign_methodologist"])
def test_other_roles_and_regions_may_not_change_them(client_for, request, region, library,
                                                     who):
    client = client_for(request.getfixturevalue(who))
    assert _post(client, library, DETAILS, region).status_code == 403
    if who == "foreign_methodologist":  # in their own region the library is not found
        assert client.post(reverse("cycle:library_details", args=[library.pk]),
                           DETAILS).status_code == 404
    library.refresh_from_db()
    assert library.address == "" and not RegionChange.objects.exists()
