"""The national report: built only from each region's latest published version."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.derived import round_half_away
from catalogue.models import Indicator
from catalogue.selectors import catalogue
from libraries.models import Region
from reports.consolidated import report_from_dict
from reports.national import build_national_report, campaign_progress, national_as_dict
from reports.services import report_publish
from submissions.models import Value
from tests.factories import RegionFactory
from tests.reports.conftest import make_network


def _rows(report, key="main_indicators"):
    return report.data.tables.table(key).rows


def test_a_region_row_is_exactly_its_published_report(rezekne_published):
    national = build_national_report(2021)
    published = report_from_dict(rezekne_published.snapshot["report"]).tables
    for table in published.tables:
        national_rows = {row.code: row for row in national.data.tables.table(table.key).rows
                         if row.region_slug == "rezeknes-novads"}
        for row in table.rows:
            mine = national_rows[row.code]
            assert (mine.values, mine.changes, mine.missing) == (
                row.values, row.changes, row.missing), row.code


def test_a_region_that_has_not_published_is_listed_never_its_live_figures(rezekne_published):
    national = build_national_report(2021)
    status = {region.slug: region for region in national.regions}
    assert status["rezeknes-novads"].version == 1
    assert not status["parauga-novads"].is_published
    rows = [row for row in _rows(national) if row.region_slug == "parauga-novads"]
    assert rows and all(row.values == (None, None, None) and not row.published for row in rows)
    # With Rēzekne the only published region, the national total is Rēzekne's row.
    totals = {row.code: row.values for row in _rows(national) if row.is_total}
    rezekne = {row.code: row.values for row in _rows(national)
               if row.region_slug == "rezeknes-novads"}
    assert totals == rezekne
    regions = national_as_dict(national)["regions"]
    assert [region["published"] for region in regions] == [True, False] or \
        [region["published"] for region in regions] == [False, True]


def test_the_total_sums_the_regions_and_its_ratios_are_ratios_of_sums(
        rezekne_published, other_region, other_methodologist):
    Value.objects.filter(submission__library__region=other_region,
                         indicator__code="population.total").update(value=1000)
    report_publish(region=other_region, year=2021, user=other_methodologist)
    national = build_national_report(2021)
    rows = _rows(national)
    by = {(row.code, row.region_slug): row for row in rows}
    visits = by[("visits.total", "")].values[-1]
    assert visits == (by[("visits.total", "rezeknes-novads")].values[-1]
                      + by[("visits.total", "parauga-novads")].values[-1])
    values = Value.objects.filter(submission__year__year=2021,
                                  submission__status="accepted")
    total = {code: sum(v.value for v in values if v.indicator.code == code)
             for code in ("users.active", "population.total")}
    coverage = Indicator.objects.get(code="derived.coverage_pct")
    expected = round_half_away(total["users.active"] / total["population.total"] * 100,
                               coverage.decimals)
    assert round_half_away(by[("derived.coverage_pct", "")].values[-1],
                           coverage.decimals) == expected
    # not the mean of the two regions' percentages
    mean = (by[("derived.coverage_pct", "rezeknes-novads")].values[-1]
            + by[("derived.coverage_pct", "parauga-novads")].values[-1]) / 2
    assert expected != round_half_away(mean, coverage.decimals)


def test_the_latest_version_wins_and_later_live_changes_stay_out(
        rezekne_published, region, methodologist):
    value = Value.objects.filter(submission__library__region=region,
                                 submission__year__year=2021,
                                 indicator__code="visits.total").first()
    value.value += 1000
    value.save()
    before = {row.code: row.values for row in _rows(build_national_report(2021))
              if row.is_total}
    assert before["visits.total"][-1] == next(
        row for row in report_from_dict(rezekne_published.snapshot["report"]).tables
        .table("main_indicators").rows if row.code == "visits.total").values[-1]
    report_publish(region=region, year=2021, user=methodologist)
    after = {row.code: row.values for row in _rows(build_national_report(2021))
             if row.is_total}
    assert after["visits.total"][-1] == before["visits.total"][-1] + 1000


@pytest.mark.parametrize("regions", [1, 3])
def test_the_national_report_reads_a_fixed_number_of_queries(db, regions):
    catalogue()  # warm nothing: the count below includes the catalogue
    for n in range(regions):
        region = RegionFactory(name=f"Reģions {n}", slug=f"r{n}")
        make_network(region, 2 + 4 * n)
        report_publish(region=region, year=2021, user=None)
    RegionFactory(name="Nepublicēts", slug="unpublished")
    with CaptureQueriesContext(connection) as context:
        national = build_national_report(2021)
    assert len(context.captured_queries) == 5
    assert len(national.published_regions) == regions == Region.objects.count() - 1


def test_campaign_progress_counts_submissions_per_region(two_networks, rezekne_published):
    progress = {row.slug: row for row in campaign_progress(2021)}
    assert (progress["rezeknes-novads"].accepted, progress["rezeknes-novads"].version) == (5, 1)
    assert (progress["parauga-novads"].submitted, progress["parauga-novads"].version) == (3, None)


def test_export_report_national(rezekne_published, tmp_path, capsys):
    call_command("export_report", "--year", "2021", "--scope", "national")
    data = json.loads(capsys.readouterr().out)
    assert data["region"] == "Latvija"
    assert {region["slug"]: region["published"] for region in data["regions"]} == {
        "rezeknes-novads": True, "parauga-novads": False}
    row = next(row for row in data["tables"]["main_indicators"]["rows"]
               if row["code"] == "visits.total" and row["region"] is None)
    assert Decimal(str(row["values"][-1])) > 0
    call_command("export_report", "--year", "2021", "--scope", "national", "--format", "xlsx",
                 "--output", str(tmp_path / "latvija.xlsx"))
    assert (tmp_path / "latvija.xlsx").read_bytes()[:2] == b"PK"
    call_command("export_report", "--year", "2021", "--scope", "national", "--format", "docx",
                 "--output", str(tmp_path / "latvija.docx"))
    assert (tmp_path / "latvija.docx").read_bytes()[:2] == b"PK"
    call_command("export_report", "--year", "2021", "--scope", "national", "--format", "pdf",
                 "--output", str(tmp_path / "latvija.pdf"))
    assert (tmp_path / "latvija.pdf").read_bytes()[:5] == b"%PDF-"


def test_a_version_published_before_snapshots_kept_sums_gives_the_same_report(
        rezekne_published):
    with_sums = build_national_report(2021).data.tables
    snapshot = dict(rezekne_published.snapshot)
    del snapshot["sums"]
    type(rezekne_published).objects.filter(pk=rezekne_published.pk).update(snapshot=snapshot)
    with CaptureQueriesContext(connection) as context:
        without = build_national_report(2021).data.tables
    assert without == with_sums
    assert len(context.captured_queries) == 6
