"""The table of the rate limit's shared cache (`settings.CACHES["ratelimit"]`), made by
`migrate` so no deployment needs a separate `createcachetable`."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # Every database cache table named in the settings; one that exists is left alone.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):

    dependencies = []

    operations = [
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop),
    ]
