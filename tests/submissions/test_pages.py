"""My reports and the overview: deadline, progress, status panel; Latvian and English."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from submissions.models import ReportingYear
from tests.factories import set_values

pytestmark = pytest.mark.django_db


def test_my_reports_shows_deadline_and_days_left_in_latvian(client_for, submission, librarian):
    ReportingYear.objects.filter(pk=submission.year_id).update(
        deadline=timezone.localdate() + timedelta(days=45))
    deadline = (timezone.localdate() + timedelta(days=45)).strftime("%d.%m.%Y")
    content = client_for(librarian).get(reverse("entry:my_reports")).content.decode()
    assert f"līdz {deadline}, atlikušas 45 dienas" in content
    assert "Aizpildīt 2022. gada pārskatu" in content


def test_my_reports_in_english(client_for, submission, librarian):
    client = client_for(librarian)
    client.cookies["django_language"] = "en"
    ReportingYear.objects.filter(pk=submission.year_id).update(
        deadline=timezone.localdate() + timedelta(days=1))
    content = client.get(reverse("entry:my_reports")).content.decode()
    assert "1 day left" in content and "Fill in the 2022 report" in content


def test_overview_status_panel_links_each_open_item_to_its_field(client_for, submission,
                                                                 librarian):
    set_values(submission, **{"visits.total": 10})
    content = client_for(librarian).get(
        reverse("entry:submission", kwargs={"pk": submission.pk})).content.decode()
    chapter5 = reverse("entry:chapter", kwargs={"pk": submission.pk, "number": 5})
    assert f'href="{chapter5}#f-users-active"' in content  # an empty required figure
    assert "Kas vēl jāizdara" in content
    assert "nav aizpildīt" in content


def test_overview_progress_per_chapter(client_for, submission, librarian):
    set_values(submission, **{"visits.total": 10, "users.active": 5})
    response = client_for(librarian).get(
        reverse("entry:submission", kwargs={"pk": submission.pk}))
    progress = {p.chapter.number: p for p in response.context["progress"]}
    assert progress[5].filled == 2
    assert response.context["total"].filled == 2
    assert 12 not in progress  # regional-only chapter is not the library's


def test_chapter_page_in_english(client_for, submission, librarian):
    client = client_for(librarian)
    client.cookies["django_language"] = "en"
    content = client.get(reverse("entry:chapter", kwargs={
        "pk": submission.pk, "number": 5})).content.decode()
    assert "Services and access" in content and "Active users" in content
    assert "Save the chapter" in content
