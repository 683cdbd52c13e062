from django.apps import AppConfig


class WorkbooksConfig(AppConfig):
    """A library's year as an XLSX workbook, and the workbook read back: build, safety
    limits, reading, the import (web upload and `import_submissions`)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "workbooks"
    verbose_name = "Workbooks"
