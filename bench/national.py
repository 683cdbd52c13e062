"""Benchmark of the national level: about 40 regions, 3,500 libraries in all × 10 years.

Run from the project folder. By default a throwaway SQLite database is made in a
temporary folder; `BENCH_DATABASE_URL` names a throwaway database instead (it is
emptied first), e.g. PostgreSQL:

    .venv/bin/python bench/national.py                     # 40 regions, 3,500 × 10
    .venv/bin/python bench/national.py --regions 10 --libraries 350 --years 5
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/libreport_h11 \\
        .venv/bin/python bench/national.py

Every region publishes its newest year (the report's three-year tables). For the
national report data, the national dashboard and one region's dashboard it prints the
time and query count (counted by a connection wrapper, not the 9,000-entry queries log)
beside a bare SQL aggregate of the same values on the same database in the same run,
and the ratio (goal ≤ 2×); then the national pages served through the views, with
their size (goal < 500 KB of HTML).
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report as report_bench  # sets up Django on the bench database
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from catalogue.selectors import catalogue
from figures.dashboard import build_dashboard
from figures.published import (
    chosen_years,
    figures_published,
)
from figures.sources import current_source, published_source
from figures.tiles import needed_codes
from libraries.models import Library, Membership, Region, Role, User
from national.dashboard import build_national_dashboard
from opendata.receivers import build_packages_after_publishing
from reports.national import build_national_report
from reports.services import report_publish
from submissions.models import ReportingYear, Submission

progress = report_bench.progress
timed = report_bench.timed

SUMS_SQL = """
SELECT l.region_id, ry.year, i.code, SUM(v.value)
FROM indicators_value v
JOIN indicators_submission s ON s.id = v.submission_id
JOIN indicators_reportingyear ry ON ry.id = s.year_id
JOIN libraries_library l ON l.id = s.library_id
JOIN indicators_indicator i ON i.id = v.indicator_id
WHERE s.status = 'accepted' AND ry.year BETWEEN %s AND %s
GROUP BY l.region_id, ry.year, i.code
"""

REGION_SQL = """
SELECT ry.year, l.slug, i.code, v.value
FROM indicators_value v
JOIN indicators_submission s ON s.id = v.submission_id
JOIN indicators_reportingyear ry ON ry.id = s.year_id
JOIN libraries_library l ON l.id = s.library_id
JOIN indicators_indicator i ON i.id = v.indicator_id
WHERE s.status = 'accepted' AND l.region_id = %s AND i.code IN ({codes})
"""

# The same rows of the region's published figures (its chosen years), from the flat table.
PUBLISHED_REGION_SQL = """
SELECT v.year, v.library, v.code, v.value
FROM figures_publishedvalue v
WHERE v.figure_year_id IN ({years}) AND v.code IN ({codes})
"""


def bare(sql: str, params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def reset_database() -> None:
    """Empty a throwaway PostgreSQL bench database (SQLite starts from a new file)."""
    if connection.vendor == "postgresql" and os.environ.get("BENCH_DATABASE_URL"):
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


VALUES_SQL = """
INSERT INTO indicators_value (submission_id, indicator_id, value, not_applicable,
                              is_estimate, explanation, revision, updated_at)
SELECT s.id, i.id,
       CASE WHEN i.kind = 'bool' THEN (s.id + ry.year) %% 2
            ELSE (s.id * 7 + i.id * 13 + ry.year) %% 500 + 1 END,
       FALSE, FALSE, '', 1, %s
