"""Migration 0011: reports left draft or returned in a year closed before it become “not
submitted by the deadline”, their earlier status kept; migrating back restores it. On a
scratch database migrated forward to just before 0011 (tests.migrating.scratch_database)."""

from datetime import date

import pytest

from tests.migrating import migrate_to, scratch_database

# the database as it was then: `indicators` before 0011, `libraries` as far as it had come
BEFORE = [("indicators", "0010_submission_catalogue_seen"),
          ("libraries", "0007_region_public_pages")]
AFTER = [("indicators", "0011_lapsed_removeddraft"), ("libraries", "0007_region_public_pages")]



@pytest.mark.slow  # migrates a database from nothing to 0011 and back to 0010
def test_closed_years_reports_lapse_and_come_back(django_db_blocker):
    with scratch_database(django_db_blocker):
        _closed_years_reports_lapse_and_come_back()


def _closed_years_reports_lapse_and_come_back():
    old = migrate_to(BEFORE)
    Region = old.get_model("libraries", "Region")
    Library = old.get_model("libraries", "Library")
    Year = old.get_model("indicators", "ReportingYear")
    Submission = old.get_model("indicators", "Submission")
    region = Region.objects.create(name="Rēzeknes novads", slug="rezeknes-novads")
    closed = Year.objects.create(region=region, year=2021, deadline=date(2022, 2, 9),
                                 is_open=False)
    open_ = Year.objects.create(region=region, year=2022, deadline=date(2023, 2, 9),
                                is_open=True)
    libraries = [Library.objects.create(region=region, name=n, slug=n, parish=n)
                 for n in ("a", "b", "c")]
    returned = Submission.objects.create(library=libraries[0], year=closed,
                                         status="returned")
    accepted = Submission.objects.create(library=libraries[1], year=closed,
                                         status="accepted")
    still_open = Submission.objects.create(library=libraries[2], year=open_,
                                           status="draft")
    new = migrate_to(AFTER)
    Submission = new.get_model("indicators", "Submission")
    StatusChange = new.get_model("indicators", "StatusChange")
    statuses = dict(Submission.objects.values_list("pk", "status"))
    assert statuses == {returned.pk: "lapsed", accepted.pk: "accepted",
                        still_open.pk: "draft"}
    assert StatusChange.objects.get(submission_id=returned.pk).from_status == "returned"
    back = migrate_to(BEFORE)
    assert back.get_model("indicators", "Submission").objects.get(
        pk=returned.pk).status == "returned"
