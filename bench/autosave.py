"""Benchmark of one autosave beside a bare Django view that updates one row in a
transaction, on the same database in the same run.

Run from the project folder:

    .venv/bin/python bench/autosave.py                  # a throwaway SQLite database
    .venv/bin/python bench/autosave.py --database-url postgres://postgres@127.0.0.1:5432/libreport_bench

With --database-url the database is emptied (flushed) and filled with the bench data:
give it a database of its own. It prints the median and 95th percentile server time of
an autosave (through the whole middleware stack, as a logged-in librarian, each save a
new figure value from the revision the page holds) and of the bare view, their ratio
(goal: at most 3×; the two are timed in turn, one of each, so the machine's other
load weighs on both alike), and the number of queries of one save (fixed: asserted in
tests/submissions/test_autosave.py, counted the same way). The region is realistic: 35
libraries (--libraries) with three years of accepted reports and this year's peer
figures, so the region-wide parts of a save (the quality checks' peer statistics)
show in the figures.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(Path(__file__).resolve().parent))  # after the project's apps


def setup(database_url: str | None) -> None:
    """Django on the bench database (before anything imports the models)."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libreport.test_settings")
        import django

        django.setup()  # the settings are read now: report.py's SQLite default comes late
    import report  # noqa: F401  (a throwaway SQLite database unless a URL was given)


def fresh_database() -> None:
    """Empty the (bench's own) database and load the catalogue again, as the data
    migration does."""
    from importlib import import_module

    from django.core.management import call_command
    from django.db.migrations.loader import MigrationLoader

    call_command("flush", interactive=False, verbosity=0)
    # the models as the data migration knows them (in `indicators`, before they moved)
    before_the_move = MigrationLoader(None).project_state(
        ("indicators", "0015_regional_questions")).apps
    import_module("indicators.migrations.0003_catalogue").load_catalogue(before_the_move, None)


CODES = ("population.total", "users.active", "visits.total", "loans.total")
HISTORY = 3  # accepted reports before the open year, as in the demo


def _figure(indicator, library: int, year: int):
    """A plausible figure: steady per library, a little growth per year, libraries of
    different sizes (so peer groups and their statistics are real)."""
    if indicator.is_bool:
        return Decimal(1)
    size = 600 + 97 * (library % 35)
    return Decimal(size + (indicator.pk * 7) % 300 + 10 * (year - 2018))


def make_libraries(count: int) -> list[tuple[object, object]]:
    """`count` libraries of one region, each with a librarian, HISTORY accepted reports
    (every figure) and an open 2022 draft holding last year's figures of the peer
    comparison (population, visits, loans…), as a region looks near the deadline:
    [(user, draft submission)]."""
    from catalogue.models import Indicator
    from libraries.models import Library, Membership, Region, Role, User
    from quality.checks import PEER_FIGURES, POPULATION
    from submissions.models import ReportingYear, Submission, Value

    region = Region.objects.create(name="Sintētiskais novads", slug="bench",
                                   main_library="Centrālā bibliotēka")
    libraries = Library.objects.bulk_create(
        [Library(region=region, name=f"Bibliotēka {n:03d}", slug=f"bench-{n}",
                 parish=f"Pagasts {n}") for n in range(count)])
    past = [ReportingYear.objects.create(region=region, year=year,
                                         deadline=date(year + 1, 2, 9))
            for year in range(2022 - HISTORY, 2022)]
    open_year = ReportingYear.objects.create(region=region, year=2022,
                                             deadline=date(2030, 2, 9),
                                             is_open=True)
    accepted = Submission.objects.bulk_create(
        [Submission(library=library, year=year, status="accepted")
         for year in past for library in libraries])
    drafts = Submission.objects.bulk_create(
        [Submission(library=library, year=open_year) for library in libraries])
    indicators = list(Indicator.objects.entered())
    number = {library.pk: n for n, library in enumerate(libraries)}
    Value.objects.bulk_create(
        [Value(submission=submission, indicator=indicator,
               value=_figure(indicator, number[submission.library_id],
                             submission.year.year))
         for submission in accepted for indicator in indicators],
        batch_size=5000)
    peer = [ind for ind in indicators if ind.code in (POPULATION, *PEER_FIGURES)]
    Value.objects.bulk_create(
        [Value(submission=submission, indicator=indicator,
               value=_figure(indicator, number[submission.library_id], 2021), revision=1)
         for submission in drafts for indicator in peer], batch_size=5000)
    users = []
    for library in libraries:
        # no password: the benches log in by session (hashing 200 passwords takes minutes)
        user = User.objects.create_user(f"bench-{library.slug}")
        Membership.objects.create(user=user, role=Role.LIBRARIAN, region=region,
                                  library=library)
        users.append(user)
    return list(zip(users, drafts, strict=True))


