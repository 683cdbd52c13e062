"""Benchmark of the open data API at national scale: published versions of many regions.

Run from the project folder (a throwaway SQLite database in a temporary folder, or the
PostgreSQL database named by BENCH_DATABASE_URL; nothing touches the configured one):

    .venv/bin/python bench/opendata.py                      # 40 regions, 3,500 libraries, 10 years
    .venv/bin/python bench/opendata.py --regions 4 --libraries 350 --years 3

Each region publishes one report per year; a report's snapshot holds the per-library
figures of its year and the two before it, as `reports.services.report_snapshot` makes
them (figures only: the API reads nothing else). It prints the time and query count of
the researcher's one-URL CSV, a JSON page of every value, one region's values, a
year's all-regions package and a conditional GET answered 304.
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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from indicators.models import Indicator  # noqa: E402
from libraries.models import Library, Region  # noqa: E402
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
            PublishedReport.objects.create(
                region=region, year=year, version=1,
                snapshot={"report": {"year": year}, "figures": figures,
                          "libraries": {slug: {"name": slug, "kind": "parish"}
                                        for slug in slugs}})
        progress(f"  region {number + 1}/{regions}: {per_region} libraries × {years} years")
    return last


def timed(label: str, function):
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = function()
    elapsed = time.perf_counter() - started
    progress(f"{label:<52} {elapsed:8.2f} s {len(queries.captured_queries):4d} queries")
    return result


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
    last = make_network(options.regions, options.libraries, options.years)
    client = Client()
    timed("warm-up: the first request (imports, URL patterns)",
          lambda: client.get("/api/v1/regions"))
    first = last - 2
    csv_url = (f"/api/v1/values?indicator=derived.visits_per_inhabitant&year_from={first}"
               f"&year_to={last}&format=csv")
    response = timed(f"researcher's CSV ({first}–{last}, every library)",
                     lambda: client.get(csv_url))
    progress(f"{'':<52} {len(response.content) / 1024:8.0f} KB")
    timed("JSON, first page of every value (1000 rows)", lambda: client.get("/api/v1/values"))
    timed("one region's values, every year (JSON page)",
          lambda: client.get("/api/v1/values?region=synthetic-00"))
    response = timed(f"package {last}, all regions (ZIP)",
                     lambda: client.get(f"/api/v1/packages/{last}.zip"))
    progress(f"{'':<52} {len(response.content) / 1024:8.0f} KB")
    etag = client.get(csv_url)["ETag"]
    response = timed("the CSV again with If-None-Match (304)",
                     lambda: client.get(csv_url, headers={"If-None-Match": etag}))
    assert response.status_code == 304


if __name__ == "__main__":
    main()
