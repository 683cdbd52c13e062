"""quality: its models or keys now point at `catalogue` / `submissions` / `review`:
the tables stay as they are (`db_table`), only Django's state changes.
Without database operations PostgreSQL keeps its foreign-key constraints."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('quality', '0003_ratiolimit_updated_at'),
        ('indicators', '0015_regional_questions'),
        ('catalogue', '0001_initial'),
        ('submissions', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(
                    name='RatioLimit',
                ),
            ],
        ),
    ]
