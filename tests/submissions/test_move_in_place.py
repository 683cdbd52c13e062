"""Issue 18: a database made by the code before the models moved (commit ced3f26, the
`indicators` app) migrates in place to `catalogue` and `submissions`: the 2021 report
exported before and after is byte-identical, and no figure, text, picture or audit entry
is lost. Both trees' manage.py run in subprocesses on one throwaway database: a SQLite
file, or, when the suite runs on PostgreSQL, a database beside the test database.

Time (issue 18): every command skips the system checks (a second or two each; the suite
checks today's code elsewhere), and each tree exports all its reports in one
`manage.py shell` running `export_report` with the same arguments (one process instead of
six: each would load Django and run the checks again)."""

import os
import sqlite3
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent
BEFORE_THE_MOVE = "ced3f26"
TABLES = ("indicators_value", "indicators_chaptertext", "indicators_picture",
          "indicators_auditentry", "indicators_statuschange", "indicators_reviewcomment",
          "indicators_indicator", "quality_ratiolimit")

pytestmark = pytest.mark.slow  # two trees migrate and seed the demo: about 20 seconds


def _old_tree(into: Path) -> Path:
    found = subprocess.run(  # noqa: S603
        ["git", "-C", str(ROOT), "archive", BEFORE_THE_MOVE],  # noqa: S607
        capture_output=True, check=False)
    if found.returncode != 0:
        pytest.skip(f"git history with commit {BEFORE_THE_MOVE} is not here "
                    f"({found.stderr.decode().strip()[:200]})")
    with tarfile.open(fileobj=BytesIO(found.stdout)) as archive:
        archive.extractall(into, filter="data")
    return into


def _manage(tree: Path, env: dict, *args: str) -> str:
    if args[0] != "shell":  # the shell runs no checks and has no such option
        args = (*args, "--skip-checks")
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=tree, env=env,  # noqa: S603
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{tree.name}: manage.py {' '.join(args)}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture
def database(tmp_path):
    """(DATABASE_URL for both trees, a function running one SQL query on it)."""
    if connection.vendor != "postgresql":
        path = tmp_path / "db.sqlite3"

        def query(sql):
            with sqlite3.connect(path) as db:
                return db.execute(sql).fetchall()

        yield f"sqlite:///{path}", query
        return
    import psycopg

    settings = connection.settings_dict
    name = f"{settings['NAME']}_move"
    server = {"host": settings["HOST"] or "127.0.0.1", "port": settings["PORT"] or 5432,
              "user": settings["USER"], "password": settings["PASSWORD"] or None}

    def admin(sql):
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as db:
            db.execute(sql)

    def query(sql):
        with psycopg.connect(dbname=name, **server) as db:
            return db.execute(sql).fetchall()

    admin(f'DROP DATABASE IF EXISTS "{name}"')
    admin(f'CREATE DATABASE "{name}"')
    password = f":{server['password']}" if server["password"] else ""
    url = f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    try:
        yield url, query
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _exports(tree: Path, env: dict, query, into: Path, first: str = "") -> dict[str, bytes]:
    """Every region's 2021 report (accepted, all) as `manage.py export_report` writes it,
    in one `manage.py shell` (after the Python in `first`)."""
    regions = [slug for (slug,) in query("SELECT slug FROM libraries_region ORDER BY id")]
    assert regions
    names = [f"{region}-{status}.json" for region in regions for status in ("accepted", "all")]
    calls = "".join(
        f"call_command('export_report', '--year', '2021', '--region', {region!r}, "
        f"'--status', {status!r}, '--output', {str(into / f'{region}-{status}.json')!r})\n"
        for region in regions for status in ("accepted", "all"))
    _manage(tree, env, "shell", "-c",
            f"{first}\nfrom django.core.management import call_command\n{calls}")
    return {name: (into / name).read_bytes() for name in names}


# The demo writes no audit entries or comments: a few written by the old code's models.
OLD_WRITES = """
from indicators.models import AuditEntry, ReviewComment, Submission
for submission in Submission.objects.order_by("pk")[:3]:
    AuditEntry.objects.create(submission=submission, action="changed",
                              target="value:visits.total", old="1", new="2")
    ReviewComment.objects.create(submission=submission, text="Lūdzu, paskaidrojiet.")
"""


def _counts(query) -> dict[str, int]:
    return {table: query(f"SELECT COUNT(*) FROM {table}")[0][0]  # noqa: S608
            for table in TABLES}


def test_a_database_of_the_code_before_the_move_migrates_in_place(tmp_path, database):
    old = _old_tree(tmp_path / "old")
    url, query = database
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true",
           "MEDIA_ROOT": str(tmp_path / "media"), "PYTHONPATH": ""}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()

    _manage(old, {**env, "PYTHONPATH": str(old)}, "migrate", "--no-input", "-v0")
    _manage(old, {**env, "PYTHONPATH": str(old)}, "seed_demo", "--quiet-logins")
    before = _exports(old, {**env, "PYTHONPATH": str(old)}, query, tmp_path / "before",
                      first=OLD_WRITES)
    counts = _counts(query)
    assert all(len(data) > 1000 for data in before.values())
    assert counts["indicators_value"] > 1000 and counts["indicators_picture"] > 0
    assert counts["indicators_auditentry"] >= 3 and counts["indicators_chaptertext"] > 0
    assert counts["indicators_reviewcomment"] >= 3

    _manage(ROOT, {**env, "PYTHONPATH": str(ROOT)}, "migrate", "--no-input", "-v0")
    after = _exports(ROOT, {**env, "PYTHONPATH": str(ROOT)}, query, tmp_path / "after")

    assert after == before
    assert _counts(query) == counts
    labels = dict(query(
        "SELECT model, app_label FROM django_content_type WHERE model IN "
        "('submission', 'indicator', 'ratiolimit', 'reviewcomment')"))
    moved = query("SELECT COUNT(*) FROM django_migrations WHERE app IN "
                  "('catalogue', 'submissions')")[0][0]
    assert labels == {"submission": "submissions", "indicator": "catalogue",
                      "ratiolimit": "catalogue", "reviewcomment": "review"}
    assert moved == 3
