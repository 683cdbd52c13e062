"""The network over time: add (drafts for open years), rename, close from a year (no
draft from then, past figures stay), external service points; every role checked."""

from datetime import date

import pytest
from django.urls import reverse

from cycle import services
from cycle.models import RegionChange
from libraries.models import Library
from review.selectors import board_rows
from submissions.models import Submission
from tests.factories import ReportingYearFactory, SubmissionFactory, set_values

pytestmark = pytest.mark.django_db

NETWORK = reverse("cycle:network")
ADD = reverse("cycle:library_add")


@pytest.fixture
def open_2023(region, library, other_library):
    return services.reporting_year_open(region=region, year=2023,
                                        deadline=date(2030, 1, 15), invite=False)


def test_a_library_added_while_a_year_is_open_gets_its_draft(client_for, region, open_2023,
                                                             methodologist):
    response = client_for(methodologist).post(ADD, {
        "name": "Jaunā Ozolaines bibliotēka", "parish": "Ozolaine", "kind": "parish",
        "email": "", "external_service_points": "1"})
    assert response.status_code == 302
    library = Library.objects.get(name="Jaunā Ozolaines bibliotēka")
    assert (library.region, library.slug, library.external_service_points) == (
        region, "jauna-ozolaines-biblioteka", 1)
    assert Submission.objects.filter(library=library, year=open_2023).exists()
    assert "2023" in RegionChange.objects.get(kind=RegionChange.Kind.LIBRARY).text


def test_rename_and_service_points(client_for, region, library, methodologist):
    client = client_for(methodologist)
    client.post(reverse("cycle:library_rename", args=[library.pk]),
                {"name": "Audriņu bibliotēka"})
    client.post(reverse("cycle:library_service_points", args=[library.pk]),
                {"external_service_points": "2"})
    library.refresh_from_db()
    assert (library.name, library.external_service_points) == ("Audriņu bibliotēka", 2)
    texts = list(RegionChange.objects.order_by("pk").values_list("text", flat=True))
    assert texts == ["renamed from “Audriņu pagasta bibliotēka”",
                     "external service points 0 → 2"]


def test_closing_from_a_year_removes_that_years_empty_draft_and_keeps_the_past(
        client_for, region, library, other_library, open_2023, methodologist):
    past = ReportingYearFactory(region=region, year=2022, is_open=False)
    accepted = SubmissionFactory(library=library, year=past, status="accepted")
    set_values(accepted, **{"visits.total": 100})
    client_for(methodologist).post(reverse("cycle:library_close", args=[library.pk]),
                                   {"from_year": 2023})
    library.refresh_from_db()
    assert library.closed_from == 2023
    assert not Submission.objects.filter(library=library, year=open_2023).exists()
    assert Submission.objects.filter(library=library, year=past).exists()
    assert [row.library.slug for row in board_rows(region, open_2023)] == ["maltas"]
    assert "audrinu" in [row.library.slug for row in board_rows(region, past)]
    services.reporting_year_reopen(reporting_year=open_2023)  # still no draft for it
    assert not Submission.objects.filter(library=library, year=open_2023).exists()


def test_closing_is_refused_over_a_report_already_handed_in(client_for, region, library,
                                                            open_2023, methodologist):
    Submission.objects.filter(library=library, year=open_2023).update(status="submitted")
    page = client_for(methodologist).post(reverse("cycle:library_close", args=[library.pk]),
                                          {"from_year": 2023}, follow=True)
    assert "already handed in" in page.content.decode()
    library.refresh_from_db()
    assert library.closed_from is None


def test_anonymous_is_sent_to_log_in(client_for, region, library):
    response = client_for(None).get(NETWORK)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client_for(None).post(reverse("cycle:library_rename", args=[library.pk]), {"name": "X"})
    library.refresh_from_db()
    assert library.name == "Audriņu pagasta bibliotēka"


@pytest.mark.parametrize("who", ["librarian", "municipality", "foreign_methodologist"])
def test_other_roles_and_regions_are_refused(client_for, request, region, library, who):
    client = client_for(request.getfixturevalue(who))
    expected = 404 if who == "foreign_methodologist" else 403
    if who != "foreign_methodologist":
        assert client.get(NETWORK).status_code == 403
        assert client.post(ADD, {"name": "X", "parish": "X", "kind": "parish",
                                 "external_service_points": "0"}).status_code == 403
    else:
        assert "Audriņu" not in client.get(NETWORK).content.decode()
        assert client.get(NETWORK, {"region": region.slug}).status_code == 403
    for name, data in (("library_rename", {"name": "X"}),
                       ("library_close", {"from_year": 2023}),
                       ("library_service_points", {"external_service_points": 5})):
        assert client.post(reverse(f"cycle:{name}", args=[library.pk]),
                           data).status_code == expected
    library.refresh_from_db()
    assert (library.name, library.closed_from, library.external_service_points) == (
        "Audriņu pagasta bibliotēka", None, 0)
    assert not Library.objects.filter(name="X").exists()


def test_a_library_is_named_not_given_a_first_name(client_for, region, library, librarian,
                                                    methodologist):
    """Latvian has one word for a person's name and another for a library's: the network
    page and its form ask for the library's name (“Nosaukums”), the people page for a
    person's (“Vārds, uzvārds”)."""
    client = client_for(methodologist)
    client.cookies["django_language"] = "lv"
    network = client.get(NETWORK)
    people = client.get(reverse("cycle:people"))
    network_page = network.content.decode()
    assert '<th scope="col">Nosaukums</th>' in network_page
    assert '<label for="id_name">Nosaukums' in network_page
    assert "Vārds, uzvārds" not in network_page
    assert '<th scope="col">Vārds, uzvārds</th>' in people.content.decode()