def bare_view(request):
    """One row updated in a transaction: the least a save can cost."""
    from django.db import transaction
    from django.db.models import F
    from django.http import JsonResponse

    from submissions.models import Value

    with transaction.atomic():
        Value.objects.filter(pk=int(request.POST["pk"])).update(revision=F("revision") + 1)
    return JsonResponse({"ok": True})


def _percentile(times, share):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a database of its own (it is flushed)")
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--libraries", type=int, default=35, help="in the region")
    options = parser.parse_args()
    setup(options.database_url)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import path, reverse
    from django.views.decorators.csrf import csrf_exempt
    from report import progress

    from submissions.models import Value

    progress(f"Database: {connection.vendor} {connection.settings_dict['NAME']} (migrating)")
    call_command("migrate", verbosity=0)
    if options.database_url:
        fresh_database()
    (user, submission), *_others = make_libraries(options.libraries)
    client = Client()
    client.force_login(user)
    url = reverse("entry:autosave", kwargs={"pk": submission.pk})
    revisions = dict(Value.objects.filter(submission=submission)
                     .values_list("indicator__code", "revision"))  # as the page holds them

    def one_save(n):
        code = CODES[n % len(CODES)]
        response = client.post(url, {"kind": "figure", "code": code, "value": str(1000 + n),
                                     "base_revision": revisions.get(code, 0)})
        assert response.status_code == 200, response.content[:300]
        revisions[code] = response.json()["revision"]

    import libreport.urls as project_urls
    bare = type("BenchUrls", (), {"urlpatterns": [
        path("bench/bare/", csrf_exempt(bare_view)), *project_urls.urlpatterns]})
    row = Value.objects.filter(submission=submission).first()

    def one_bare():
        response = client.post("/bench/bare/", {"pk": row.pk})
        assert response.status_code == 200

    from tests.submissions.test_autosave import SAVE_QUERIES, save_queries

    autosave_times, bare_times, autosave_cpu, bare_cpu = [], [], [], []
    with override_settings(ROOT_URLCONF=bare):
        for n in range(20):  # warm up: imports, templates, connections
            one_save(n)
            one_bare()
        with CaptureQueriesContext(connection) as queries:
            one_save(22)
        per_save = save_queries(queries)  # counted as the test counts
        # one of each in turn, so the machine's other load weighs on both alike
        for n in range(options.saves):
            started, cpu = time.perf_counter(), time.thread_time()
            one_save(100 + n)
            autosave_times.append(time.perf_counter() - started)
            autosave_cpu.append(time.thread_time() - cpu)
            started, cpu = time.perf_counter(), time.thread_time()
            one_bare()
            bare_times.append(time.perf_counter() - started)
            bare_cpu.append(time.thread_time() - cpu)

    save_p50 = statistics.median(autosave_times) * 1000
    bare_p50 = statistics.median(bare_times) * 1000
    progress(f"{'autosave, median / p95':<40} {save_p50:8.2f} ms "
             f"{_percentile(autosave_times, .95) * 1000:8.2f} ms ({options.saves} saves)")
    progress(f"{'bare one-row update, median / p95':<40} {bare_p50:8.2f} ms "
             f"{_percentile(bare_times, .95) * 1000:8.2f} ms")
    progress(f"{'autosave / bare (median)':<40} {save_p50 / bare_p50:8.2f} × (goal ≤ 3)")
    save_cpu, bare_cpu_p50 = (statistics.median(autosave_cpu) * 1000,
                              statistics.median(bare_cpu) * 1000)
    progress(f"{'CPU of this process, autosave / bare':<40} {save_cpu:8.2f} ms "
             f"{bare_cpu_p50:8.2f} ms {save_cpu / bare_cpu_p50:6.2f} × (the database's "
             "own, with PostgreSQL, not in it)")
    progress(f"{'queries per autosave':<40} {per_save:8d} (the test asserts {SAVE_QUERIES})")
    progress(f"{'libraries in the region':<40} {options.libraries:8d} ({HISTORY} years of "
             "history each)")


if __name__ == "__main__":
    main()
