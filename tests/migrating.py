"""Migrating the test database to given migrations and back, for the data-migration tests."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """Migrate to `targets` ([(app, migration)]) and return the apps as they were then."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """Back to the newest migration of every app (what the other tests expect)."""
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())
