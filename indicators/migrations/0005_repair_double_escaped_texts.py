"""Repair chapter texts and regional texts stored escaped twice or more.

The old editor sent a bare line without a paragraph tag, which the server took for plain
text and escaped again on every save (“skolu &amp;amp;amp; pagastu&amp;nbsp; …”).
"""

from django.db import migrations

BATCH = 500


def repair_texts(apps, schema_editor):
    from submissions.sanitize import QUOTE_TAGS, repair_double_escaped

    for app_label, model_name, extra_tags in (
            ("indicators", "ChapterText", frozenset()),
            ("reports", "RegionalText", QUOTE_TAGS)):
        model = apps.get_model(app_label, model_name)
        changed = []
        for text in model.objects.filter(html__contains="&amp;").only("pk", "html").iterator():
            repaired = repair_double_escaped(text.html, extra_tags)
            if repaired != text.html:
                text.html = repaired
                changed.append(text)
        model.objects.bulk_update(changed, ["html"], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0004_reportingyear_region"),
        ("reports", "0001_initial"),
    ]

    operations = [migrations.RunPython(repair_texts, migrations.RunPython.noop)]
