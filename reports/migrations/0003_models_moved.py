"""reports: its models or keys now point at `catalogue` / `submissions` / `review`:
the tables stay as they are (`db_table`), only Django's state changes.
Without database operations PostgreSQL keeps its foreign-key constraints."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0001_initial'),
        ('reports', '0002_pdf_job_language_national'),
        ('indicators', '0015_regional_questions'),
        ('submissions', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='regionaltext',
                    name='section',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='regional_texts', to='catalogue.section', verbose_name='section'),
                ),
            ],
        ),
    ]
