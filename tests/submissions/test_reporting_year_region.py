"""Reporting years belong to a region: the migration, the constraint, and the lookups by
the library's region (workbook import). The migration's test takes the test database back
to `indicators` 0003 and forward again, so it also finds a later migration that cannot be
reversed (tests.migrating.scratch_database is the quicker way to test one migration)."""

from datetime import date

import pytest
from django.db import IntegrityError

from submissions.models import ReportingYear
from tests.factories import LibraryFactory, RegionFactory, ReportingYearFactory
from tests.migrating import migrate_to, migrate_to_latest

BEFORE = [("indicators", "0003_catalogue"), ("libraries", "0002_latvian_collation"),
          ("review", "0001_initial")]
AFTER = [("indicators", "0004_reportingyear_region"),
         ("review", "0002_reminder_year_of_region")]



@pytest.mark.slow  # migrates backwards and forwards
@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_each_region_its_own_years():
    old = migrate_to(BEFORE)
    Region = old.get_model("libraries", "Region")
    Library = old.get_model("libraries", "Library")
    ReportingYear_ = old.get_model("indicators", "ReportingYear")
    Submission = old.get_model("indicators", "Submission")
    first = Region.objects.create(name="Rēzeknes novads", slug="rezeknes-novads")
    second = Region.objects.create(name="Ludzas novads", slug="ludzas-novads")
    here = Library.objects.create(region=first, name="Audriņu", slug="audrinu", parish="A")
    there = Library.objects.create(region=second, name="Cirmas", slug="cirmas", parish="C")
    year = ReportingYear_.objects.create(year=2022, deadline=date(2023, 2, 9), is_open=True)
    Submission.objects.create(library=here, year=year)
    Submission.objects.create(library=there, year=year)
    try:
        new = migrate_to(AFTER)
        ReportingYear_ = new.get_model("indicators", "ReportingYear")
        Submission = new.get_model("indicators", "Submission")
        rows = {row.region_id: row for row in ReportingYear_.objects.all()}
        assert set(rows) == {first.pk, second.pk}
        assert all(row.year == 2022 and row.is_open and row.deadline == date(2023, 2, 9)
                   for row in rows.values())
        for submission in Submission.objects.select_related("library", "year"):
            assert submission.year.region_id == submission.library.region_id
    finally:
        migrate_to_latest()



def test_a_year_is_unique_per_region_not_per_country(region):
    other = RegionFactory(name="Ludzas novads", slug="ludzas-novads")
    ReportingYearFactory(region=region, year=2023)
    ReportingYearFactory(region=other, year=2023, deadline=date(2024, 3, 1))
    assert ReportingYear.objects.filter(year=2023).count() == 2
    with pytest.raises(IntegrityError):
        ReportingYear.objects.create(region=region, year=2023, deadline=date(2024, 1, 15))


def test_region_years_are_read_through_the_queryset(region):
    other = RegionFactory(name="Ludzas novads", slug="ludzas-novads")
    mine = ReportingYearFactory(region=region, year=2023, is_open=True)
    ReportingYearFactory(region=other, year=2024, is_open=True)
    assert list(ReportingYear.objects.for_region(region).open()) == [mine]
    LibraryFactory(region=other)
