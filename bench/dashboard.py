"""Benchmark of the municipality dashboard on the synthetic region of bench/report.py.

Run from the project folder (a throwaway SQLite database in a temporary folder; the
configured database is never touched):

    .venv/bin/python bench/dashboard.py               # 3,500 libraries, 10 years
    .venv/bin/python bench/dashboard.py --libraries 350 --years 5

It prints the time to read the figures (and the number of queries), to build the
dashboard (tiles, trends, comparison, peer groups, every chart), and to serve the whole
page through the view, with its query count, which does not grow with the network.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report as report_bench
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from catalogue.selectors import catalogue
from figures.dashboard import build_dashboard
from figures.sources import current_source
from figures.tiles import needed_codes
from libraries.models import Membership, Role, User

progress = report_bench.progress
timed = report_bench.timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--libraries", type=int, default=3500)
    parser.add_argument("--years", type=int, default=10)
    options = parser.parse_args()
    translation.activate("lv")
    progress(f"Database: {report_bench.WORKDIR}/bench.sqlite3 (migrating)")
    call_command("migrate", verbosity=0)
    progress(f"Making {options.libraries} libraries × {options.years} years")
    region, year = report_bench.make_region(options.libraries, options.years)

    source, load_time = timed("read the figures", lambda: current_source(
        region, codes=needed_codes(catalogue())))
    board, build_time = timed("build the dashboard", lambda: build_dashboard(source, year))
    progress(f"{'  build total (read + build)':<40} {load_time + build_time:8.2f} s")
    progress(f"  {len(board.rows)} libraries, {len(board.years)} years, "
             f"{len(board.groups)} peer groups, {len(board.charts)} charts, "
             f"{len(board.below_peers)} below their peers")

    user = User.objects.create_user("bench-methodologist")
    Membership.objects.create(user=user, role=Role.METHODOLOGIST, region=region)
    client = Client()
    client.force_login(user)
    response, _page = timed("serve the page (view + template)", lambda: client.get(
        reverse("dashboards:dashboard"), {"source": "current", "year": year}))
    progress(f"  HTTP {response.status_code}, {len(response.content) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
