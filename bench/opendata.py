"""Benchmark of the open data API at national scale: published versions of many regions.

Run from the project folder (a throwaway SQLite database in a temporary folder, or the
PostgreSQL database named by BENCH_DATABASE_URL; nothing touches the configured one):

    .venv/bin/python bench/opendata.py                      # 40 regions, 3,500 libraries, 10 years
    .venv/bin/python bench/opendata.py --regions 4 --libraries 350 --years 3

Each region publishes one report per year; a report's snapshot holds the per-library
figures of its year and the two before it, as `reports.services.report_snapshot` makes
them (figures only), and the flat published figures are written as
`reports.services.report_publish` writes them. It prints the time and query count of the
researcher's one-URL CSV (read to the end: it is streamed), a JSON page of every value,
one region's values, a year's all-regions package (built and stored on the first
request, then the stored file served) and a conditional GET answered 304,
each beside a bare SQL baseline measured in the same run (the same rows of
`figures_publishedvalue` read through a cursor) and the ratio.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="libreport-bench-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL",
                                            f"sqlite:///{WORKDIR}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libreport.test_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from catalogue.models import Indicator  # noqa: E402
from figures.published import chosen_years, figures_published, record_published  # noqa: E402
from libraries.models import Library, Region  # noqa: E402
from opendata.receivers import build_packages_after_publishing  # noqa: E402
from reports.models import PublishedReport  # noqa: E402


def progress(message: str) -> None:
    print(message, flush=True)


def make_network(regions: int, libraries: int, years: int) -> int:
    codes = list(Indicator.objects.entered().values_list("code", flat=True))
    last = 2025
    per_region = max(libraries // regions, 1)
    for number in range(regions):
        region = Region.objects.create(name=f"Sintētiskais novads {number:02d}",
                                       slug=f"synthetic-{number:02d}")
        slugs = [f"r{number:02d}-lib-{n:04d}" for n in range(per_region)]
        Library.objects.bulk_create([Library(region=region, name=f"Bibliotēka {slug}",
                                             slug=slug, parish=slug) for slug in slugs])
        for year in range(last - years + 1, last + 1):
            figures = {str(y): {slug: {code: (index * 7 + y + position) % 5000 + 100
                                       for position, code in enumerate(codes)}
                                for index, slug in enumerate(slugs)}
                       for y in range(year - 2, year + 1)}
            snapshot = {"report": {"year": year}, "figures": figures,
                        "libraries": {slug: {"name": slug, "kind": "parish"}
                                      for slug in slugs}}
            with transaction.atomic():  # as reports.services.report_publish writes it
                published = PublishedReport.objects.create(region=region, year=year,
                                                           version=1, snapshot=snapshot)
                record_published(published, snapshot)
        progress(f"  region {number + 1}/{regions}: {per_region} libraries × {years} years")
    return last


def timed(label: str, function, baseline: float | None = None):
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = function()
        # a streamed answer is read to the end; its size is kept for the report
        timed.size = len(result.getvalue() if hasattr(result, "getvalue") else b"")
    elapsed = time.perf_counter() - started
    ratio = f"{elapsed / baseline:6.2f}×" if baseline else ""
    progress(f"{label:<52} {elapsed:8.2f} s {len(queries.captured_queries):4d} queries {ratio}")
    return result


def bare(label: str, sql: str, params) -> float:
    """The bare SQL of the same rows, read to the end through a cursor: the baseline."""
    started = time.perf_counter()
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            count += len(rows)
    elapsed = time.perf_counter() - started
    progress(f"  bare SQL: {label:<42} {elapsed:8.2f} s {count:8d} rows")
    return elapsed


def value_sql(*, years=None, codes=None, region=None, limit=None):
    """SELECT region, library, year, code, value of the chosen published years."""
    year_from, year_to = years or (None, None)
    pks = [origin.pk for origin in chosen_years(region=region, year_from=year_from,
                                                year_to=year_to).values()]
    where = [f"figure_year_id IN ({', '.join(['%s'] * len(pks))})"]
    params: list = list(pks)
    if codes:
        where.append(f"code IN ({', '.join(['%s'] * len(codes))})")
        params += list(codes)
    if region:
        where.append("region = %s")
        params.append(region)
    if years:
        where.append("year BETWEEN %s AND %s")
        params += list(years)
    sql = ("SELECT region, library, year, code, value FROM figures_publishedvalue WHERE "
           + " AND ".join(where) + " ORDER BY region, library, year")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return sql, params


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", type=int, default=40)
    parser.add_argument("--libraries", type=int, default=3500)
    parser.add_argument("--years", type=int, default=10)
    options = parser.parse_args()
    settings.OPENDATA_ANON_RATE = ""
    progress(f"Database: {connection.vendor} (migrating)")
    call_command("migrate", verbosity=0)
    progress(f"Making {options.regions} regions, {options.libraries} libraries, "
             f"{options.years} published years each")
    # The network is written directly: its packages are built below, on the first request
    # (as when the worker missed a publishing), not by the worker after each version.
    figures_published.disconnect(build_packages_after_publishing)
    last = make_network(options.regions, options.libraries, options.years)
    client = Client()
    timed("warm-up: the first request (imports, URL patterns)",
          lambda: client.get("/api/v1/regions"))
    first = last - 2
    csv_url = (f"/api/v1/values?indicator=derived.visits_per_inhabitant&year_from={first}"
               f"&year_to={last}&format=csv")
    base = bare("researcher's rows", *value_sql(
        years=(first, last), codes=("visits.total", "population.total")))
    response = timed(f"researcher's CSV ({first}–{last}, every library)",
                     lambda: client.get(csv_url), base)
    progress(f"{'':<52} {timed.size / 1024:8.0f} KB")
    base = bare("first 1000 rows of every value", *value_sql(limit=1000))
    timed("JSON, first page of every value (1000 rows)", lambda: client.get("/api/v1/values"),
          base)
    base = bare("first 1000 rows of one region", *value_sql(region="synthetic-00",
                                                             limit=1000))
    timed("one region's values, every year (JSON page)",
          lambda: client.get("/api/v1/values?region=synthetic-00"), base)
    base = bare(f"every value of {last}", *value_sql(years=(last, last)))
    response = timed(f"package {last}, all regions (ZIP): built and stored",
                     lambda: client.get(f"/api/v1/packages/{last}.zip"), base)
    progress(f"{'':<52} {timed.size / 1024:8.0f} KB")
    timed(f"package {last}, all regions (ZIP): the stored file",
          lambda: client.get(f"/api/v1/packages/{last}.zip"), base)
    etag = client.get(csv_url)["ETag"]
    base = bare("the published state (an aggregate)",
                "SELECT COUNT(*), MAX(id) FROM figures_publishedyear", [])
    response = timed("the CSV again with If-None-Match (304)",
                     lambda: client.get(csv_url, headers={"If-None-Match": etag}), base)
    assert response.status_code == 304


if __name__ == "__main__":
    main()
