"""The three ratio limits of the catalogue (catalogue data: the methodologist edits them)."""

from decimal import Decimal

from django.db import migrations

LIMITS = [
    ("loans.total", "visits.total", "0.5", "6", "Izsniegums uz vienu apmeklējumu",
     "Loans per visit"),
    ("visits.total", "users.active", "3", "40", "Apmeklējumi uz vienu aktīvo lietotāju",
     "Visits per active user"),
    ("collection.acquired", "acquisition_funding.total", "0.05", "1.5",
     "Jaunieguvumi uz vienu komplektēšanas eiro", "Acquisitions per euro of acquisition funding"),
]


def seed(apps, schema_editor):
    RatioLimit = apps.get_model("quality", "RatioLimit")
    for numerator, denominator, low, high, name_lv, name_en in LIMITS:
        RatioLimit.objects.get_or_create(
            numerator=numerator, denominator=denominator,
            defaults={"low": Decimal(low), "high": Decimal(high), "name_lv": name_lv,
                      "name_en": name_en})


def unseed(apps, schema_editor):
    RatioLimit = apps.get_model("quality", "RatioLimit")
    for numerator, denominator, *_rest in LIMITS:
        RatioLimit.objects.filter(numerator=numerator, denominator=denominator).delete()


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_context_events_ratio_limits_decisions")]

    operations = [migrations.RunPython(seed, unseed)]
