"""Issue 10: merging library A into B from a year. A gets no report from then on (like a
closed library) and B carries on; the region's totals compare A + B before with the
merged B after (no growth from the merge); B's own change across the merge year is not
shown, with a note "merged with A from Y"."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from catalogue.selectors import catalogue
from cycle import network, services
from cycle.models import RegionChange
from dashboards.profile import build_library_profile
from figures.dashboard import build_dashboard
from figures.published import record_published
from figures.selectors import ALL_STATUSES
from figures.sources import current_source, published_source
from figures.tiles import needed_codes
from libraries.models import Library
from reports.region_tables import build_region_tables
from reports.services import report_snapshot
from submissions.models import Submission
from tests.factories import ReportingYearFactory, SubmissionFactory, accepted_visits, set_values

pytestmark = pytest.mark.django_db

NETWORK = reverse("cycle:network")
MERGE = reverse("cycle:library_merge")


@pytest.fixture
def open_2023(region, library, other_library):
    return services.reporting_year_open(region=region, year=2023,
                                        deadline=date(2030, 1, 15), invite=False)


def _merge(region, library, other_library, year=2023, user=None):
    return network.library_merge(region=region, user=user, library=library,
                                 into=other_library, from_year=year)


# The service --------------------------------------------------------------------------
def test_merging_drops_the_absorbed_librarys_draft_and_records_it(
        region, library, other_library, open_2023, methodologist):
    past = ReportingYearFactory(region=region, year=2022, is_open=False)
    kept = SubmissionFactory(library=library, year=past, status="accepted")
    set_values(kept, **{"visits.total": 100})
    with translation.override("lv"):
        _merge(region, library, other_library, user=methodologist)
    library.refresh_from_db()
    assert (library.closed_from, library.merged_into) == (2023, other_library)
    assert not Submission.objects.filter(library=library, year=open_2023).exists()
    assert Submission.objects.filter(library=other_library, year=open_2023).exists()
    assert Submission.objects.filter(pk=kept.pk).exists()  # its past stays
    change = RegionChange.objects.get(kind=RegionChange.Kind.LIBRARY)
    assert (change.subject, change.text, change.user) == (
        "Audriņu pagasta bibliotēka",
        "apvienota ar Maltas pagasta bibliotēka no 2023 (darbu turpina Maltas pagasta "
        "bibliotēka)", methodologist)  # the log is written in the portal's language


def test_no_draft_for_the_absorbed_library_later(region, library, other_library, open_2023):
    _merge(region, library, other_library)
    services.reporting_year_close(reporting_year=open_2023, before_deadline=True)
    services.reporting_year_reopen(reporting_year=open_2023)
    assert not Submission.objects.filter(library=library, year=open_2023).exists()
    later = services.reporting_year_open(region=region, year=2024,
                                         deadline=date(2030, 1, 15), invite=False)
    assert list(later.submissions.values_list("library__slug", flat=True)) == ["maltas"]


@pytest.mark.parametrize("case", ["itself", "closed", "target closed", "handed in",
                                  "other region"])
def test_merges_that_make_no_sense_are_refused(region, library, other_library, open_2023,
                                               foreign_library, case):
    into = other_library
    if case == "itself":
        into = library
    elif case == "closed":
        Library.objects.filter(pk=library.pk).update(closed_from=2022)
    elif case == "target closed":
        Library.objects.filter(pk=other_library.pk).update(closed_from=2023)
    elif case == "handed in":
        Submission.objects.filter(library=library, year=open_2023).update(status="submitted")
    elif case == "other region":
        into = foreign_library
    with pytest.raises(ValidationError):
        _merge(region, library, into)
    library.refresh_from_db()
    assert library.merged_into is None
    assert library.closed_from == (2022 if case == "closed" else None)


# The page ---------------------------------------------------------------------------------
def test_the_methodologist_merges_on_the_network_page(client_for, region, library,
                                                      other_library, open_2023,
                                                      methodologist):
    client = client_for(methodologist)
    client.cookies["django_language"] = "lv"
    response = client.post(MERGE, {"library": library.pk, "into": other_library.pk,
                                   "from_year": 2023})
    assert response.status_code == 302
    # the message after merging, in Latvian a name cannot be declined: “ar bibliotēku “…””
    assert ("No 2023. gada Audriņu pagasta bibliotēka ir apvienota ar bibliotēku "
            "“Maltas pagasta bibliotēka”, kas darbu turpina.") in client.get(
        response["Location"]).content.decode()
    client.cookies["django_language"] = "en"
    library.refresh_from_db()
    assert library.merged_into == other_library
    page = client.get(NETWORK).content.decode()
    assert "merged into Maltas pagasta bibliotēka from 2023" in page  # the row and the log
    assert "merged with Audriņu pagasta bibliotēka from 2023" in page
    latvian = client_for(methodologist)
    latvian.cookies["django_language"] = "lv"
    page = latvian.get(NETWORK).content.decode()
    assert "apvienota ar Audriņu pagasta bibliotēka no 2023" in page
    assert "Apvienot divas bibliotēkas" in page
    # a library is “slēgta” (closed down), not “aizvērta” (a door or a window)
    assert '>Slēgt<span class="visually-hidden"> Maltas pagasta bibliotēka' in page
    assert ">Aizvērt<" not in page


def test_a_refused_merge_says_why(client_for, region, library, open_2023, methodologist):
    response = client_for(methodologist).post(MERGE, {
        "library": library.pk, "into": library.pk, "from_year": 2023})
    assert response.status_code == 200
    assert "Choose two different libraries." in response.content.decode()


def test_anonymous_is_sent_to_log_in(client_for, region, library, other_library):
    response = client_for(None).post(MERGE, {"library": library.pk,
                                             "into": other_library.pk, "from_year": 2023})
    assert response.status_code == 302 and reverse("login") in response["Location"]
    library.refresh_from_db()
    assert library.merged_into is None


@pytest.mark.parametrize("who", ["librarian", "municipality", "foreign_methodologist"])
def test_other_roles_and_regions_cannot_merge(client_for, request, region, library,
                                              other_library, foreign_library, who):
    client = client_for(request.getfixturevalue(who))
    data = {"library": library.pk, "into": other_library.pk, "from_year": 2023}
    if who == "foreign_methodologist":
        assert client.post(MERGE, {**data, "region": region.slug}).status_code == 403
        # in their own region the libraries of another are no choice
        response = client.post(MERGE, data)
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        client.post(MERGE, {**data, "into": foreign_library.pk})
    else:
        assert client.post(MERGE, data).status_code == 403
    library.refresh_from_db()
    assert (library.merged_into, library.closed_from) == (None, None)


def test_the_wrong_librarys_librarian_cannot_merge(client_for, region, library,
                                                   other_library, other_librarian):
    response = client_for(other_librarian).post(MERGE, {
        "library": library.pk, "into": other_library.pk, "from_year": 2023})
    assert response.status_code == 403
    assert Library.objects.get(pk=library.pk).merged_into is None


# Tables and dashboards across the merge ------------------------------------------------
@pytest.fixture
def merged(region, library, other_library):
    """2022: Audriņi 100 visits, Malta 200; Audriņi merged into Malta from 2023, which
    then counts 330 visits for both (a 10 % rise of the area, not 65 %)."""
    figures = {2021: {library: 90, other_library: 190}, 2022: {library: 100,
                                                               other_library: 200},
               2023: {other_library: 330}}
    accepted_visits(region, figures)
    network.library_merge(region=region, user=None, library=library, into=other_library,
                          from_year=2023)
    return figures


def test_the_region_table_compares_both_libraries_with_the_merged_one(region, merged):
    tables = build_region_tables(region, 2023)
    row = next(row for table in tables.tables for row in table.rows
               if row.code == "visits.total")
    assert row.values == (280, 300, 330)
    assert row.missing == (0, 0, 0)
    assert [None if c is None else round(c, 1) for c in row.changes] == [
        None, Decimal("7.1"), Decimal("10.0")]  # 280 → 300 → 330: no jump at the merge


def _source(region):
    return current_source(region, statuses=ALL_STATUSES, codes=needed_codes(catalogue()))


def test_the_dashboard_shows_the_region_change_across_the_merge(region, merged):
    board = build_dashboard(_source(region), 2023)
    assert board.comparable_with_previous and not board.is_incomplete
    assert (board.included_count, board.library_total) == (1, 1)
    tile = board.tile["visits.total"]
    assert tile.comparable and tile.change == 10 and tile.coverage_text == ""


def test_the_merged_librarys_own_change_is_not_shown_across_the_merge(region, merged):
    with translation.override("lv"):
        profile = build_library_profile(_source(region), "maltas", 2023)
        assert profile.merge_notes == ["apvienota ar Audriņu pagasta bibliotēka no 2023"]
    tile = next(tile for tile in profile.tiles if tile.code == "visits.total")
    assert not tile.comparable and tile.change is None and tile.direction == ""
    before = build_library_profile(_source(region), "maltas", 2022)
    assert before.merge_notes == []
    tile = next(tile for tile in before.tiles if tile.code == "visits.total")
    assert tile.comparable and tile.change == 5  # 190 → 200, itself
    absorbed = build_library_profile(_source(region), "audrinu", 2022)
    assert absorbed.tiles[0].value is not None  # its past figures stay


def test_the_profile_page_footnotes_the_merge(client_for, region, merged, methodologist):
    client = client_for(methodologist)
    client.cookies["django_language"] = "lv"
    page = client.get(reverse("dashboards:library_profile", args=["maltas"]),
                      {"year": 2023, "source": "all"}).content.decode()
    assert "Apvienota ar Audriņu pagasta bibliotēka no 2023." in page


def test_a_published_report_keeps_the_merge(region, merged):
    from reports.models import PublishedReport

    snapshot = report_snapshot(region, 2023)
    version = PublishedReport.objects.create(region=region, year=2023, version=1,
                                             snapshot=snapshot)
    record_published(version, snapshot)
    source = published_source(region)
    assert [(m.absorbed, m.into, m.from_year) for m in source.merges] == [
        ("audrinu", "maltas", 2023)]
    board = build_dashboard(source, 2023)
    assert board.tile["visits.total"].change == 10
    assert not next(t for t in build_library_profile(source, "maltas", 2023).tiles
                    if t.code == "visits.total").comparable


# Undoing a merge or a closing ------------------------------------------------------------
def _reopen_url(library):
    return reverse("cycle:library_reopen", args=[library.pk])


def test_a_merge_from_the_wrong_year_is_undone_from_the_page(client_for, region, library,
                                                             other_library, open_2023,
                                                             methodologist):
    """The merge form suggests next year; a methodologist who meant 2023 (or the other
    library) undoes it on the same page, and the library gets its 2023 draft back."""
    _merge(region, library, other_library, year=2023, user=methodologist)
    assert not Submission.objects.filter(library=library, year=open_2023).exists()
    client = client_for(methodologist)
    response = client.post(_reopen_url(library), follow=True)
    assert "reports again: 1 draft made for the open year" in response.content.decode()
    library.refresh_from_db()
    assert (library.merged_into, library.closed_from) == (None, None)
    assert Submission.objects.filter(library=library, year=open_2023).exists()
    assert "merge into Maltas pagasta bibliotēka from 2023 undone" in RegionChange.objects.filter(
        subject=library.name).first().text
    # merged again, correctly, from the page
    assert client.post(MERGE, {"library": library.pk, "into": other_library.pk,
                               "from_year": 2024}).status_code == 302


def test_undoing_is_refused_once_a_year_left_without_the_library_is_closed(
        client_for, region, library, other_library, open_2023, methodologist):
    _merge(region, library, other_library, year=2023)
    services.reporting_year_close(reporting_year=open_2023, before_deadline=True)
    response = client_for(methodologist).post(_reopen_url(library), follow=True)
    assert "2023 is already closed or published" in response.content.decode()
    library.refresh_from_db()
    assert library.merged_into == other_library


@pytest.mark.parametrize("who", ["librarian", "municipality", "foreign_methodologist"])
def test_other_roles_and_regions_cannot_undo(client_for, request, region, library,
                                             other_library, open_2023, who):
    _merge(region, library, other_library, year=2023)
    response = client_for(request.getfixturevalue(who)).post(_reopen_url(library))
    assert response.status_code in (403, 404)
    library.refresh_from_db()
    assert library.merged_into == other_library
