"""The moved models' content types follow them (app label `indicators` → `catalogue`,
`submissions`, `review`; `quality` → `catalogue` for the ratio limits), so the admin's
log entries and the permissions given on them stay with the same models. A fresh
database has no such rows yet (they are made after migrating): nothing to do there."""

from django.db import migrations

MOVED = {
    ('indicators', 'catalogue'): ('chapter', 'in_scope', 'indicator', 'regionthreshold', 'section'),
    ('quality', 'catalogue'): ('ratiolimit',),
    ('indicators', 'review'): ('reviewcomment',),
    ('indicators', 'submissions'): ('auditentry', 'chaptertext', 'improvementwork', 'librarynote', 'picture', 'project', 'removeddraft', 'reportingyear', 'statuschange', 'submission', 'trainingevent', 'value'),
}


def relabel(apps, *, backwards: bool) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for (old, new), models in MOVED.items():
        source, target = (new, old) if backwards else (old, new)
        for model in models:
            if ContentType.objects.filter(app_label=target, model=model).exists():
                continue  # made by an earlier run after migrating: keep the one in use
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    relabel(apps, backwards=False)


def backwards(apps, schema_editor):
    relabel(apps, backwards=True)


class Migration(migrations.Migration):

    dependencies = [
        ("submissions", "0001_initial"),
        ("indicators", "0016_models_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
