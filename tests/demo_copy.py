"""The demo database, built once per test run and copied after.

`demo.seed.seed_demo()` takes seconds (three years of 35 libraries, two more regions,
three published versions). `demo_copy()` runs it the first time it is called in a process
and keeps what it left: every table's rows (SQLite: the rows themselves; PostgreSQL: a
binary COPY) and the media files it wrote. Every later call empties the tables and writes
those rows back, so the database is the same as after a real seed — the same ids, content
types and published snapshots — in a fraction of the time. The media files are written
back only when a test has deleted one (MEDIA_ROOT lives for the whole run).

It works wherever the database may be written: in `setUpTestData` (the copy is rolled
back with the class) and in transactional tests (`tests/browser/conftest.py`'s
`demo_data`, committed for the live server and flushed after the test). Like `seed_demo`
it refuses a database holding something that is not demo data (`force=True` replaces it).
Tests of `seed_demo` itself (idempotence, `--force`) still call it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone


@dataclass
class _Build:
    tables: dict[str, tuple[list[str], object]]  # table: (columns, rows or COPY bytes)
    logins: list
    media: dict[Path, bytes] = field(default_factory=dict)


_builds: dict[tuple, _Build] = {}


def _key(today: date | None) -> tuple:
    return (connection.vendor, connection.settings_dict["NAME"], today or timezone.localdate())


def is_built(*, today: date | None = None) -> bool:
    """Whether `demo_copy(today=today)` will copy (True) or seed (False)."""
    return _key(today) in _builds


def demo_copy(*, force: bool = False, today: date | None = None) -> list:
    """The demo, as `seed_demo(force=force, today=today)` leaves it; returns its logins."""
    from demo.seed import NonDemoDataError, foreign_data, seed_demo

    today = today or timezone.localdate()
    key = _key(today)
    found = foreign_data()
    if found and not force:
        raise NonDemoDataError("; ".join(found))
    build = _builds.get(key)
    if build is None:
        media_before = _media_files()
        logins = seed_demo(force=force, today=today)
        build = _Build(tables=_read_tables(), logins=logins)
        build.media = {path: path.read_bytes() for path in _media_files() - media_before}
        _builds[key] = build
    else:
        _write_tables(build.tables)
        for path, content in build.media.items():
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
    _forget_cached_rows()
    return list(build.logins)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _read_tables() -> dict[str, tuple[list[str], object]]:
    tables = {}
    with connection.cursor() as cursor:
        for table in _tables():
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(
                        f"COPY {_quote(table)} TO STDOUT (FORMAT BINARY)") as copy:
                    tables[table] = ([], b"".join(bytes(block) for block in copy))
            else:
                cursor.execute(f"SELECT * FROM {_quote(table)}")  # noqa: S608 - our tables
                columns = [column[0] for column in cursor.description]
                tables[table] = (columns, cursor.fetchall())
    return tables


def _write_tables(tables) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        # Foreign keys are deferred to the end of the transaction: any order will do.
        for table in _tables():
            cursor.execute(f"DELETE FROM {_quote(table)}")  # noqa: S608 - our tables
        for table, (columns, rows) in tables.items():
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(
                        f"COPY {_quote(table)} FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(rows)
            elif rows:
                names = ", ".join(_quote(column) for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608
        if connection.vendor == "postgresql":
            from django.apps import apps

            existing = set(tables)
            models = [model for model in apps.get_models(include_auto_created=True)
                      if not model._meta.proxy and model._meta.db_table in existing]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


def _media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def _forget_cached_rows() -> None:
    """Ids may now name other rows than the process's caches remember."""
    from django.contrib.contenttypes.models import ContentType

    from catalogue.selectors import forget_catalogue
    from submissions.selectors import forget_kept

    ContentType.objects.clear_cache()
    forget_catalogue()
    forget_kept()
    cache.clear()
