from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared helpers every app may use: settings from the environment, the catalogue's
    two languages, number and date formats, the year a page shows, the change-log model,
    the safe spreadsheet cell and CSV writer, the language middleware, the static storage.
    Lowest layer: it imports no other app of the project."""

    name = "core"
    verbose_name = "Core"
