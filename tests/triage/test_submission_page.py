"""The methodologist's page of one submission shows its quality checks and their decisions."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from libraries.models import Library, Role
from quality import synthetic
from quality.models import CheckDecision
from review.models import ReviewComment
from submissions.models import Submission
from tests.factories import librarian_of, regional_user

pytestmark = pytest.mark.django_db

SLIP_CAUSE = "ten times last year: a typing slip (one digit too many)?"


@pytest.fixture(autouse=True)
def _latvian_afterwards():
    """An English request leaves English active in the thread: later tests expect Latvian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def slip_submission(slip_library):
    return Submission.objects.get(library=slip_library, year__year=2022)


def page_url(submission):
    return reverse("review:submission", args=[submission.pk])


def check_item(html: str, code: str) -> str:
    """The list item of the checks panel about one figure."""
    anchor = "f-" + code.replace(".", "-")
    start = html.index(f'id="check-{anchor}"')
    return html[start:html.index("</li>", start)]


def form_fields(item_html: str, action: str) -> dict:
    """The hidden fields of the item's form posting to `action`, as the browser sends them."""
    start = item_html.index(f'action="{action}"')
    form = item_html[start:item_html.index("</form>", start)]
    return dict(re.findall(r'type="hidden" name="([a-z_]+)" value="([^"]*)"', form))


def test_a_planted_slip_shows_on_its_submission_page_with_its_cause_and_rank(
        client_for, methodologist, slip_submission):
    response = english(client_for(methodologist)).get(page_url(slip_submission))
    assert response.status_code == 200
    html = response.content.decode()
    panel = html[html.index('id="checks"'):html.index('class="panel decision"')]
    item = check_item(panel, "visits.total")
    assert SLIP_CAUSE in item
    assert "typing slip" in item
    assert "no. 1 in the region" in item  # the queue puts the planted slip first
    assert "Library's explanation: none yet" in item
    # the figure's row points to the check
    row = html[html.index('id="f-visits-total"'):]
    assert SLIP_CAUSE in row[:row.index("</tr>")]


def test_the_librarians_explanation_is_shown(client_for, methodologist, slip_submission):
    slip_submission.values.filter(indicator__code="visits.total").update(
        explanation="Jauna ēka, apmeklējums pieauga.")
    html = english(client_for(methodologist)).get(page_url(slip_submission)).content.decode()
    assert "Jauna ēka, apmeklējums pieauga." in check_item(html, "visits.total")


