from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class Migration(migrations.Migration):
    """PostgreSQL's default C collation sorts Č after Z: give it Latvian (ICU) order.

    On SQLite the collation of the same name is registered on every connection
    (libraries.collation); this operation does nothing there.
    """

    dependencies = [("libraries", "0001_initial")]

    operations = [
        CreateCollation("lv_lv", provider="icu", locale="lv-LV"),
    ]
