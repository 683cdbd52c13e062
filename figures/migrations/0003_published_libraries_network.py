"""The libraries of the versions published before: their parish and whether active,
taken from the network as it is now (the nearest record of when they were published).
Versions published from now on record them when publishing (`record_published`)."""

from django.db import migrations

from figures.published import network_at_publishing


def fill(apps, schema_editor):
    Library = apps.get_model("libraries", "Library")
    PublishedYear = apps.get_model("figures", "PublishedYear")
    networks: dict[int, dict] = {}
    for figure_year in PublishedYear.objects.select_related("published").iterator(
            chunk_size=200):
        region_id = figure_year.published.region_id
        if region_id not in networks:
            networks[region_id] = network_at_publishing(Library, region_id)
        network = networks[region_id]
        libraries = {slug: {**network.get(slug, {"parish": "", "active": True}), **info}
                     for slug, info in (figure_year.libraries or {}).items()}
        if libraries != figure_year.libraries:
            figure_year.libraries = libraries
            figure_year.save(update_fields=["libraries"])


class Migration(migrations.Migration):

    dependencies = [
        ("figures", "0002_fill_published_values"),
        ("libraries", "0006_library_merged_into"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