def test_asking_from_the_submission_page_comments_emails_and_comes_back(
        client_for, methodologist, slip_submission, slip_librarian,
        django_capture_on_commit_callbacks):
    client = english(client_for(methodologist))
    item = check_item(client.get(page_url(slip_submission)).content.decode(), "visits.total")
    fields = form_fields(item, reverse("review:triage_ask"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("review:triage_ask"), fields)
    assert response.status_code == 302
    assert response["Location"] == page_url(slip_submission) + "#checks"
    comment = ReviewComment.objects.get()
    assert comment.submission == slip_submission and comment.indicator.code == "visits.total"
    assert len(mail.outbox) == 1 and slip_librarian.email in mail.outbox[0].to
    html = client.get(page_url(slip_submission)).content.decode()
    item = check_item(html, "visits.total")
    assert "library asked" in item and "follow up" in item
    assert "ten times last year" in html[html.index('id="f-visits-total"'):]  # the comment


def test_accepting_from_the_submission_page_needs_a_reason_and_closes_the_check(
        client_for, methodologist, slip_submission):
    client = english(client_for(methodologist))
    item = check_item(client.get(page_url(slip_submission)).content.decode(), "visits.total")
    fields = form_fields(item, reverse("review:triage_accept"))
    refused = client.post(reverse("review:triage_accept"), {**fields, "reason": " "},
                          follow=True)
    assert "Not accepted" in refused.content.decode()
    assert not CheckDecision.objects.exists()
    response = client.post(reverse("review:triage_accept"),
                           {**fields, "reason": "Jauna ēka, tiešām."})
    assert response["Location"] == page_url(slip_submission) + "#checks"
    assert set(CheckDecision.objects.filter(code="visits.total")
               .values_list("status", flat=True)) == {"accepted"}
    html = client.get(page_url(slip_submission)).content.decode()
    assert 'id="check-f-visits-total"' not in html
    assert "checked figure accepted with a reason" in html


def test_another_library_shows_only_its_own_checks(client_for, methodologist,
                                                   slip_submission, planted):
    _region, data = planted
    clean = next(slug for slug in data.figures
                 if not any(slug in str(value) for value in data.planted.values())
                 and slug not in data.events)
    submission = Submission.objects.get(library__slug=clean, year__year=2022)
    html = english(client_for(methodologist)).get(page_url(submission)).content.decode()
    assert SLIP_CAUSE not in html
    assert f'name="library" value="{slip_submission.library.slug}"' not in html


@pytest.mark.parametrize("who", ["slip_librarian", "other_librarian", "municipality",
                                 "foreign_methodologist"])
def test_other_roles_cannot_open_the_page(request, client_for, who, slip_submission):
    user = request.getfixturevalue(who)
    assert client_for(user).get(page_url(slip_submission)).status_code in (403, 404)


def test_anonymous_is_sent_to_login(client_for, slip_submission):
    response = client_for(None).get(page_url(slip_submission))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_methodologist_of_another_region_cannot_act_on_the_check(
        client_for, foreign_methodologist, slip_submission):
    fields = {"year": 2022, "region": slip_submission.library.region.slug,
              "library": slip_submission.library.slug, "code": "visits.total",
              "next": page_url(slip_submission), "reason": "x"}
    for name in ("review:triage_ask", "review:triage_accept"):
        assert client_for(foreign_methodologist).post(reverse(name), fields).status_code == 403
    assert not CheckDecision.objects.exists() and not ReviewComment.objects.exists()


def test_page_query_count_does_not_grow_with_the_region(
        client_for, methodologist, planted, slip_submission, django_assert_num_queries,
        django_assert_max_num_queries):
    region, _data = planted
    client = english(client_for(methodologist))
    client.get(page_url(slip_submission))  # warm the session
    with django_assert_max_num_queries(25) as small:
        client.get(page_url(slip_submission))
    small_count = len(small.captured_queries)
    small_libraries = Library.objects.filter(region=region).count()
    # twice as many libraries in the same region, with their own planted errors
    more = synthetic.plant(synthetic.generate(libraries=40, seed=11), seed=11)
    for slug in list(more.figures):
        more.figures["more-" + slug] = more.figures.pop(slug)
    more.planted, more.events = {}, {}
    synthetic.write(more, region)
    assert Library.objects.filter(region=region).count() == small_libraries + 40
    with django_assert_num_queries(small_count):
        response = client.get(page_url(slip_submission))
    assert SLIP_CAUSE in check_item(response.content.decode(), "visits.total")


def test_the_page_in_latvian(client_for, methodologist, slip_submission):
    html = client_for(methodologist).get(page_url(slip_submission)).content.decode()
    item = check_item(html, "visits.total")
    assert "desmit reizes vairāk nekā pērn" in item
    assert "Lūgt bibliotēkai paskaidrot" in item


def test_a_librarian_of_the_library_still_cannot_see_the_review(client_for, slip_library,
                                                               slip_submission):
    librarian = librarian_of(slip_library, "second-librarian")
    assert client_for(librarian).get(page_url(slip_submission)).status_code == 403


def test_a_municipality_user_of_another_region_cannot_open_it(client_for, slip_submission):
    from tests.factories import RegionFactory

    other = RegionFactory(name="Cits novads", slug="cits")
    user = regional_user(other, Role.MUNICIPALITY, "other-municipality")
    assert client_for(user).get(page_url(slip_submission)).status_code in (403, 404)
