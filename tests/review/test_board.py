import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from libraries.models import Library
from review.selectors import NO_REPORT, board_rows, board_summary, filter_rows, is_late
from submissions.models import ReportingYear, Submission
from tests.factories import (
    LibraryFactory,
    ReportingYearFactory,
    SubmissionFactory,
    set_values,
)

Status = Submission.Status
BOARD = reverse("review:board")


# Selector ----------------------------------------------------------------------------------

def _network(region, count, year):
    libraries = Library.objects.bulk_create([
        Library(region=region, name=f"Bibliotēka {n:03d}", slug=f"lib-{region.slug}-{n}",
                parish=f"Pagasts {n}") for n in range(count)])
    Submission.objects.bulk_create([
        Submission(library=library, year=year,
                   status=[Status.DRAFT, Status.SUBMITTED, Status.ACCEPTED][n % 3],
                   submitted_at=timezone.now() if n % 3 else None)
        for n, library in enumerate(libraries)])
    return libraries


@pytest.mark.parametrize("size", [35, 350])
def test_board_rows_take_the_same_queries_whatever_the_network_size(
        region, open_year, size, django_assert_num_queries):
    _network(region, size, open_year)
    with django_assert_num_queries(7):  # the region's own thresholds among them
        rows = board_rows(region, open_year)
    assert len(rows) == size


def test_board_rows_list_every_active_library_in_latvian_order(region, open_year):
    for name in ("Čornajas pagasta bibliotēka", "Audriņu pagasta bibliotēka",
                 "Ciskādu pagasta bibliotēka", "Ēdenes bibliotēka"):
        LibraryFactory(region=region, name=name)
    LibraryFactory(region=region, name="Aizvērtā bibliotēka", active=False)
    rows = board_rows(region, open_year)
    assert [row.library.name for row in rows] == [
        "Audriņu pagasta bibliotēka", "Ciskādu pagasta bibliotēka",
        "Čornajas pagasta bibliotēka", "Ēdenes bibliotēka"]
    # No submission yet: shown as "no report", never as a draft that does not exist.
    with translation.override("en"):
        assert all(row.status == NO_REPORT and str(row.status_label) == "No report"
                   for row in rows)
        assert board_summary(rows).status_counts[-1] == (NO_REPORT, "No report", 4)


def test_after_closing_a_draft_is_marked_not_submitted(region, submitted, other_draft):
    ReportingYear.objects.filter(pk=submitted.year_id).update(is_open=False)
    year = ReportingYear.objects.get(pk=submitted.year_id)
    rows = {row.library.slug: row for row in board_rows(region, year)}
    assert rows["maltas"].status == Status.DRAFT
    with translation.override("en"):
        assert str(rows["maltas"].status_label) == "Not submitted by the deadline"
        assert str(rows["audrinu"].status_label) == "Submitted"


def test_board_counts_problems_and_status(region, submitted, other_draft):
    set_values(other_draft, **{"visits.total": 100})  # started: its empty fields count
    rows = {row.library.slug: row for row in board_rows(region, submitted.year)}
    done, draft = rows["audrinu"], rows["maltas"]
    assert done.status == Status.SUBMITTED
    assert (done.errors, done.warnings, done.missing) == (0, 0, 0)  # the warning is explained
    assert draft.missing > 10 and draft.problems == draft.missing
    summary = board_summary(list(rows.values()))
    assert summary.total == 2 and summary.done == 1
    assert summary.counts == {Status.SUBMITTED: 1, Status.DRAFT: 1}


def test_a_draft_nobody_has_started_is_not_counted_with_problems(client_for, methodologist,
                                                                   region, submitted,
                                                                   other_draft):
    """An untouched draft has every required field empty: it is not started (its last
    change says "—"), not a report with problems; once started, its empty fields count."""
    rows = board_rows(region, submitted.year)
    untouched = next(row for row in rows if row.library.slug == "maltas")
    assert untouched.last_change is None and untouched.missing > 10
    assert untouched.problems == 0
    assert board_summary(rows).with_problems == 0
    assert filter_rows(rows, problems_only=True) == []
    html = client_for(methodologist).get(BOARD, {"year": 2022}).content.decode()
    assert re.search(r'status-problems">[^<]+</span> <strong>0</strong>', html)
    set_values(other_draft, **{"visits.total": 100})
    assert board_summary(board_rows(region, submitted.year)).with_problems == 1


