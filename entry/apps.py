from django.apps import AppConfig


class EntryConfig(AppConfig):
    """The librarian's pages: my reports, a report's overview and chapters (figures, texts,
    lists, pictures), autosave, history and submitting."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "entry"
    verbose_name = "Data entry"
