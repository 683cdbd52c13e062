"""Fill the flat published figures from the versions published before the table existed."""

from django.db import migrations

from figures.published import fill_from_snapshot


def fill(apps, schema_editor):
    PublishedReport = apps.get_model("reports", "PublishedReport")
    PublishedYear = apps.get_model("figures", "PublishedYear")
    PublishedValue = apps.get_model("figures", "PublishedValue")
    done = set(PublishedYear.objects.values_list("published_id", flat=True).distinct())
    for version in (PublishedReport.objects.select_related("region").order_by("pk")
                    .iterator(chunk_size=20)):
        if version.pk in done:
            continue
        fill_from_snapshot(PublishedYear, PublishedValue, published_id=version.pk,
                           region_slug=version.region.slug, snapshot=version.snapshot)


def empty(apps, schema_editor):
    apps.get_model("figures", "PublishedValue").objects.all().delete()
    apps.get_model("figures", "PublishedYear").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("figures", "0001_published_values"),
    ]

    operations = [
        migrations.RunPython(fill, empty),
    ]
