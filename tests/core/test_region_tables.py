"""The region tables: a fixed number of queries, Latvian numbers, the not-final mark."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import Indicator
from figures.selectors import ALL_STATUSES
from reports.region_tables import build_region_tables
from submissions.models import Submission, Value
from tests.factories import LibraryFactory, ReportingYearFactory, SubmissionFactory


def _network(region, size):
    years = [ReportingYearFactory(year=year, is_open=False) for year in (2019, 2020, 2021)]
    indicators = list(Indicator.objects.entered().filter(kind="count")[:10])
    libraries = LibraryFactory.create_batch(size, region=region)
    values = []
    for year in years:
        for library in libraries:
            submission = SubmissionFactory(library=library, year=year,
                                           status=Submission.Status.ACCEPTED)
            values += [Value(submission=submission, indicator=indicator, value=Decimal(7))
                       for indicator in indicators]
    Value.objects.bulk_create(values)


def _queries(region):
    with CaptureQueriesContext(connection) as context:
        build_region_tables(region, 2021)
    return len(context.captured_queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_number_of_libraries(region):
    from tests.factories import RegionFactory

    _network(region, 35)
    small = _queries(region)
    big_region = RegionFactory()
    _network(big_region, 350)
    assert _queries(big_region) == small
    assert small == 4  # the catalogue, library counts, sums, merges the years reach over


@pytest.mark.django_db
def test_submissions_not_accepted_are_left_out_unless_asked_for(region, library):
    year = ReportingYearFactory(year=2021, is_open=False)
    accepted = SubmissionFactory(library=library, year=year, status=Submission.Status.ACCEPTED)
    draft = SubmissionFactory(library=LibraryFactory(region=region), year=year)
    users = Indicator.objects.get(code="users.active")
    Value.objects.create(submission=accepted, indicator=users, value=100)
    Value.objects.create(submission=draft, indicator=users, value=50)

    final = build_region_tables(region, 2021)
    row = next(r for r in final.table("main_indicators").rows if r.code == "users.active")
    assert final.is_final
    assert row.values[2] == 100

    everything = build_region_tables(region, 2021, ALL_STATUSES)
    row = next(r for r in everything.table("main_indicators").rows if r.code == "users.active")
    assert not everything.is_final
    assert row.values[2] == 150


@pytest.mark.django_db
def test_a_library_missing_from_a_total_is_counted(region, library, other_library):
    year = ReportingYearFactory(year=2021, is_open=False)
    users = Indicator.objects.get(code="users.active")
    for each in (library, other_library):
        SubmissionFactory(library=each, year=year, status=Submission.Status.ACCEPTED)
    Value.objects.create(submission=library.submissions.get(), indicator=users, value=10)
    data = build_region_tables(region, 2021)
    row = next(r for r in data.table("main_indicators").rows if r.code == "users.active")
    assert row.missing[2] == 1


@pytest.mark.django_db
class TestRegionTablesPage:
    @pytest.fixture(autouse=True)
    def figures(self, region, library):
        year = ReportingYearFactory(year=2021, is_open=False)
        submission = SubmissionFactory(library=library, year=year,
                                       status=Submission.Status.ACCEPTED)
        Value.objects.create(submission=submission,
                             indicator=Indicator.objects.get(code="users.active"), value=6441)
        Value.objects.create(submission=submission,
                             indicator=Indicator.objects.get(code="population.total"),
                             value=30963)

    def test_methodologist_sees_latvian_numbers(self, client_for, methodologist):
        page = client_for(methodologist).get(reverse("reports:region_tables"),
                                             {"year": 2021}).content.decode()
        assert "6\xa0441" in page
        assert "20,8" in page  # coverage 6441 / 30963, Latvian decimal comma
        assert "Aktīvo lietotāju skaits" in page

    def test_english_on_request(self, client_for, methodologist):
        client = client_for(methodologist)
        client.post(reverse("set_language"), {"language": "en"})
        page = client.get(reverse("reports:region_tables"), {"year": 2021}).content.decode()
        assert "Active users" in page
        assert "6,441" in page

    def test_the_not_final_mark(self, client_for, methodologist):
        page = client_for(methodologist).get(reverse("reports:region_tables"),
                                             {"year": 2021, "status": "all"}).content.decode()
        assert 'class="not-final"' in page


@pytest.mark.django_db
def test_a_total_lacking_libraries_is_marked_and_gets_no_change(region, library, other_library):
    """1 of 2 libraries accepted this year: the total is marked, no % change is claimed."""
    users = Indicator.objects.get(code="users.active")
    last_year = ReportingYearFactory(year=2020, is_open=False)
    this_year = ReportingYearFactory(year=2021, is_open=False)
    for each in (library, other_library):
        before = SubmissionFactory(library=each, year=last_year,
                                   status=Submission.Status.ACCEPTED)
        Value.objects.create(submission=before, indicator=users, value=100)
    accepted = SubmissionFactory(library=library, year=this_year,
                                 status=Submission.Status.ACCEPTED)
    Value.objects.create(submission=accepted, indicator=users, value=90)
    SubmissionFactory(library=other_library, year=this_year,
                      status=Submission.Status.SUBMITTED)

    row = next(r for r in build_region_tables(region, 2021).table("main_indicators").rows
               if r.code == "users.active")
    assert row.values[1:] == (200, 90)
    assert row.missing[1:] == (0, 1)
    assert row.changes[2] is None  # not the misleading −55 %

    everything = build_region_tables(region, 2021, ALL_STATUSES)
    row = next(r for r in everything.table("main_indicators").rows if r.code == "users.active")
    assert row.missing[2] == 1  # the submitted one has no figure yet


def test_shown_numbers_round_half_away_from_zero_instead_of_cutting_digits():
    from django.utils import translation

    from catalogue.formatting import format_number

    with translation.override("lv"):
        assert format_number(2.4959, 2) == "2,50"
        assert format_number(Decimal("-9.5")) == "-10"
        assert format_number(6441) == "6\xa0441"
