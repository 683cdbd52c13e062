"""tests.demo_copy: a copy of the demo is the database seed_demo left, whatever a test did."""

from django.core.files.storage import default_storage
from django.db import connection
from django.test import TestCase

from libraries.models import Library
from submissions.models import Picture, Value
from tests.demo_copy import demo_copy


def every_row():
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            tables[table] = sorted(map(repr, cursor.fetchall()))
    return tables


class DemoCopyTests(TestCase):
    def test_a_copy_undoes_what_a_test_wrote_and_deleted(self):
        logins = demo_copy()
        seeded = every_row()
        picture = Picture.objects.order_by("pk").first()
        with default_storage.open(picture.image.name, "rb") as handle:
            image = handle.read()

        Library.objects.filter(slug="maltas").update(name="Renamed")
        Value.objects.filter(submission__library__slug="audrinu").delete()
        default_storage.delete(picture.image.name)

        assert demo_copy() == logins
        assert every_row() == seeded
        with default_storage.open(picture.image.name, "rb") as handle:
            assert handle.read() == image
