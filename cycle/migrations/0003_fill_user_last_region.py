"""Fill `User.last_region` for people already there: the region of their newest role, else
the region of the newest change recorded about them (an invitation, an unassignment).
People with neither stay without one: only administrators reach them while roleless."""

from django.db import migrations


def fill(apps, schema_editor):
    User = apps.get_model("libraries", "User")
    Membership = apps.get_model("libraries", "Membership")
    RegionChange = apps.get_model("cycle", "RegionChange")
    region_of: dict[int, int] = {}
    for user_id, region_id in (RegionChange.objects.filter(person__isnull=False)
                               .order_by("at", "pk").values_list("person_id", "region_id")):
        region_of[user_id] = region_id  # the newest wins
    for user_id, region_id in (Membership.objects.filter(region__isnull=False)
                               .order_by("pk").values_list("user_id", "region_id")):
        region_of[user_id] = region_id  # a role held now wins over history
    for user in User.objects.filter(last_region__isnull=True, pk__in=list(region_of)):
        user.last_region_id = region_of[user.pk]
        user.save(update_fields=["last_region"])


class Migration(migrations.Migration):

    dependencies = [
        ("cycle", "0002_regionchange_person"),
        ("libraries", "0005_user_last_region"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
