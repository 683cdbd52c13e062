"""Reporting years belong to a region (each region opens, closes and sets its deadline).

Existing years go to the region whose libraries reported in them. With one region (the
case today) every year simply gets that region. With several regions every region gets its
own copy of each year (the calendar was shared, so each region had it) and each submission
moves to the copy of its library's region. With no region at all there can be no library
and no submission, so the years are empty shells and are removed.
"""

import django.db.models.deletion
from django.db import migrations, models


def give_years_a_region(apps, schema_editor):
    Region = apps.get_model("libraries", "Region")
    ReportingYear = apps.get_model("indicators", "ReportingYear")
    Submission = apps.get_model("indicators", "Submission")
    region_ids = list(Region.objects.order_by("pk").values_list("pk", flat=True))
    if not region_ids:
        ReportingYear.objects.all().delete()
        return
    for year in ReportingYear.objects.order_by("year"):
        used = set(Submission.objects.filter(year=year)
                   .values_list("library__region_id", flat=True))
        first = min(used) if used else region_ids[0]
        year.region_id = first
        year.save(update_fields=["region"])
        for region_id in region_ids:
            if region_id == first:
                continue
            copy = ReportingYear.objects.create(region_id=region_id, year=year.year,
                                                deadline=year.deadline, is_open=year.is_open)
            Submission.objects.filter(year=year, library__region_id=region_id).update(year=copy)


def merge_years_back(apps, schema_editor):
    """Reverse: one row per year number again (the first region's), submissions moved to it."""
    ReportingYear = apps.get_model("indicators", "ReportingYear")
    Submission = apps.get_model("indicators", "Submission")
    kept = {}
    for year in ReportingYear.objects.order_by("year", "region_id"):
        if year.year not in kept:
            kept[year.year] = year
            continue
        Submission.objects.filter(year=year).update(year=kept[year.year])
        year.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0003_catalogue"),
        ("libraries", "0002_latvian_collation"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reportingyear",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="year"),
        ),
        migrations.AddField(
            model_name="reportingyear",
            name="region",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="reporting_years", to="libraries.region",
                                    verbose_name="region"),
        ),
        migrations.RunPython(give_years_a_region, merge_years_back),
        migrations.AlterField(
            model_name="reportingyear",
            name="region",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                    related_name="reporting_years", to="libraries.region",
                                    verbose_name="region"),
        ),
        migrations.AddConstraint(
            model_name="reportingyear",
            constraint=models.UniqueConstraint(fields=("region", "year"),
                                               name="reportingyear_unique_region_year"),
        ),
    ]
