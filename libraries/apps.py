from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibrariesConfig(AppConfig):
    name = "libraries"
    verbose_name = _("Library network")

    def ready(self):
        from django.db.backends.signals import connection_created

        from libraries.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation)
