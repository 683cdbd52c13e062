"""review: its models or keys now point at `catalogue` / `submissions` / `review`:
the tables stay as they are (`db_table`), only Django's state changes.
Without database operations PostgreSQL keeps its foreign-key constraints."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('review', '0004_texthintdismissal'),
        ('catalogue', '0001_initial'),
        ('submissions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('indicators', '0015_regional_questions'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ReviewComment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(verbose_name='comment')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='written')),
                        ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='resolved')),
                    ],
                    options={
                        'verbose_name': 'review comment',
                        'verbose_name_plural': 'review comments',
                        'db_table': 'indicators_reviewcomment',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.AlterField(
                    model_name='reminder',
                    name='year',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='submissions.reportingyear', verbose_name='year'),
                ),
                migrations.AlterField(
                    model_name='texthintdismissal',
                    name='submission',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='text_hint_dismissals', to='submissions.submission', verbose_name='report'),
                ),
                migrations.AddField(
                    model_name='reviewcomment',
                    name='author',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author'),
                ),
                migrations.AddField(
                    model_name='reviewcomment',
                    name='indicator',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalogue.indicator', verbose_name='indicator'),
                ),
                migrations.AddField(
                    model_name='reviewcomment',
                    name='section',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalogue.section', verbose_name='section'),
                ),
                migrations.AddField(
                    model_name='reviewcomment',
                    name='submission',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='submissions.submission', verbose_name='submission'),
                ),
            ],
        ),
    ]