def test_late_detection():
    deadline = date(2023, 2, 9)
    after = timezone.make_aware(timezone.datetime(2023, 2, 10, 12))
    before = timezone.make_aware(timezone.datetime(2023, 2, 8, 12))
    assert is_late(Status.DRAFT, None, deadline, date(2023, 2, 10))
    assert not is_late(Status.DRAFT, None, deadline, date(2023, 2, 9))
    assert is_late(Status.RETURNED, before, deadline, date(2023, 3, 1))
    assert is_late(Status.SUBMITTED, after, deadline, date(2023, 3, 1))
    assert not is_late(Status.ACCEPTED, before, deadline, date(2023, 3, 1))


def test_board_rows_mark_late_against_the_given_day(region, submission, other_submission):
    Submission.objects.filter(pk=submission.pk).update(
        status=Status.SUBMITTED, submitted_at=timezone.now())
    year = submission.year
    year.deadline = timezone.localdate() - timedelta(days=1)
    year.save()
    rows = {row.library.slug: row for row in board_rows(region, year)}
    assert rows["maltas"].late  # still a draft after the deadline
    assert rows["audrinu"].late  # submitted today, after yesterday's deadline
    rows = {row.library.slug: row for row in board_rows(
        region, year, today=year.deadline)}
    assert not rows["maltas"].late


def test_filter_rows(region, submitted, other_draft):
    set_values(other_draft, **{"visits.total": 100})
    rows = board_rows(region, submitted.year)
    assert [r.library.slug for r in filter_rows(rows, status=Status.DRAFT)] == ["maltas"]
    assert [r.library.slug for r in filter_rows(rows, problems_only=True)] == ["maltas"]
    assert filter_rows(rows, late_only=True) == []


# View --------------------------------------------------------------------------------------

def test_board_shows_counts_progress_and_links(client_for, methodologist, submitted,
                                              other_draft):
    response = client_for(methodologist).get(BOARD, {"year": 2022})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<progress id="board-progress" max="2" value="1">' in html
    assert reverse("review:submission", args=[submitted.pk]) in html
    assert "Audriņu pagasta bibliotēka" in html and "Maltas pagasta bibliotēka" in html
    # only the library not yet submitted can be ticked for a reminder
    assert f'name="library" value="{other_draft.library.pk}"' in html
    assert f'name="library" value="{submitted.library.pk}"' not in html


def test_board_filters_by_status_late_and_problems(client_for, methodologist, submitted,
                                                   other_draft):
    set_values(other_draft, **{"visits.total": 100})
    client = client_for(methodologist)
    html = client.get(BOARD, {"year": 2022, "status": "submitted"}).content.decode()
    assert "Audriņu pagasta bibliotēka" in html and "Maltas pagasta bibliotēka" not in html
    html = client.get(BOARD, {"year": 2022, "problems": "on"}).content.decode()
    assert "Audriņu pagasta bibliotēka" not in html and "Maltas pagasta bibliotēka" in html
    html = client.get(BOARD, {"year": 2022, "late": "on"}).content.decode()
    assert "Audriņu pagasta bibliotēka" not in html and "Maltas pagasta bibliotēka" not in html


def test_board_is_sortable(client_for, methodologist, submitted, other_draft):
    response = client_for(methodologist).get(BOARD, {"year": 2022, "sort": "-library"})
    html = response.content.decode()
    assert html.index("Maltas pagasta") < html.index("Audriņu pagasta")
    for sort in ("status", "last_change", "errors", "late", "last_reminded", "-missing"):
        assert client_for(methodologist).get(BOARD, {"sort": sort}).status_code == 200


