"""Context events: entered by the library's librarian or the methodologist, nobody else."""

from datetime import date

import pytest
from django.urls import reverse

from quality.models import ContextEvent
from review.triage import triage_queue

pytestmark = pytest.mark.django_db


def url(library):
    return reverse("quality:events", kwargs={"slug": library.slug})


def event_data(**extra):
    return {"year": 2022, "kind": "renovation", "date_from": "2022-03-01",
            "date_to": "2022-09-30", "reason": "Jumta remonts", **extra}


def test_anonymous_is_sent_to_login(client_for, slip_library):
    response = client_for(None).get(url(slip_library))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["other_librarian", "municipality", "foreign_methodologist"])
def test_others_are_refused(request, client_for, who, slip_library):
    client = client_for(request.getfixturevalue(who))
    assert client.get(url(slip_library)).status_code == 403
    assert client.post(url(slip_library), event_data()).status_code == 403
    event = ContextEvent.objects.create(library=slip_library, year=2022, kind="move",
                                        date_from=date(2022, 5, 1), reason="Pārcelšanās")
    delete = reverse("quality:event_delete", kwargs={"slug": slip_library.slug,
                                                     "pk": event.pk})
    assert client.post(delete).status_code == 403
    assert ContextEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("who", ["slip_librarian", "methodologist"])
def test_librarian_and_methodologist_record_an_event(request, client_for, who, slip_library):
    user = request.getfixturevalue(who)
    client = client_for(user)
    client.cookies["django_language"] = "en"
    assert client.get(url(slip_library)).status_code == 200
    response = client.post(url(slip_library), event_data(), follow=True)
    assert "The event is recorded" in response.content.decode()
    event = ContextEvent.objects.get(library=slip_library)
    assert (event.kind, event.year, event.created_by) == ("renovation", 2022, user)
    assert "Jumta remonts" in response.content.decode()
    delete = reverse("quality:event_delete", kwargs={"slug": slip_library.slug,
                                                     "pk": event.pk})
    client.cookies["django_language"] = "lv"
    deleted = client.post(delete, follow=True).content.decode()
    assert not ContextEvent.objects.filter(library=slip_library).exists()
    # a closure or renovation is a “notikums”; a “pasākums” is an event people attend
    assert "Notikums dzēsts." in deleted and "Pasākums dzēsts." not in deleted


def test_a_period_in_the_wrong_order_is_refused(client_for, slip_librarian, slip_library):
    client = client_for(slip_librarian)
    client.cookies["django_language"] = "en"
    response = client.post(url(slip_library), event_data(date_to="2022-01-01"))
    assert response.status_code == 400
    assert "cannot be before the start date" in response.content.decode()
    assert not ContextEvent.objects.filter(library=slip_library).exists()


def test_an_event_takes_the_library_out_of_the_peer_statistics(planted):
    region, data = planted
    slug, code = data.planted["peer"]
    item = next(i for i in triage_queue(region, 2022)
                if i.library.slug == slug and i.code == code)
    assert "peer" in item.kinds
    ContextEvent.objects.create(library=item.library, year=2022, kind="renovation",
                                date_from=date(2022, 1, 1), reason="Remonts")
    again = [i for i in triage_queue(region, 2022) if i.library.slug == slug]
    assert all("peer" not in i.kinds for i in again)
    assert all(i.event == "renovation" for i in again)
