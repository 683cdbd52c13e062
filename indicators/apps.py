"""The `indicators` app holds only its migrations: the history of the tables its models
had before they moved to `catalogue`, `submissions` and `review` (issue 18). Those
models keep these tables (`Meta.db_table = "indicators_…"`), so a fresh database still
builds them through these migrations and an existing one migrated in place; the last
one (0015) only removes the models from this app's state. Add nothing here."""

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Indicators (migrations only)"  # shown nowhere: it has no models
