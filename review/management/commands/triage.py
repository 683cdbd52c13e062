import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core.csv_export import csv_text
from libraries.models import Region
from review.triage import queue_rows, triage_queue

FORMATS = ("json", "csv")


def _number(value):
    """Decimals as JSON numbers (whole ones as integers)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"not JSON serialisable: {value!r}")


class Command(BaseCommand):
    help = ("Write the triage queue of a region's year, best first: every open check of "
            "every library with its likely cause and score (json or csv).")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--region", help="region slug (default: the only region)")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--language", choices=("lv", "en"), default="lv")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, year, format, region=None, language="lv", output=None,
               **options):
        regions = Region.objects.all()
        if region:
            regions = regions.filter(slug=region)
        if regions.count() != 1:
            raise CommandError("Name the region with --region (slugs: "
                               + ", ".join(Region.objects.values_list("slug", flat=True)) + ").")
        with translation.override(language):
            rows = queue_rows(triage_queue(regions.get(), year))
            if format == "json":
                text = json.dumps(rows, ensure_ascii=False, indent=2, default=_number) + "\n"
            else:
                header = list(rows[0]) if rows else list(queue_rows([], header_only=True))
                text = csv_text([header, *[list(row.values()) for row in rows]])
        if not output:
            self.stdout.write(text, ending="")
            return
        Path(output).write_text(text, encoding="utf-8")
        self.stderr.write(f"Wrote {output}")
