from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from libraries.models import Region
from reports.region_tables import build_region_tables
from reports.renderers import render_json
from reports.selectors import ACCEPTED_ONLY, ALL_STATUSES

FORMATS = ("json",)


class Command(BaseCommand):
    help = "Write the region's report tables for a year (with the two years before it)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--status", choices=("accepted", "all"), default="accepted",
                            help="accepted submissions only (default), or all, marked not final")
        parser.add_argument("--region", help="region slug (default: the only region)")
        parser.add_argument("--language", choices=("lv", "en"), default="lv")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, year, format, status, region=None, language="lv", output=None,
               **options):
        regions = Region.objects.all()
        if region:
            regions = regions.filter(slug=region)
        if regions.count() != 1:
            raise CommandError("Name the region with --region (slugs: "
                               + ", ".join(Region.objects.values_list("slug", flat=True)) + ").")
        statuses = ACCEPTED_ONLY if status == "accepted" else ALL_STATUSES
        with translation.override(language):
            data = build_region_tables(regions.get(), year, statuses)
            text = render_json(data)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text)
