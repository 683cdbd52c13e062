"""A library's year's models, moved from `indicators`: the tables stay as they are (`db_table`), only Django's state changes."""

import django.db.models.deletion
import submissions.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('catalogue', '0001_initial'),
        ('libraries', '0007_region_public_pages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('indicators', '0015_regional_questions'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='RemovedDraft',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('submission_pk', models.PositiveIntegerField(unique=True, verbose_name='report number')),
                        ('year', models.PositiveIntegerField(verbose_name='year')),
                        ('at', models.DateTimeField(auto_now_add=True, verbose_name='when')),
                        ('library', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='libraries.library', verbose_name='library')),
                    ],
                    options={
                        'verbose_name': 'removed draft',
                        'verbose_name_plural': 'removed drafts',
                        'db_table': 'indicators_removeddraft',
                    },
                ),
                migrations.CreateModel(
                    name='ReportingYear',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('deadline', models.DateField(verbose_name='deadline')),
                        ('is_open', models.BooleanField(default=False, verbose_name='open for entry')),
                        ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reporting_years', to='libraries.region', verbose_name='region')),
                    ],
                    options={
                        'verbose_name': 'reporting year',
                        'verbose_name_plural': 'reporting years',
                        'db_table': 'indicators_reportingyear',
                        'ordering': ['-year'],
                    },
                ),
                migrations.CreateModel(
                    name='Submission',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted'), ('returned', 'returned'), ('accepted', 'accepted'), ('lapsed', 'not submitted by the deadline')], default='draft', max_length=10, verbose_name='status')),
                        ('version', models.PositiveIntegerField(default=1, help_text='Raised each time a returned submission is reopened.', verbose_name='version')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted')),
                        ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='accepted')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last change')),
                        ('catalogue_seen', models.JSONField(blank=True, editable=False, null=True, verbose_name='catalogue when submitted')),
                        ('library', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='libraries.library', verbose_name='library')),
                        ('year', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='submissions.reportingyear', verbose_name='year')),
                    ],
                    options={
                        'verbose_name': 'submission',
                        'verbose_name_plural': 'submissions',
                        'db_table': 'indicators_submission',
                        'ordering': ['-year__year'],
                    },
                ),
                migrations.CreateModel(
                    name='StatusChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='when')),
                        ('from_status', models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted'), ('returned', 'returned'), ('accepted', 'accepted'), ('lapsed', 'not submitted by the deadline')], max_length=10, verbose_name='from')),
                        ('to_status', models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted'), ('returned', 'returned'), ('accepted', 'accepted'), ('lapsed', 'not submitted by the deadline')], max_length=10, verbose_name='to')),
                        ('reason', models.TextField(blank=True, verbose_name='reason')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                        ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='submissions.submission', verbose_name='submission')),
                    ],
                    options={
                        'verbose_name': 'status change',
                        'verbose_name_plural': 'status changes',
                        'db_table': 'indicators_statuschange',
                        'ordering': ['-at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Project',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('revision', models.PositiveIntegerField(default=1, verbose_name='revision')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last change')),
                        ('title', models.CharField(max_length=300, verbose_name='title')),
                        ('funders', models.CharField(max_length=300, verbose_name='funders')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='amount (EUR)')),
                        ('description', models.TextField(blank=True, verbose_name='description and period')),
                        ('support', models.CharField(choices=[('yes', 'supported'), ('no', 'not supported'), ('pending', 'pending')], default='pending', max_length=10, verbose_name='supported')),
                        ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='submissions.submission', verbose_name='submission')),
                    ],
                    options={
                        'verbose_name': 'project',
                        'verbose_name_plural': 'projects',
                        'db_table': 'indicators_project',
                        'ordering': ['pk'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='Picture',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('image', models.ImageField(upload_to=submissions.models.picture_path, verbose_name='picture')),
                        ('thumbnail', models.ImageField(blank=True, upload_to=submissions.models.picture_path, verbose_name='thumbnail')),
                        ('caption', models.CharField(max_length=300, verbose_name='caption')),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded')),
                        ('chapter', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pictures', to='catalogue.chapter', verbose_name='chapter')),
                        ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                        ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pictures', to='submissions.submission', verbose_name='submission')),
                    ],
                    options={
                        'verbose_name': 'picture',
                        'verbose_name_plural': 'pictures',
                        'db_table': 'indicators_picture',
                        'ordering': ['chapter__number', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ImprovementWork',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('revision', models.PositiveIntegerField(default=1, verbose_name='revision')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last change')),
                        ('description', models.CharField(max_length=500, verbose_name='what was done')),
                        ('cost', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='cost (EUR)')),
                        ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='submissions.submission', verbose_name='submission')),
                    ],
                    options={
                        'verbose_name': 'improvement work',
                        'verbose_name_plural': 'improvement works',
                        'db_table': 'indicators_improvementwork',
                        'ordering': ['pk'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='ChapterText',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('html', models.TextField(blank=True, verbose_name='text')),
                        ('revision', models.PositiveIntegerField(default=1, verbose_name='revision')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last change')),
                        ('section', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='texts', to='catalogue.section', verbose_name='section')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                        ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='texts', to='submissions.submission', verbose_name='submission')),
                    ],
                    options={
                        'verbose_name': 'chapter text',
                        'verbose_name_plural': 'chapter texts',
                        'db_table': 'indicators_chaptertext',
                    },
                ),
                migrations.CreateModel(
                    name='AuditEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='when')),
                        ('action', models.CharField(choices=[('changed', 'changed'), ('added', 'added'), ('deleted', 'deleted'), ('status', 'status')], max_length=10, verbose_name='action')),
                        ('target', models.CharField(help_text='e.g. value:users.active, text:5-services, training:12', max_length=200, verbose_name='what')),
                        ('label', models.CharField(blank=True, max_length=500, verbose_name='label')),
                        ('old', models.TextField(blank=True, verbose_name='old')),
                        ('new', models.TextField(blank=True, verbose_name='new')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                        ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='audit_entries', to='submissions.submission', verbose_name='submission')),
                    ],
                    options={
                        'verbose_name': 'audit entry',
                        'verbose_name_plural': 'audit entries',
                        'db_table': 'indicators_auditentry',
                        'ordering': ['-at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='TrainingEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('revision', models.PositiveIntegerField(default=1, verbose_name='revision')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last change')),
                        ('date_from', models.DateField(verbose_name='date (from)')),
                        ('date_to', models.DateField(blank=True, null=True, verbose_name='until')),
                        ('place', models.CharField(blank=True, max_length=200, verbose_name='place or platform')),
                        ('organiser', models.CharField(blank=True, max_length=300, verbose_name='organiser')),
                        ('title', models.CharField(max_length=500, verbose_name='title and topics')),
                        ('hours', models.DecimalField(decimal_places=1, max_digits=6, verbose_name='hours')),
                        ('participants', models.PositiveIntegerField(verbose_name='participants')),
                        ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='submissions.submission', verbose_name='submission')),
                    ],
                    options={
                        'verbose_name': 'professional development event',
                        'verbose_name_plural': 'professional development events',
                        'db_table': 'indicators_trainingevent',
                        'ordering': ['date_from', 'pk'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='Value',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('value', models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True, verbose_name='value')),
                        ('not_applicable', models.BooleanField(default=False, verbose_name='not applicable')),
                        ('is_estimate', models.BooleanField(default=False, verbose_name='estimate')),
                        ('explanation', models.TextField(blank=True, help_text='Why a figure that raised a warning is right.', verbose_name='explanation')),
                        ('revision', models.PositiveIntegerField(default=1, verbose_name='revision')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last change')),
                        ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='values', to='catalogue.indicator', verbose_name='indicator')),
                        ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='values', to='submissions.submission', verbose_name='submission')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                    ],
                    options={
                        'verbose_name': 'value',
                        'verbose_name_plural': 'values',
                        'db_table': 'indicators_value',
                    },
                ),
                migrations.CreateModel(
                    name='LibraryNote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('text', models.TextField(max_length=2000, verbose_name='note')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last change')),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                        ('chapter', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalogue.chapter', verbose_name='chapter')),
                        ('indicator', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalogue.indicator', verbose_name='indicator')),
                        ('library', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='libraries.library', verbose_name='library')),
                    ],
                    options={
                        'verbose_name': "library's note",
                        'verbose_name_plural': "libraries' notes",
                        'db_table': 'indicators_librarynote',
                        'ordering': ['-year', 'pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('chapter__isnull', True), ('indicator__isnull', False)), models.Q(('chapter__isnull', False), ('indicator__isnull', True)), _connector='OR'), name='librarynote_indicator_or_chapter'), models.UniqueConstraint(condition=models.Q(('indicator__isnull', False)), fields=('library', 'indicator', 'year'), name='librarynote_one_per_figure_year'), models.UniqueConstraint(condition=models.Q(('chapter__isnull', False)), fields=('library', 'chapter', 'year'), name='librarynote_one_per_chapter_year')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='reportingyear',
                    constraint=models.UniqueConstraint(fields=('region', 'year'), name='reportingyear_unique_region_year'),
                ),
                migrations.AddConstraint(
                    model_name='submission',
                    constraint=models.UniqueConstraint(fields=('library', 'year'), name='submission_unique_library_year'),
                ),
                migrations.AddConstraint(
                    model_name='project',
                    constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='project_amount_not_negative'),
                ),
                migrations.AddConstraint(
                    model_name='improvementwork',
                    constraint=models.CheckConstraint(condition=models.Q(('cost__gte', 0), ('cost__isnull', True), _connector='OR'), name='improvement_cost_not_negative'),
                ),
                migrations.AddConstraint(
                    model_name='chaptertext',
                    constraint=models.UniqueConstraint(fields=('submission', 'section'), name='text_unique_submission_section'),
                ),
                migrations.AddConstraint(
                    model_name='trainingevent',
                    constraint=models.CheckConstraint(condition=models.Q(('hours__gt', 0)), name='training_hours_positive'),
                ),
                migrations.AddConstraint(
                    model_name='trainingevent',
                    constraint=models.CheckConstraint(condition=models.Q(('participants__gte', 1)), name='training_participants_positive'),
                ),
                migrations.AddConstraint(
                    model_name='trainingevent',
                    constraint=models.CheckConstraint(condition=models.Q(('date_to__isnull', True), ('date_to__gte', models.F('date_from')), _connector='OR'), name='training_period_in_order'),
                ),
                migrations.AddConstraint(
                    model_name='value',
                    constraint=models.UniqueConstraint(fields=('submission', 'indicator'), name='value_unique_submission_indicator'),
                ),
                migrations.AddConstraint(
                    model_name='value',
                    constraint=models.CheckConstraint(condition=models.Q(('value__gte', Decimal('0')), ('value__isnull', True), _connector='OR'), name='value_not_negative'),
                ),
                migrations.AddConstraint(
                    model_name='value',
                    constraint=models.CheckConstraint(condition=models.Q(('not_applicable', True), ('value__isnull', False), _negated=True), name='value_not_applicable_is_empty'),
                ),
            ],
        ),
    ]
