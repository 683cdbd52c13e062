"""Definitions in words for the derived indicators the public pages show, and the standard
performance indicators the catalogue lacked (issue 20): loans per inhabitant, collection
turnover, cost per loan and staff units per 1,000 inhabitants. Each is a ratio of sums
(`indicators.derived`): missing when an input is missing, never 0."""

from django.db import migrations, models


# code, name lv, name en, chapter, unit, decimals, formula
ADDED = [
    ("derived.loans_per_inhabitant", "Izsniegums uz vienu iedzīvotāju", "Loans per inhabitant",
     5, "per_person", 2, "loans.total / population.total"),
    ("derived.turnover", "Krājuma apgrozība", "Collection turnover", 6, "ratio", 2,
     "loans.total / collection.stock"),
    ("derived.cost_per_loan", "Izmaksas uz vienu izsniegumu", "Cost per loan", 2,
     "eur_per_loan", 2, "finance.expenses_total / loans.total"),
    ("derived.staff_per_1000", "Štata vienības uz 1000 iedzīvotājiem",
     "Staff units per 1,000 inhabitants", 4, "per_thousand", 2,
     "staff.units_total / population.total * 1000"),
]

# code: (Latvian, English)
DEFINITIONS = {
    "derived.visits_per_inhabitant": (
        "Gada apmeklējumu skaits, dalīts ar apkalpojamo iedzīvotāju skaitu.",
        "Visits in the year divided by the population the library serves."),
    "derived.loans_per_inhabitant": (
        "Gadā izsniegto dokumentu skaits, dalīts ar apkalpojamo iedzīvotāju skaitu.",
        "Items lent in the year divided by the population the library serves."),
    "derived.turnover": (
        "Gada izsniegums, dalīts ar krājuma kopskaitu gada beigās: cik reižu vidēji "
        "izsniegts katrs krājuma eksemplārs.",
        "Loans in the year divided by the total stock at the end of the year: how many "
        "times each item was lent on average."),
    "derived.coverage_pct": (
        "Aktīvo lietotāju skaits procentos no apkalpojamo iedzīvotāju skaita.",
        "Active users as a percentage of the population the library serves."),
    "derived.cost_per_visit": (
        "Bibliotēkas izdevumi kopā, dalīti ar gada apmeklējumu skaitu.",
        "The library's total expenses divided by the visits in the year."),
    "derived.cost_per_loan": (
        "Bibliotēkas izdevumi kopā, dalīti ar gada izsniegumu.",
        "The library's total expenses divided by the loans in the year."),
    "derived.acquisition_per_inhabitant": (
        "Finansējums krājuma komplektēšanai (pašvaldības un citi avoti), dalīts ar "
        "apkalpojamo iedzīvotāju skaitu.",
        "Funding for new items (municipal and other sources) divided by the population "
        "the library serves."),
    "derived.expenses_per_inhabitant": (
        "Bibliotēkas izdevumi kopā, dalīti ar apkalpojamo iedzīvotāju skaitu.",
        "The library's total expenses divided by the population the library serves."),
    "derived.loans_per_user": (
        "Gada izsniegums, dalīts ar aktīvo lietotāju skaitu.",
        "Loans in the year divided by the active users."),
    "derived.staff_per_1000": (
        "Štata vienības kopā (pilnas slodzes ekvivalentos), dalītas ar apkalpojamo "
        "iedzīvotāju skaitu un reizinātas ar 1000.",
        "Staff units (full-time equivalents) divided by the population the library "
        "serves, times 1,000."),
}


def add_indicators(apps, schema_editor):
    """Add the indicators (idempotent) and write the definitions."""
    Chapter = apps.get_model("indicators", "Chapter")
    Indicator = apps.get_model("indicators", "Indicator")
    if not Chapter.objects.exists():
        return  # an empty catalogue (never loaded): nothing to define
    order = max(Indicator.objects.order_by("-order").values_list("order", flat=True)[:1]
                or [0])
    for code, name_lv, name_en, chapter, unit, decimals, formula in ADDED:
        if Indicator.objects.filter(code=code).exists():
            continue
        order += 10
        Indicator.objects.create(
            code=code, name_lv=name_lv, name_en=name_en, kind="derived", unit=unit,
            chapter=Chapter.objects.get(number=chapter), order=order, formula=formula,
            decimals=decimals, change_threshold_pct=None, required=False)
    for code, (lv, en) in DEFINITIONS.items():
        Indicator.objects.filter(code=code).update(definition_lv=lv, definition_en=en)


def remove_indicators(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Value = apps.get_model("indicators", "Value")
    codes = [row[0] for row in ADDED]
    if not Value.objects.filter(indicator__code__in=codes).exists():
        Indicator.objects.filter(code__in=codes).delete()
        if schema_editor.connection.vendor == "postgresql":
            # The deletion's deferred foreign-key checks run now: PostgreSQL refuses the
            # ALTER TABLE of the fields removed next while they are pending.
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0007_regionthreshold"),
    ]

    operations = [
        migrations.AddField(
            model_name='indicator',
            name='definition_en',
            field=models.TextField(blank=True, verbose_name='definition (English)'),
        ),
        migrations.AddField(
            model_name='indicator',
            name='definition_lv',
            field=models.TextField(blank=True, verbose_name='definition (Latvian)'),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='unit',
            field=models.CharField(choices=[('number', 'number'), ('eur', 'EUR'), ('fte', 'FTE'), ('yesno', 'yes / no'), ('percent', '%'), ('ratio', 'times'), ('eur_per_person', 'EUR per person'), ('eur_per_visit', 'EUR per visit'), ('per_person', 'per person'), ('libraries', 'libraries'), ('eur_per_loan', 'EUR per loan'), ('per_thousand', 'per 1,000 inhabitants')], default='number', max_length=20, verbose_name='unit'),
        ),
        migrations.RunPython(add_indicators, remove_indicators),
    ]
