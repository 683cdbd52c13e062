"""Benchmark of reading an uploaded workbook, the normal one beside hostile ones.

Run from the project folder (a throwaway SQLite database; nothing else is touched):

    .venv/bin/python bench/workbook.py

It builds one library's workbook, fills it, and times `read_workbook` (the whole check
of an upload, without saving) on: the filled workbook; the same with `x` in A1048576 of
one sheet (the 18 KB file that once cost half a minute and a gigabyte); the same cell on
every sheet; and every sheet lying about its size. Beside each it prints the bare
baseline measured in the same run, openpyxl loading the same bytes (read-only) and
reading nothing, as a ratio, and the peak memory of the read (tracemalloc).
"""

import io
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="libreport-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libreport.test_settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

RUNS = 5


def _median_seconds(work) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _peak(work) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    call_command("migrate", verbosity=0)
    from tests.factories import ReportingYearFactory, SubmissionFactory
    from tests.workbooks.helpers import FIGURES_2021, fill, lie_about_size, with_far_cell
    from workbooks.workbook import build_workbook, read_workbook

    submission = SubmissionFactory(year=ReportingYearFactory(year=2022))
    filled = fill(build_workbook(submission), FIGURES_2021)
    cases = {
        "filled workbook": filled,
        "A1048576 on one sheet": with_far_cell(filled),
        "A1048576 on every sheet": with_far_cell(filled, sheets=slice(None)),
        "every sheet lying about its size": lie_about_size(
            with_far_cell(filled, sheets=slice(None))),
    }
    print(f"{'upload':36} {'bytes':>8} {'read s':>8} {'bare s':>8} {'ratio':>6} {'peak MB':>8}")
    for name, content in cases.items():
        def read(content=content):
            return read_workbook(content, submission, save=False)

        def bare(content=content):
            load_workbook(io.BytesIO(content), read_only=True).close()

        # measured in turn so the machine's other load weighs on both alike
        seconds, bare_seconds = _median_seconds(read), _median_seconds(bare)
        print(f"{name:36} {len(content):8} {seconds:8.3f} {bare_seconds:8.3f} "
              f"{seconds / bare_seconds:6.1f} {_peak(read) / 2**20:8.1f}")


if __name__ == "__main__":
    main()
