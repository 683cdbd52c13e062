"""Benchmark of the consolidated report on a synthetic region of 3,500 libraries × 10 years.

Run from the project folder (a throwaway SQLite database is made in a temporary folder;
nothing touches the configured database; `BENCH_DATABASE_URL` names a throwaway
database to use instead, e.g. PostgreSQL):

    .venv/bin/python bench/report.py               # 3,500 libraries, 10 years
    .venv/bin/python bench/report.py --libraries 350 --years 5

It prints the time to build the report data, to render the HTML page, to render the
PDF (template + WeasyPrint) and a bare WeasyPrint render of the same HTML, with the
ratio of the PDF time to the bare render. The per-library breakdown is a separate
page, never in the PDF body, so the PDF stays the report's size whatever the network.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="libreport-bench-")
os.environ["DATABASE_URL"] = (os.environ.get("BENCH_DATABASE_URL")
                              or f"sqlite:///{WORKDIR}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libreport.test_settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.utils import translation  # noqa: E402

from catalogue.models import Indicator  # noqa: E402
from libraries.models import Library, Region  # noqa: E402
from reports.consolidated import build_report  # noqa: E402
from reports.pdf import html_to_pdf, render_print_html  # noqa: E402
from reports.presentation import report_context  # noqa: E402
from submissions.models import Project, ReportingYear, Submission, TrainingEvent, Value  # noqa: E402


def progress(message: str) -> None:
    print(message, flush=True)


def make_region(libraries: int, years: int) -> tuple[Region, int]:
    region = Region.objects.create(name="Sintētiskais novads", slug="synthetic",
                                   main_library="Sintētiskā Centrālā bibliotēka")
    Library.objects.bulk_create(
        [Library(region=region, name=f"Bibliotēka {n:05d}", slug=f"lib-{n}",
                 parish=f"Pagasts {n}") for n in range(libraries)], batch_size=2000)
    library_ids = list(Library.objects.filter(region=region).values_list("pk", flat=True))
    indicators = list(Indicator.objects.entered())
    last = 2012 + years - 1
    for year in range(2012, last + 1):
        started = time.perf_counter()
        reporting_year = ReportingYear.objects.create(region=region, year=year,
                                                      deadline=date(year + 1, 2, 9))
        with transaction.atomic():
            Submission.objects.bulk_create(
                [Submission(library_id=pk, year=reporting_year, status="accepted")
                 for pk in library_ids], batch_size=2000)
            submissions = list(Submission.objects.filter(year=reporting_year)
                               .values_list("pk", flat=True))
            rows = []
            for index, submission_id in enumerate(submissions):
                for indicator in indicators:
                    value = (index + year) % 2 if indicator.is_bool else (
                        (index * 7 + len(indicator.code) * 13 + year) % 500 + 1)
                    rows.append(Value(submission_id=submission_id, indicator=indicator,
                                      value=Decimal(value)))
                if len(rows) >= 20000:
                    Value.objects.bulk_create(rows, batch_size=5000)
                    rows = []
            Value.objects.bulk_create(rows, batch_size=5000)
            if year == last:
                TrainingEvent.objects.bulk_create(
                    [TrainingEvent(submission_id=pk, date_from=date(year, 1 + n % 12, 1),
                                   title=f"Seminārs {n % 30}", organiser="LNB",
                                   hours=Decimal(4), participants=1)
                     for n, pk in enumerate(submissions)], batch_size=2000)
                Project.objects.bulk_create(
                    [Project(submission_id=pk, title=f"Projekts {n}", funders="VKKF",
                             amount=Decimal(500)) for n, pk in enumerate(submissions[:40])])
        progress(f"  year {year}: {len(submissions)} submissions "
                 f"({time.perf_counter() - started:.1f} s)")
    return region, last


class QueryCounter:
    """Counts every query through a connection wrapper (the queries log keeps only 9,000)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(label: str, function, *, quiet: bool = False):
    """Run `function`, print its time and SQL query count; return its result and time."""
    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        result = function()
    elapsed = time.perf_counter() - started
    timed.queries = counter.count
    if not quiet:
        progress(f"{label:<40} {elapsed:8.2f} s {counter.count:6d} queries")
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--libraries", type=int, default=3500)
    parser.add_argument("--years", type=int, default=10)
    options = parser.parse_args()
    translation.activate("lv")
    progress(f"Database: {connection.vendor} (migrating)")
    call_command("migrate", verbosity=0)
    progress(f"Making {options.libraries} libraries × {options.years} years")
    region, year = make_region(options.libraries, options.years)
    data, _build = timed("build the report data", lambda: build_report(region, year))
    timed("render the HTML page", lambda: render_to_string(
        "reports/report.html", {**report_context(data, editable=False), "years": [year],
                                "year": year, "scope": "accepted"}))

    def full_pdf():
        return html_to_pdf(render_print_html(data))

    pdf, pdf_time = timed("render the PDF (template + print)", full_pdf)
    html = render_print_html(data)
    _bare, bare_time = timed("bare WeasyPrint render", lambda: html_to_pdf(html))
    progress(f"{'PDF / bare WeasyPrint':<40} {pdf_time / bare_time:8.2f} ×")
    progress(f"PDF size: {len(pdf) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
