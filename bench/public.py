"""Benchmark of the public pages (issue 20): 40 regions, 3,500 libraries, 10 published years.

Run from the project folder. By default a throwaway SQLite database is made in a
temporary folder; `BENCH_DATABASE_URL` names a throwaway database instead (it is
emptied first), e.g. PostgreSQL:

    .venv/bin/python bench/public.py                      # 40 regions, 3,500 × 10
    .venv/bin/python bench/public.py --regions 5 --libraries 300 --years 5
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/libreport_public \\
        .venv/bin/python bench/public.py

Every region publishes the report of every year (so every year is a published year of
its own report). The worker then builds and keeps the first region's pages, as it does
after each publishing (`public.services.pages_refresh`). For a library's page, a region's
page and the embed card it prints the time of the whole anonymous request (best of three)
and its query count beside a bare select of the same published values (the region's
chosen published years, the indicators the pages read: what a fresh build reads) on the
same database in the same run, and the ratio (goal ≤ 2×), and each page's size (goal
≤ 300 KB): served as the worker kept it (what every request gets while the published
state holds), built fresh from the figures (view, figures, charts, template: what a
request finding none pays, the page it kept deleted after each try) — with the region's
figures read (the first page of the region after a publishing, before the worker has
run) and with them kept in the process for that published state (every later page
built on request) —, and the 304 on its ETag.
"""

import argparse
import hashlib
import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
# bench/national.py sets up Django on the bench database (through bench/report.py) and
# makes the country; loaded under another name than the `national` app.
_spec = importlib.util.spec_from_file_location("bench_national", HERE / "national.py")
national_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(national_bench)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import translation  # noqa: E402

from catalogue.selectors import catalogue  # noqa: E402
from figures.published import chosen_years, figures_published  # noqa: E402
from libraries.models import Library  # noqa: E402
from opendata.receivers import build_packages_after_publishing  # noqa: E402
from public.models import StoredPage  # noqa: E402
from public.selectors import forget_kept_sources, page_codes  # noqa: E402
from public.services import pages_refresh  # noqa: E402
from reports.services import report_publish  # noqa: E402

progress = national_bench.progress
timed = national_bench.timed
bare = national_bench.bare

PUBLISHED_SQL = """
SELECT v.year, v.library, v.code, v.value
FROM figures_publishedvalue v
WHERE v.figure_year_id IN ({years}) AND v.code IN ({codes})
"""


def best_of_three(function):
    times = []
    for _ in range(3):
        result, elapsed = timed("", function, quiet=True)
        times.append(elapsed)
    return result, min(times), timed.queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", type=int, default=40)
    parser.add_argument("--libraries", type=int, default=3500)
    parser.add_argument("--years", type=int, default=10)
    options = parser.parse_args()
    translation.activate("lv")
    national_bench.reset_database()
    progress(f"Database: {connection.vendor} (migrating)")
    call_command("migrate", verbosity=0)
    progress(f"Making {options.regions} regions, {options.libraries} libraries × "
             f"{options.years} years")
    regions, last = national_bench.make_country(options.regions, options.libraries,
                                                options.years)
    # Not measured here: the open-data packages each publishing queues (the test settings
    # run tasks at once, and the all-regions ones would take most of the set-up).
    figures_published.disconnect(build_packages_after_publishing)
    started = time.perf_counter()
    for year in range(last - options.years + 1, last + 1):
        for region in regions:
            report_publish(region=region, year=year, user=None, make_pdf=False)
    progress(f"  published {len(regions)} regions × {options.years} years "
             f"({time.perf_counter() - started:.1f} s)")

    region = regions[0]
    library = Library.objects.filter(region=region).order_by("slug").first()
    chosen = [origin.pk for origin in chosen_years(region_id=region.pk).values()]
    codes = sorted(page_codes(catalogue()))
    sql = PUBLISHED_SQL.format(years=", ".join(["%s"] * len(chosen)),
                               codes=", ".join(["%s"] * len(codes)))
    rows, bare_time, _queries = best_of_three(lambda: bare(sql, [*chosen, *codes]))
    progress(f"  {region.slug}: {Library.objects.filter(region=region).count()} libraries, "
             f"{len(chosen)} published years, {len(rows)} published values")
    started = time.perf_counter()
    stored = pages_refresh(region=region.slug)  # what the worker does after a publishing
    progress(f"  the worker built and kept {stored} pages of {region.slug} "
             f"({time.perf_counter() - started:.1f} s)")
    progress("")
    progress(f"{'best of 3':<44} {'time':>10} {'':11} | {'bare select':>10} | "
             f"{'ratio':>8} | size")

    def line(label, elapsed, queries, size):
        progress(f"{label:<44} {elapsed:8.3f} s {queries:3d} queries | {bare_time:8.3f} s | "
                 f"{elapsed / bare_time:6.2f} × | {size}")

    client = Client()
    for label, url in (("library page", f"/libraries/{library.slug}/"),
                       ("region page", f"/regions/{region.slug}/"),
                       ("embed card", f"/libraries/{library.slug}/embed/"),
                       ("library page, English", f"/libraries/{library.slug}/?lang=en")):
        served, elapsed, queries = best_of_three(lambda url=url: client.get(url))
        assert served.status_code == 200, (url, served.status_code)
        line(f"{label}, served (the worker's)", elapsed, queries,
             f"{len(served.content) / 1024:.0f} KiB")
        key = hashlib.sha256(f"http:testserver:{served['ETag'].strip(chr(34))}"
                             .encode()).hexdigest()
        assert StoredPage.objects.filter(key=key).exists(), "not the worker's page"
        for kept, what in ((False, "fresh build, figures read"),
                           (True, "fresh build, figures kept")):
            times = []
            for _ in range(3):  # built from the published figures (then kept again)
                StoredPage.objects.filter(key=key).delete()
                if not kept:  # the first page of the region after a publishing
                    forget_kept_sources()
                response, elapsed = timed("", lambda url=url: client.get(url), quiet=True)
                times.append(elapsed)
            assert response.content == served.content, "the fresh page differs from the kept"
            line(f"{label}, {what}", min(times), timed.queries,
                 f"{len(response.content) / 1024:.0f} KiB")
        response = served
        etag = response["ETag"]
        again, elapsed, queries = best_of_three(
            lambda url=url, etag=etag: client.get(url, HTTP_IF_NONE_MATCH=etag))
        line(f"{label}, 304 on its ETag", elapsed, queries, f"HTTP {again.status_code}")

if __name__ == "__main__":
    main()
