"""Issue 21 item 4: closing a year asks for confirmation with the counts; every report not
submitted (draft or returned) becomes “not submitted by the deadline”, named so on every
page, and its librarians are emailed; reopening gives each its earlier status back."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cycle import services
from notifications.models import OutgoingEmail
from review.selectors import board_rows
from submissions import workflow
from submissions.models import StatusChange, Submission
from tests.factories import ReportingYearFactory, SubmissionFactory

pytestmark = pytest.mark.django_db
Status = Submission.Status
PAST = timezone.localdate() - timedelta(days=3)


@pytest.fixture
def year_2022(region, library, other_library):
    year = ReportingYearFactory(region=region, year=2022, is_open=True, deadline=PAST)
    SubmissionFactory(library=library, year=year, status=Status.RETURNED,
                      submitted_at=timezone.now())
    SubmissionFactory(library=other_library, year=year, status=Status.DRAFT)
    return year


def _close(year, user, capture):
    with capture(execute=True):
        services.reporting_year_close(reporting_year=year, user=user)


def test_the_close_link_shows_the_counts_first_and_closes_nothing(
        client_for, region, year_2022, methodologist, library):
    ReportingYearFactory(region=region, year=2021, is_open=False)
    client = client_for(methodologist)
    years = client.get(reverse("cycle:years")).content.decode()
    confirm = reverse("cycle:year_close", args=[year_2022.pk])
    assert f'href="{confirm}?region={region.slug}"' in years
    page = client.get(confirm, {"region": region.slug})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Close 2022" in text
    assert '<th scope="row">Returned for corrections</th><td class="num">1</td>' in text
    assert '<th scope="row">Drafts</th><td class="num">1</td>' in text
    assert "2 reports (the returned ones and the drafts) become “not submitted by the " \
           "deadline”" in text
    year_2022.refresh_from_db()
    assert year_2022.is_open


def test_closing_lapses_drafts_and_returned_and_emails_their_librarians(
        year_2022, methodologist, librarian, other_librarian, library,
        django_capture_on_commit_callbacks):
    _close(year_2022, methodologist, django_capture_on_commit_callbacks)
    assert set(Submission.objects.filter(year=year_2022).values_list("status", flat=True)) \
        == {Status.LAPSED}
    emails = OutgoingEmail.objects.filter(kind="year_closed")
    assert emails.count() == 2
    to_audrinu = next(e for e in emails if librarian.email in e.to)
    assert "2022" in to_audrinu.subject and "termiņam" in to_audrinu.subject
    assert "Audriņu pagasta bibliotēka" in to_audrinu.body
    assert to_audrinu.reply_to == [methodologist.email]


def test_reopening_restores_each_reports_earlier_status(
        year_2022, methodologist, library, other_library, django_capture_on_commit_callbacks):
    _close(year_2022, methodologist, django_capture_on_commit_callbacks)
    services.reporting_year_reopen(reporting_year=year_2022, user=methodologist)
    statuses = dict(Submission.objects.filter(year=year_2022)
                    .values_list("library__slug", "status"))
    assert statuses == {"audrinu": Status.RETURNED, "maltas": Status.DRAFT}
    returned = Submission.objects.get(year=year_2022, library=library)
    assert returned.is_editable
    assert list(StatusChange.objects.filter(submission=returned).order_by("pk")
                .values_list("from_status", "to_status")) == [
        (Status.RETURNED, Status.LAPSED), (Status.LAPSED, Status.RETURNED)]


def test_a_submitted_report_is_left_for_review(region, year_2022, library, methodologist):
    submitted = SubmissionFactory(library__region=region, year=year_2022,
                                  status=Status.SUBMITTED)
    assert workflow.year_close_counts(year_2022)[Status.SUBMITTED] == 1
    services.reporting_year_close(reporting_year=year_2022, user=methodologist)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_a_returned_report_of_a_closed_year_says_one_thing(
        client_for, year_2022, librarian, library, methodologist,
        django_capture_on_commit_callbacks):
    """Not “Read only” + “Correct and submit again” + “Submitted on …” on one page."""
    _close(year_2022, methodologist, django_capture_on_commit_callbacks)
    returned = Submission.objects.get(year=year_2022, library=library)
    page = client_for(librarian).get(reverse("entry:submission", args=[returned.pk]))
    text = page.content.decode()
    assert "not submitted by the deadline" in text
    assert "Not submitted by the deadline" in text
    assert "submit the report again" not in text
    assert "Submitted on" not in text
    board = {row.library.slug: row for row in board_rows(year_2022.region, year_2022)}
    assert str(board["audrinu"].status_label) == "Not submitted by the deadline"


def test_the_page_closes_and_says_how_many_were_not_submitted(
        client_for, region, year_2022, methodologist, librarian, other_librarian,
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(methodologist).post(
            reverse("cycle:year_close", args=[year_2022.pk]), {"region": region.slug},
            follow=True)
    assert "2022 is closed: 2 reports were not submitted by the deadline; their librarians " \
           "were emailed." in response.content.decode()
    assert OutgoingEmail.objects.filter(kind="year_closed").count() == 2


def test_before_the_deadline_the_confirmation_asks_for_the_box(client_for, region,
                                                                methodologist):
    year = ReportingYearFactory(region=region, year=2023, is_open=True,
                                deadline=date(2099, 1, 1))
    page = client_for(methodologist).get(reverse("cycle:year_close", args=[year.pk]))
    assert 'name="before_deadline"' in page.content.decode()


@pytest.mark.parametrize("who", ["librarian", "municipality", "foreign_methodologist"])
def test_other_roles_and_regions_see_no_confirmation(client_for, request, region, year_2022,
                                                     foreign_region, who):
    client = client_for(request.getfixturevalue(who))
    url = reverse("cycle:year_close", args=[year_2022.pk])
    if who == "foreign_methodologist":
        assert client.get(url, {"region": region.slug}).status_code == 403
        assert client.get(url).status_code == 404  # not a year of their region
    else:
        assert client.get(url).status_code == 403
    year_2022.refresh_from_db()
    assert year_2022.is_open
