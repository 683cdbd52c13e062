"""Migrating the test database (or a scratch one) to given migrations and back, for the
data-migration tests."""

import os
from contextlib import contextmanager

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

# The last migration of `indicators` before its models moved (issue 18).
BEFORE_THE_MOVE = [("indicators", "0015_regional_questions"),
                   ("reports", "0002_pdf_job_language_national")]


def migrate_to(targets):
    """Migrate to `targets` ([(app, migration)]) and return the apps as they were then."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """Back to the newest migration of every app (what the other tests expect)."""
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())


def apps_before_the_move():
    """The models as `indicators`' data migrations know them (before they moved to
    `catalogue` and `submissions`); their tables are today's. No database access."""
    return MigrationLoader(None).project_state(BEFORE_THE_MOVE).apps


@contextmanager
def scratch_database(django_db_blocker):
    """An empty database on the suite's engine stands in for the test database while the
    block runs (an in-memory SQLite database, or a PostgreSQL database beside the test
    database): `migrate_to` migrates it forward from nothing, and the historical models and
    the data migrations, which use the default database, read and write it. The test
    database keeps today's tables, so nothing has to migrate back to them after.

    Migrating only the apps a target needs forward from nothing takes a second or two;
    taking the test database back to an old migration and forward again took about ten
    (issue 18). tests/submissions/test_reporting_year_region.py still migrates the test
    database back to `indicators` 0003 and forward: every later migration must reverse."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.utils import load_backend

    test_database = connections[DEFAULT_DB_ALIAS]
    settings = dict(test_database.settings_dict)
    postgresql = test_database.vendor == "postgresql"
    with django_db_blocker.unblock():
        if postgresql:
            settings["NAME"] = f"{settings['NAME']}_scratch_{os.getpid()}"
            with test_database._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
                cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
        else:
            settings["NAME"] = ":memory:"
        scratch = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, DEFAULT_DB_ALIAS)
        setattr(connections._connections, DEFAULT_DB_ALIAS, scratch)
        try:
            yield scratch
        finally:
            setattr(connections._connections, DEFAULT_DB_ALIAS, test_database)
            scratch.close()
            if postgresql:
                with test_database._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}" WITH (FORCE)')
