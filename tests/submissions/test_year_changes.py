"""“What changed since last year” at the top of a new year's report (issue 21 item 5):
indicators added, retired or renamed and warning thresholds changed (the national default
and the region's own), each linking to its field, computed from the catalogue in force in
both years and the form as last year's report was submitted."""

import pytest
from django.urls import reverse

from catalogue.models import Indicator
from cycle.catalogue import (
    indicator_add,
    indicator_retire,
    indicator_set_threshold,
    region_threshold_set,
)
from submissions.models import ReportingYear, Submission
from submissions.selectors import field_id
from tests.factories import RegionFactory, ReportingYearFactory, SubmissionFactory


def _overview(client, submission) -> str:
    client.cookies["django_language"] = "en"
    response = client.get(reverse("entry:submission", kwargs={"pk": submission.pk}))
    assert response.status_code == 200
    return response.content.decode()


def _changes(html: str) -> str:
    start = html.index('id="year-changes"')
    return html[start:html.index("</section>", start)]


def _next_year(submission) -> Submission:
    """Close the submission's year and open the next one with the library's draft."""
    ReportingYear.objects.filter(pk=submission.year_id).update(is_open=False)
    year = ReportingYearFactory(region=submission.library.region,
                                year=submission.year.year + 1, is_open=True)
    return SubmissionFactory(library=submission.library, year=year)


@pytest.fixture
def submitted_2022(client_for, submission, librarian, filled):
    """The library's 2022 report, submitted through the page (the form it saw is kept)."""
    filled(submission)
    client_for(librarian).post(reverse("entry:submit", kwargs={"pk": submission.pk}))
    submission.refresh_from_db()
    assert submission.status == "submitted"
    return submission


def test_the_2023_report_lists_what_changed_each_linking_to_its_field(
        client_for, librarian, region, submitted_2022, admin_user):
    visits = Indicator.objects.select_related("chapter").get(code="visits.total")
    users = Indicator.objects.get(code="users.active")
    added = indicator_add(user=admin_user, valid_from=2023, code="visits.virtual_2023",
                          name_lv="Virtuālie apmeklējumi", name_en="Virtual visits",
                          kind="count", unit="number", chapter=visits.chapter, order=999)
    indicator_retire(user=admin_user, indicator=Indicator.objects.get(code="loans.total"),
                     from_year=2023)
    Indicator.objects.filter(code="collection.stock").update(
        name_en="Stock at the end of the year", name_lv="Krājums gada beigās")
    old_default = visits.change_threshold_pct
    indicator_set_threshold(user=admin_user, indicator=visits, change_threshold_pct=20)
    region_threshold_set(region=region, user=admin_user, indicator=users,
                         change_threshold_pct=15)
    # another region's own threshold is not this region's change
    region_threshold_set(region=RegionFactory(slug="vidzeme"), user=admin_user,
                         indicator=Indicator.objects.get(code="collection.acquired"),
                         change_threshold_pct=5)

    draft_2023 = _next_year(submitted_2022)
    changes = _changes(_overview(client_for(librarian), draft_2023))
    chapter_url = reverse("entry:chapter", kwargs={"pk": draft_2023.pk,
                                                   "number": visits.chapter.number})
    assert "What changed in 2023 since 2022" in changes
    assert (f'New: <a href="{chapter_url}#{field_id(added.code)}">'
            f"{visits.chapter.number}. Virtual visits</a>") in changes
    assert "No longer asked:" in changes and "Loans" in changes
    assert "Renamed (was “" in changes and "Stock at the end of the year</a>" in changes
    assert (f"#{field_id('visits.total')}\">") in changes
    assert (f"warns at a change of 20 % on last year (was {old_default} %) "
            "(the national default)") in changes
    users_line = changes[changes.index(f"#{field_id('users.active')}"):]
    users_line = users_line[:users_line.index("</li>")]
    assert "warns at a change of 15 % on last year" in users_line
    assert "(your region's own threshold)" in users_line
    assert field_id("collection.acquired") not in changes  # Vidzeme's own
    assert field_id("visits.children") not in changes  # unchanged


def test_the_list_is_in_latvian_too(client_for, librarian, submitted_2022, admin_user):
    indicator_set_threshold(user=admin_user, indicator=Indicator.objects.get(
        code="visits.total"), change_threshold_pct=20)
    draft_2023 = _next_year(submitted_2022)
    html = client_for(librarian).get(
        reverse("entry:submission", kwargs={"pk": draft_2023.pk})).content.decode()
    changes = _changes(html)
    assert "Kas mainījies 2023. gadā salīdzinājumā ar 2022. gadu" in changes
    assert "Mainīts brīdinājuma slieksnis" in changes


def test_nothing_changed_shows_no_list(client_for, librarian, submitted_2022):
    draft_2023 = _next_year(submitted_2022)
    assert 'id="year-changes"' not in _overview(client_for(librarian), draft_2023)


def test_without_last_years_submitted_form_only_the_catalogue_speaks(
        client_for, librarian, submission, admin_user):
    """No report of 2022 was submitted through the portal: added and retired indicators
    still show (the catalogue in force in both years); no threshold is said to change."""
    indicator_set_threshold(user=admin_user, indicator=Indicator.objects.get(
        code="visits.total"), change_threshold_pct=20)
    indicator_retire(user=admin_user, indicator=Indicator.objects.get(code="loans.total"),
                     from_year=2023)
    draft_2023 = _next_year(submission)
    changes = _changes(_overview(client_for(librarian), draft_2023))
    assert "No longer asked:" in changes
    assert "Warning threshold changed" not in changes


def test_another_librarys_submitted_form_serves_when_the_librarys_own_is_missing(
        client_for, librarian, submission, other_submission, other_librarian, filled,
        admin_user):
    filled(other_submission)
    client_for(other_librarian).post(reverse("entry:submit",
                                             kwargs={"pk": other_submission.pk}))
    indicator_set_threshold(user=admin_user, indicator=Indicator.objects.get(
        code="visits.total"), change_threshold_pct=20)
    draft_2023 = _next_year(submission)
    changes = _changes(_overview(client_for(librarian), draft_2023))
    assert "warns at a change of 20 % on last year" in changes


def test_the_list_reads_a_fixed_number_of_queries(submitted_2022, django_assert_num_queries):
    from submissions.selectors import year_changes

    draft_2023 = Submission.objects.select_related("library", "year").get(
        pk=_next_year(submitted_2022).pk)
    with django_assert_num_queries(3):
        year_changes(draft_2023)
