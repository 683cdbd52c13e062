"""The triage page and its decisions: every role, one-click ask, accept with a reason."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from quality.models import CheckDecision
from review.models import ReviewComment
from review.triage import triage_queue
from submissions.models import AuditEntry

pytestmark = pytest.mark.django_db

URL = reverse("review:triage")
ACTIONS = ("review:triage_ask", "review:triage_accept", "review:triage_follow_up")


def english(client):
    client.cookies["django_language"] = "en"
    return client


def item_post(slug, code, **extra):
    return {"year": 2022, "region": "synthetic", "library": slug, "code": code, **extra}


def test_anonymous_is_sent_to_login(client_for):
    response = client_for(None).get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for name in ACTIONS:
        assert client_for(None).post(reverse(name), {}).status_code == 302


@pytest.mark.parametrize("who", ["slip_librarian", "other_librarian", "municipality",
                                 "foreign_methodologist"])
def test_other_roles_are_refused(request, client_for, who, slip_library):
    user = request.getfixturevalue(who)
    client = client_for(user)
    assert client.get(URL, {"region": "synthetic"}).status_code == 403
    for name in ACTIONS:
        response = client.post(reverse(name), item_post(slip_library.slug, "visits.total",
                                                        reason="x"))
        assert response.status_code == 403
    assert not CheckDecision.objects.exists() and not ReviewComment.objects.exists()


def test_methodologist_sees_the_slip_first_with_its_cause(client_for, methodologist,
                                                         slip_library):
    response = english(client_for(methodologist)).get(URL, {"year": 2022})
    assert response.status_code == 200
    page = response.content.decode()
    first = page.index('class="triage-item')
    assert slip_library.name in page[first:first + 1500]
    assert "ten times last year: a typing slip (one digit too many)?" in page[first:first + 3000]


def test_queue_page_query_count_does_not_grow_with_the_network(
        client_for, methodologist, planted, django_assert_num_queries,
        django_assert_max_num_queries):
    from quality import synthetic
    from tests.factories import RegionFactory

    client = client_for(methodologist)
    client.get(URL, {"year": 2022})  # warm the session and caches
    with django_assert_max_num_queries(20) as small:
        client.get(URL, {"year": 2022})
    small_count = len(small.captured_queries)
    # a second, larger region in the same database does not change the first one's page
    data = synthetic.plant(synthetic.generate(libraries=60, seed=5), seed=5)
    other = RegionFactory(slug="larger")
    for library_slug in list(data.figures):
        data.figures["big-" + library_slug] = data.figures.pop(library_slug)
    data.planted, data.events = {}, {}
    synthetic.write(data, other)
    from libraries.models import Role
    from tests.factories import regional_user

    big = client_for(regional_user(other, Role.METHODOLOGIST, "big-methodologist"))
    big.get(URL, {"year": 2022})
    with django_assert_num_queries(small_count):
        response = big.get(URL, {"year": 2022})
    assert response.status_code == 200


def test_one_click_asks_the_library_to_explain(client_for, methodologist, slip_library,
                                               slip_librarian,
                                               django_capture_on_commit_callbacks):
    client = english(client_for(methodologist))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("review:triage_ask"),
                               item_post(slip_library.slug, "visits.total"), follow=True)
    assert response.status_code == 200
    assert "is asked to explain" in response.content.decode()
    comment = ReviewComment.objects.get()
    assert comment.indicator.code == "visits.total"
    assert comment.submission.library == slip_library
    assert "ten times last year" in comment.text
    assert len(mail.outbox) == 1 and slip_librarian.email in mail.outbox[0].to
    assert "ten times last year" in mail.outbox[0].body
    decisions = CheckDecision.objects.filter(library=slip_library, code="visits.total")
    assert {d.status for d in decisions} == {"asked"} and all(d.follow_up for d in decisions)
    item = next(i for i in triage_queue(slip_library.region, 2022)
                if i.library == slip_library and i.code == "visits.total")
    assert item.status == "asked" and item.follow_up


def test_accept_needs_a_reason_and_removes_the_item(client_for, methodologist, slip_library):
    client = english(client_for(methodologist))
    response = client.post(reverse("review:triage_accept"),
                           item_post(slip_library.slug, "visits.total", reason=" "),
                           follow=True)
    assert "Not accepted" in response.content.decode()
    assert not CheckDecision.objects.exists()
    client.post(reverse("review:triage_accept"),
                item_post(slip_library.slug, "visits.total", reason="Jauna ēka, tiešām."))
    assert set(CheckDecision.objects.values_list("status", flat=True)) == {"accepted"}
    assert AuditEntry.objects.filter(target="check:visits.total").exists()
    page = client.get(URL, {"year": 2022, "library": slip_library.slug}).content.decode()
    assert 'name="code" value="visits.total"' not in page
    accepted = client.get(URL, {"year": 2022, "status": "accepted"}).content.decode()
    assert 'name="code" value="visits.total"' in accepted


def test_follow_up_flag_and_filter(client_for, methodologist, slip_library):
    client = english(client_for(methodologist))
    client.post(reverse("review:triage_follow_up"),
                item_post(slip_library.slug, "visits.total", follow_up="on"))
    flagged = client.get(URL, {"year": 2022, "follow_up": "on"}).content.decode()
    assert flagged.count('class="triage-item') == 1
    assert "Clear follow-up flag" in flagged
    client.post(reverse("review:triage_follow_up"),
                item_post(slip_library.slug, "visits.total"))
    assert not CheckDecision.objects.filter(follow_up=True).exists()


def test_an_item_of_another_region_is_refused(client_for, methodologist,
                                              foreign_methodologist):
    client = client_for(methodologist)
    response = client.post(reverse("review:triage_ask"), item_post("cirmas", "visits.total"))
    assert response.status_code == 403


def test_the_next_address_must_stay_on_the_site(client_for, methodologist, slip_library):
    response = client_for(methodologist).post(
        reverse("review:triage_follow_up"),
        item_post(slip_library.slug, "visits.total", follow_up="on",
                  next="https://evil.example/"))
    assert response.status_code == 302 and "evil" not in response["Location"]


def test_the_queue_says_what_its_counts_and_scores_mean_in_latvian(client_for, methodologist,
                                                                   slip_library):
    """The count line does not claim figures were "checked" when it counts the queue, and
    the bare number before each item is explained."""
    page = client_for(methodologist).get(URL, {"year": 2022}).content.decode()
    assert "pārbaudīti" not in page
    assert re.search(r"Parādīt[si] \d+ ierakst[si] \(rindā kopā \d+\)\.", page)
    assert "Skaitlis pirms katra ieraksta ir tā novērtējums" in page


def test_the_methodologists_home_page_leads_to_the_queue(client_for, methodologist):
    page = client_for(methodologist).get(reverse("home")).content.decode()
    assert (f'<li><a href="{reverse("review:triage")}">Pārbaudes rinda: skaitļi, par kuriem '
            "bibliotēkām jājautā vispirms") in page


def test_asking_about_a_submitted_report_tells_everyone_how_the_library_answers(
        client_for, methodologist, slip_library, slip_librarian,
        django_capture_on_commit_callbacks):
    """The report is submitted, so locked: the email does not tell the librarian to correct
    a figure they cannot change, the librarian sees the question on the report's page, and
    the methodologist is told how the library can answer."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(methodologist).post(
            reverse("review:triage_ask"), item_post(slip_library.slug, "visits.total"),
            follow=True)
    page = response.content.decode()
    assert "Tās pārskats ir iesniegts un slēgts labošanai" in page
    body = mail.outbox[0].body
    assert "Izlabojiet skaitli" not in body
    assert "Atbildiet uz šo e-pastu ar paskaidrojumu" in body
    assert mail.outbox[0].reply_to == [methodologist.email]
    submission = ReviewComment.objects.get().submission
    overview = client_for(slip_librarian).get(
        reverse("entry:submission", args=[submission.pk])).content.decode()
    assert "1 metodiķa komentārs jāizskata" in overview
    assert "desmit reizes vairāk nekā pērn" in overview
    assert "Pārskats ir slēgts labošanai: atbildiet uz metodiķa e-pastu." in overview


def test_asking_about_a_draft_tells_the_librarian_to_correct_or_explain(
        client_for, methodologist, slip_library, slip_librarian,
        django_capture_on_commit_callbacks):
    from submissions.models import Submission

    Submission.objects.filter(library=slip_library, year__year=2022).update(status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(methodologist).post(
            reverse("review:triage_ask"), item_post(slip_library.slug, "visits.total"),
            follow=True)
    assert "slēgts labošanai" not in response.content.decode()
    assert "Izlabojiet skaitli vai tā paskaidrojumā uzrakstiet" in mail.outbox[0].body
