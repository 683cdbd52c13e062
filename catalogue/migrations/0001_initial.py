"""The catalogue's models, moved from `indicators` (and RatioLimit from `quality`):
the tables stay as they are (`db_table`), only Django's state changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('libraries', '0007_region_public_pages'),
        ('indicators', '0015_regional_questions'),
        ('quality', '0003_ratiolimit_updated_at'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Chapter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(unique=True, verbose_name='number')),
                        ('title_lv', models.CharField(max_length=200, verbose_name='title (Latvian)')),
                        ('title_en', models.CharField(max_length=200, verbose_name='title (English)')),
                        ('regional_only', models.BooleanField(default=False, help_text='Written by the methodologist only, not by the libraries.', verbose_name='regional level only')),
                    ],
                    options={
                        'verbose_name': 'chapter',
                        'verbose_name_plural': 'chapters',
                        'db_table': 'indicators_chapter',
                        'ordering': ['number'],
                    },
                ),
                migrations.CreateModel(
                    name='Indicator',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(help_text='Stable code used by exports and imports; never reused.', max_length=80, unique=True, verbose_name='code')),
                        ('name_lv', models.CharField(max_length=300, verbose_name='name (Latvian)')),
                        ('name_en', models.CharField(max_length=300, verbose_name='name (English)')),
                        ('kind', models.CharField(choices=[('count', 'whole number'), ('eur', 'money (EUR)'), ('fte', 'staff units'), ('bool', 'yes / no'), ('derived', 'derived')], max_length=10, verbose_name='kind')),
                        ('unit', models.CharField(choices=[('number', 'number'), ('eur', 'EUR'), ('fte', 'FTE'), ('yesno', 'yes / no'), ('percent', '%'), ('ratio', 'times'), ('eur_per_person', 'EUR per person'), ('eur_per_visit', 'EUR per visit'), ('per_person', 'per person'), ('libraries', 'libraries'), ('eur_per_loan', 'EUR per loan'), ('per_thousand', 'per 1,000 inhabitants')], default='number', max_length=20, verbose_name='unit')),
                        ('order', models.PositiveIntegerField(default=0, verbose_name='order')),
                        ('formula', models.CharField(blank=True, help_text='Derived indicators only, e.g. “users.active / population.total * 100”.', max_length=300, verbose_name='formula')),
                        ('decimals', models.PositiveSmallIntegerField(default=0, verbose_name='decimal places')),
                        ('definition_lv', models.TextField(blank=True, verbose_name='definition (Latvian)')),
                        ('definition_en', models.TextField(blank=True, verbose_name='definition (English)')),
                        ('valid_from', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='in force from year')),
                        ('valid_to', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='in force until year')),
                        ('change_threshold_pct', models.PositiveSmallIntegerField(blank=True, default=30, help_text='Empty: no warning on change.', null=True, verbose_name='warn at change on last year (%)')),
                        ('unchanged_is_unlikely', models.BooleanField(default=False, verbose_name='warn when identical to last year')),
                        ('required', models.BooleanField(default=True, verbose_name='required')),
                        ('max_value', models.DecimalField(blank=True, decimal_places=2, help_text='Values above this are refused as absurd.', max_digits=16, null=True, verbose_name='largest plausible value')),
                        ('phrase_lv', models.CharField(blank=True, help_text='Nominative, e.g. “apmeklējums”, “izdevumi”, “Letonikas lejupielādes”.', max_length=300, verbose_name="as a sentence's subject (Latvian)")),
                        ('phrase_en', models.CharField(blank=True, help_text='E.g. “visits”, “the total stock”.', max_length=300, verbose_name="as a sentence's subject (English)")),
                        ('gender_lv', models.CharField(blank=True, choices=[('m', 'masculine'), ('f', 'feminine')], max_length=1, verbose_name='gender of the Latvian noun')),
                        ('plural_lv', models.BooleanField(default=False, verbose_name='the Latvian noun is plural')),
                        ('plural_en', models.BooleanField(default=False, verbose_name='the English noun is plural')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last change')),
                        ('chapter', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='indicators', to='catalogue.chapter', verbose_name='chapter')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='catalogue.indicator', verbose_name='of which (parent)')),
                        ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='own_indicators', to='libraries.region', verbose_name='region')),
                    ],
                    options={
                        'verbose_name': 'indicator',
                        'verbose_name_plural': 'indicators',
                        'db_table': 'indicators_indicator',
                        'ordering': ['chapter__number', 'order'],
                    },
                ),
                migrations.CreateModel(
                    name='RatioLimit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('numerator', models.CharField(max_length=80, verbose_name='numerator (indicator code)')),
                        ('denominator', models.CharField(max_length=80, verbose_name='denominator (indicator code)')),
                        ('low', models.DecimalField(blank=True, decimal_places=4, max_digits=12, null=True, verbose_name='lowest plausible ratio')),
                        ('high', models.DecimalField(blank=True, decimal_places=4, max_digits=12, null=True, verbose_name='highest plausible ratio')),
                        ('name_lv', models.CharField(max_length=200, verbose_name='name (Latvian)')),
                        ('name_en', models.CharField(max_length=200, verbose_name='name (English)')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last change')),
                    ],
                    options={
                        'verbose_name': 'ratio limit',
                        'verbose_name_plural': 'ratio limits',
                        'db_table': 'quality_ratiolimit',
                        'ordering': ['pk'],
                        'constraints': [models.UniqueConstraint(fields=('numerator', 'denominator'), name='ratiolimit_unique_pair'), models.CheckConstraint(condition=models.Q(('low__isnull', True), ('high__isnull', True), ('high__gte', models.F('low')), _connector='OR'), name='ratiolimit_low_not_above_high')],
                    },
                ),
                migrations.CreateModel(
                    name='RegionThreshold',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('change_threshold_pct', models.PositiveSmallIntegerField(verbose_name='warn at change on last year (%)')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last change')),
                        ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='region_thresholds', to='catalogue.indicator', verbose_name='indicator')),
                        ('region', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='thresholds', to='libraries.region', verbose_name='region')),
                    ],
                    options={
                        'verbose_name': "region's warning threshold",
                        'verbose_name_plural': "regions' warning thresholds",
                        'db_table': 'indicators_regionthreshold',
                    },
                ),
                migrations.CreateModel(
                    name='Section',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=80, unique=True, verbose_name='code')),
                        ('valid_from', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='in force from year')),
                        ('valid_to', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='in force until year')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('title_lv', models.CharField(max_length=300, verbose_name='title (Latvian)')),
                        ('title_en', models.CharField(max_length=300, verbose_name='title (English)')),
                        ('prompt_lv', models.TextField(blank=True, verbose_name='guidance (Latvian)')),
                        ('prompt_en', models.TextField(blank=True, verbose_name='guidance (English)')),
                        ('chapter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sections', to='catalogue.chapter', verbose_name='chapter')),
                        ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='own_sections', to='libraries.region', verbose_name='region')),
                    ],
                    options={
                        'verbose_name': 'text section',
                        'verbose_name_plural': 'text sections',
                        'db_table': 'indicators_section',
                        'ordering': ['chapter__number', 'order'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='indicator',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'derived'), models.Q(('formula', ''), _negated=True)), models.Q(models.Q(('kind', 'derived'), _negated=True), ('formula', '')), _connector='OR'), name='indicator_formula_only_when_derived'),
                ),
                migrations.AddConstraint(
                    model_name='regionthreshold',
                    constraint=models.UniqueConstraint(fields=('region', 'indicator'), name='regionthreshold_one_per_region_indicator'),
                ),
                migrations.AddConstraint(
                    model_name='regionthreshold',
                    constraint=models.CheckConstraint(condition=models.Q(('change_threshold_pct__gte', 1)), name='regionthreshold_positive'),
                ),
            ],
        ),
    ]
