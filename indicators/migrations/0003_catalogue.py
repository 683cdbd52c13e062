from decimal import Decimal

from django.db import migrations


def load_catalogue(apps, schema_editor):
    """Load the starting chapters, sections and indicators (INDICATORS.md); idempotent."""
    from catalogue import catalogue_2021 as data

    Chapter = apps.get_model("indicators", "Chapter")
    Section = apps.get_model("indicators", "Section")
    Indicator = apps.get_model("indicators", "Indicator")

    chapters = {}
    for number, title_lv, title_en, regional_only in data.CHAPTERS:
        chapters[number], _ = Chapter.objects.update_or_create(
            number=number,
            defaults={"title_lv": title_lv, "title_en": title_en,
                      "regional_only": regional_only})
    for order, (chapter, code, title_lv, title_en, prompt_lv, prompt_en) in enumerate(
            data.SECTIONS):
        Section.objects.update_or_create(
            code=code,
            defaults={"chapter": chapters[chapter], "order": order, "title_lv": title_lv,
                      "title_en": title_en, "prompt_lv": prompt_lv, "prompt_en": prompt_en})

    order = 0
    for code, name_lv, name_en, kind, parent, chapter, unit, options in data.INDICATORS:
        order += 10
        defaults = {
            "name_lv": name_lv, "name_en": name_en, "kind": kind, "unit": unit,
            "parent": Indicator.objects.get(code=parent) if parent else None,
            "chapter": chapters[chapter], "order": order, "formula": "",
            "decimals": 2 if kind in ("eur", "fte") else 0,
            "change_threshold_pct": options.get("change_threshold_pct",
                                                None if kind == "bool" else 30),
            "unchanged_is_unlikely": options.get("unchanged_is_unlikely", False),
            "required": options.get("required", True),
            "max_value": (Decimal(options["max_value"]) if options.get("max_value")
                          else None),
        }
        Indicator.objects.update_or_create(code=code, defaults=defaults)
    for code, name_lv, name_en, chapter, unit, decimals, formula in data.DERIVED_INDICATORS:
        order += 10
        Indicator.objects.update_or_create(code=code, defaults={
            "name_lv": name_lv, "name_en": name_en, "kind": "derived", "unit": unit,
            "parent": None, "chapter": chapters[chapter], "order": order,
            "formula": formula, "decimals": decimals, "change_threshold_pct": None,
            "required": False,
        })


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_initial")]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
