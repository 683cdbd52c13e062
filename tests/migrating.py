"""Migrating the test database to given migrations and back, for the data-migration tests."""

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
