"""After indicators 0004 every region has its own reporting years: a reminder sent to a
library of another region than its year's moves to that region's year of the same number
(only possible when the database held several regions before)."""

from django.db import migrations
from django.db.models import F


def move_reminders(apps, schema_editor):
    Reminder = apps.get_model("review", "Reminder")
    ReportingYear = apps.get_model("indicators", "ReportingYear")
    for reminder in (Reminder.objects.exclude(library__region_id=F("year__region_id"))
                     .select_related("library", "year")):
        reminder.year = ReportingYear.objects.get(region_id=reminder.library.region_id,
                                                  year=reminder.year.year)
        reminder.save(update_fields=["year"])


class Migration(migrations.Migration):

    dependencies = [
        ("review", "0001_initial"),
        ("indicators", "0004_reportingyear_region"),
    ]

    operations = [
        migrations.RunPython(move_reminders, migrations.RunPython.noop),
    ]
