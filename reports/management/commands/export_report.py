from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from figures.selectors import ACCEPTED_ONLY, ALL_STATUSES
from libraries.models import Region
from reports.consolidated import build_report
from reports.docx import render_docx
from reports.exports import render_xlsx
from reports.national import build_national_report, render_national_json
from reports.pdf import render_pdf
from reports.region_tables import build_region_tables
from reports.renderers import render_json

FORMATS = ("json", "pdf", "xlsx", "docx")
RENDERERS = {"pdf": render_pdf, "xlsx": render_xlsx, "docx": render_docx}


class Command(BaseCommand):
    help = ("Write the region's report for a year: json (the tables with the two years "
            "before it), pdf or docx (the whole report) or xlsx (one sheet per table). "
            "--scope national writes the national report, built only from each region's "
            "latest published version of the year.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--status", choices=("accepted", "all"), default="accepted",
                            help="accepted submissions only (default), or all, marked not final")
        parser.add_argument("--scope", choices=("region", "national"), default="region",
                            help="one region's report (default) or the national report")
        parser.add_argument("--region", help="region slug (default: the only region)")
        parser.add_argument("--language", choices=("lv", "en"), default="lv")
        parser.add_argument("--output", help="file to write (default: standard output; "
                                             "required for pdf, xlsx and docx)")

    def handle(self, *args, year, format, status, region=None, language="lv", output=None,
               scope="region", **options):
        if format != "json" and not output:
            raise CommandError(f"--output FILE is required for {format}.")
        if scope == "national":
            if region or status != "accepted":
                raise CommandError("The national report takes published versions only: "
                                   "no --region, no --status.")
            self._national(year, format, language, output)
            return
        regions = Region.objects.all()
        if region:
            regions = regions.filter(slug=region)
        if regions.count() != 1:
            raise CommandError("Name the region with --region (slugs: "
                               + ", ".join(Region.objects.values_list("slug", flat=True)) + ").")
        statuses = ACCEPTED_ONLY if status == "accepted" else ALL_STATUSES
        with translation.override(language):
            if format == "json":
                text = render_json(build_region_tables(regions.get(), year, statuses))
                if not output:
                    self.stdout.write(text)
                    return
                Path(output).write_text(text + "\n", encoding="utf-8")
            else:
                data = build_report(regions.get(), year, statuses)
                content = RENDERERS[format](data)
                Path(output).write_bytes(content)
        self.stderr.write(f"Wrote {output}")

    def _national(self, year, format, language, output):
        with translation.override(language):
            report = build_national_report(year)
            if format == "json":
                text = render_national_json(report)
                if not output:
                    self.stdout.write(text)
                    return
                Path(output).write_text(text + "\n", encoding="utf-8")
            else:
                Path(output).write_bytes(RENDERERS[format](report.data))
        self.stderr.write(f"Wrote {output}")