def test_board_defaults_to_the_open_year(client_for, methodologist, submission, last_year):
    response = client_for(methodologist).get(BOARD)
    assert response.context["year"].year == 2022
    response = client_for(methodologist).get(BOARD, {"year": "2021"})
    assert response.context["year"].year == 2021
    assert client_for(methodologist).get(BOARD, {"year": "x"}).status_code == 200


def test_board_query_count_does_not_grow_with_libraries(
        client_for, methodologist, region, open_year, django_assert_num_queries):
    client = client_for(methodologist)
    _network(region, 5, open_year)
    client.get(BOARD)  # warm the session (written at most once a minute, not on every request)
    with django_assert_num_queries(12) as small:
        client.get(BOARD, {"year": 2022})
    Library.objects.bulk_create([
        Library(region=region, name=f"Papildu {n:03d}", slug=f"extra-{n}", parish="x")
        for n in range(60)])
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(BOARD, {"year": 2022})


def test_board_for_an_admin_without_region_membership(client_for, admin_user, submission):
    assert client_for(admin_user).get(BOARD).status_code == 200


def test_board_without_years(client_for, methodologist):
    assert client_for(methodologist).get(BOARD).status_code == 200


def test_other_years_of_the_factory(region):
    ReportingYearFactory(region=region, year=2020, is_open=False)
    SubmissionFactory(library=LibraryFactory(region=region),
                      year=ReportingYear.objects.get(region=region, year=2020))
    assert len(board_rows(region, 2020)) == 1


# Last change of an untouched draft ----------------------------------------------------------

def test_an_untouched_draft_has_no_last_change(region, submitted, other_draft):
    rows = {row.library.slug: row for row in board_rows(region, submitted.year)}
    assert rows["maltas"].last_change is None  # created, never changed
    assert rows["audrinu"].last_change is not None  # filled in and submitted


def test_a_draft_with_a_value_or_an_audit_entry_has_a_last_change(
        region, librarian, other_draft, other_librarian):
    from catalogue.models import Indicator
    from submissions.models import AuditEntry, Value

    Value.objects.create(submission=other_draft, value=5,
                         indicator=Indicator.objects.get(code="users.active"))
    rows = {row.library.slug: row for row in board_rows(region, other_draft.year)}
    assert rows["maltas"].last_change == other_draft.updated_at
    Value.objects.all().delete()
    entry = AuditEntry.objects.create(submission=other_draft, user=other_librarian,
                                      action=AuditEntry.Action.ADDED, target="training:1")
    rows = {row.library.slug: row for row in board_rows(region, other_draft.year)}
    assert rows["maltas"].last_change == max(entry.at, other_draft.updated_at)


def test_board_shows_a_dash_for_an_untouched_draft(client_for, methodologist, submitted,
                                                   other_draft):
    from django.template.defaultfilters import date as date_filter
    from django.utils import translation

    html = client_for(methodologist).get(BOARD, {"year": 2022}).content.decode()
    row = html[html.index("Maltas pagasta bibliotēka"):]
    row = row[:row.index("</tr>")]
    assert '<span class="not-changed" title="vēl nav mainīts">—' in row
    with translation.override("lv"):
        created = date_filter(timezone.localtime(other_draft.created_at), "SHORT_DATE_FORMAT")
    assert created not in row
    for sort in ("last_change", "-last_change"):  # no change sorts beside the changed rows
        assert client_for(methodologist).get(BOARD, {"year": 2022, "sort": sort}
                                             ).status_code == 200


def test_board_wording_in_latvian(client_for, methodologist, submitted, other_draft):
    """The page is named as the navigation names it; statuses say pieņemts."""
    html = client_for(methodologist).get(BOARD, {"year": 2022}).content.decode()
    assert "<title>Iesniegšanas gaita 2022" in html
    assert "<h1>Iesniegšanas gaita 2022</h1>" in html
    assert "Pabeigtības" not in html
    assert '<option value="accepted">Pieņemts</option>' in html
    assert "pstiprin" not in html