FROM indicators_submission s
JOIN indicators_reportingyear ry ON ry.id = s.year_id
CROSS JOIN indicators_indicator i
WHERE i.kind <> 'derived' AND ry.year = %s
"""


def make_country(regions: int, libraries: int, years: int) -> tuple[list[Region], int]:
    """Regions, libraries, accepted submissions; every entered figure by one INSERT … SELECT
    a year (the ORM would take most of an hour for 5 million rows)."""
    from django.utils import timezone

    first, last = 2012, 2012 + years - 1
    per_region = [libraries // regions + (1 if n < libraries % regions else 0)
                  for n in range(regions)]
    started = time.perf_counter()
    Region.objects.bulk_create(
        [Region(name=f"Sintētiskais novads {n + 1:02d}", slug=f"novads-{n + 1:02d}")
         for n in range(regions)])
    made = list(Region.objects.order_by("slug"))
    Library.objects.bulk_create(
        [Library(region=region, name=f"Bibliotēka {n + 1:02d}-{k:04d}",
                 slug=f"lib-{n + 1:02d}-{k}", parish=f"Pagasts {k}")
         for n, (region, count) in enumerate(zip(made, per_region, strict=True))
         for k in range(count)], batch_size=2000)
    ReportingYear.objects.bulk_create(
        [ReportingYear(region=region, year=year, deadline=date(year + 1, 2, 9), is_open=False)
         for region in made for year in range(first, last + 1)])
    years_by = {(ry.region_id, ry.year): ry.pk for ry in ReportingYear.objects.all()}
    libraries_by = list(Library.objects.values_list("pk", "region_id"))
    Submission.objects.bulk_create(
        [Submission(library_id=pk, year_id=years_by[(region_id, year)], status="accepted")
         for year in range(first, last + 1) for pk, region_id in libraries_by],
        batch_size=5000)
    progress(f"  {len(made)} regions, {len(libraries_by)} libraries, "
             f"{Submission.objects.count()} submissions ({time.perf_counter() - started:.1f} s)")
    now = timezone.now()
    for year in range(first, last + 1):
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(VALUES_SQL, [now, year])
        progress(f"  figures of {year} ({time.perf_counter() - started:.1f} s)")
    return made, last


def compare(label: str, function, bare_sql, params) -> None:
    """Time `function` and the bare SQL (best of three each), print both and the ratio."""
    times, queries = [], 0
    for _ in range(3):
        _result, elapsed = timed(label, function, quiet=True)
        times.append(elapsed)
        queries = timed.queries
    bare_times = []
    for _ in range(3):
        _rows, elapsed = timed("bare SQL", lambda: bare(bare_sql, params), quiet=True)
        bare_times.append(elapsed)
    best, best_bare = min(times), min(bare_times)
    progress(f"{label:<34} {best:8.3f} s {queries:4d} queries | bare SQL {best_bare:8.3f} s"
             f" 1 query | ratio {best / best_bare:6.2f} ×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", type=int, default=40)
    parser.add_argument("--libraries", type=int, default=3500)
    parser.add_argument("--years", type=int, default=10)
    options = parser.parse_args()
    translation.activate("lv")
    reset_database()
    progress(f"Database: {connection.vendor} (migrating)")
    call_command("migrate", verbosity=0)
    progress(f"Making {options.regions} regions, {options.libraries} libraries × "
             f"{options.years} years")
    regions, year = make_country(options.regions, options.libraries, options.years)
    # Not measured here: the open-data packages each publishing queues (the test settings
    # run tasks at once, and the all-regions ones would take most of the set-up).
    figures_published.disconnect(build_packages_after_publishing)
    started = time.perf_counter()
    for region in regions:
        report_publish(region=region, year=year, user=None, make_pdf=False)
    progress(f"  published {len(regions)} reports of {year} "
             f"({time.perf_counter() - started:.1f} s)")

    progress("")
    progress(f"{'best of 3':<34} {'time':>10} {'':13} | {'bare SQL aggregate':>28} |")
    compare("national report data", lambda: build_national_report(year),
            SUMS_SQL, [year - 2, year])
    compare("national dashboard data", lambda: build_national_dashboard(year),
            SUMS_SQL, [year, year])
    region = regions[0]
    codes = sorted(needed_codes(catalogue()))
    region_sql = REGION_SQL.format(codes=", ".join(["%s"] * len(codes)))
    compare("one region's dashboard data",
            lambda: build_dashboard(current_source(region, codes=codes), year),
            region_sql, [region.pk, *codes])
    chosen = [origin.pk for origin in chosen_years(region_id=region.pk).values()]
    published_sql = PUBLISHED_REGION_SQL.format(years=", ".join(["%s"] * len(chosen)),
                                                codes=", ".join(["%s"] * len(codes)))
    compare("one region's published dashboard",
            lambda: build_dashboard(published_source(region, codes=codes), year),
            published_sql, [*chosen, *codes])

    progress("")
    user = User.objects.create_user("bench-national")
    Membership.objects.create(user=user, role=Role.NATIONAL)
    methodologist = User.objects.create_user("bench-methodologist")
    Membership.objects.create(user=methodologist, role=Role.METHODOLOGIST, region=region)
    national, regional = Client(), Client()
    national.force_login(user)
    regional.force_login(methodologist)
    pages = [
        (national, "national report page (regions)", reverse("national:report"), {}),
        (national, "national report page (a table)", reverse("national:report"),
         {"table": "main_indicators"}),
        (national, "national dashboard page", reverse("national:dashboard"), {}),
        (national, "campaign by region page", reverse("national:overview"), {"year": year}),
        (national, "a region's libraries page",
         reverse("national:region", kwargs={"slug": region.slug}), {}),
        (regional, "one region's dashboard page", reverse("dashboards:dashboard"),
         {"source": "current", "year": year}),
        (regional, "a region's published dashboard page", reverse("dashboards:dashboard"),
         {"year": year}),
    ]
    for client, label, url, params in pages:
        response, elapsed = timed(label, lambda client=client, url=url, params=params:
                                  client.get(url, params), quiet=True)
        progress(f"{label:<34} {elapsed:8.3f} s {timed.queries:4d} queries | "
                 f"HTTP {response.status_code}, {len(response.content) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
