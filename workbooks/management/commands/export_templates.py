from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from libraries.models import Library
from submissions.models import ReportingYear, Submission
from workbooks.workbook import build_workbook, catalogue_for, workbook_filename


class Command(BaseCommand):
    help = ("Write the XLSX workbook of every library (or one) for a year into a folder, "
            "pre-filled with the figures already stored.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Reporting year, e.g. 2022.")
        parser.add_argument("--library", help="Only this library (its slug, e.g. maltas).")
        parser.add_argument("--output", required=True, help="Folder to write to (created).")
        parser.add_argument("--region", help="Only this region's libraries (its slug).")

    def handle(self, *args, year, library=None, output, region=None, **options):
        libraries = Library.objects.active().select_related("region").in_latvian_order()
        if region:
            libraries = libraries.filter(region__slug=region)
        if library:
            libraries = Library.objects.filter(slug=library).select_related("region")
            if not libraries:
                raise CommandError(f"There is no library “{library}”.")
        # Each region has its own reporting year: the workbook goes with the library's.
        years = {reporting_year.region_id: reporting_year
                 for reporting_year in ReportingYear.objects.filter(year=year)}
        libraries = [lib for lib in libraries if lib.region_id in years]
        if not libraries:
            raise CommandError(f"There is no reporting year {year}.")
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        existing = {submission.library_id: submission for submission in
                    Submission.objects.filter(year__year=year, library__in=libraries)}
        by_region = {}  # each region's libraries are asked its own questions too
        for number, lib in enumerate(libraries, start=1):
            if lib.region_id not in by_region:
                by_region[lib.region_id] = catalogue_for(year, lib.region_id)
            indicators = by_region[lib.region_id]
            reporting_year = years[lib.region_id]
            submission = existing.get(lib.pk)
            if submission is None:
                if reporting_year.is_open:
                    submission = Submission.objects.create(library=lib, year=reporting_year)
                    self.stdout.write(f"Created a draft report for {lib.name}, {year}.")
                else:  # a closed year: an empty template, e.g. for loading a past year
                    submission = Submission(library=lib, year=reporting_year)
            submission.library, submission.year = lib, reporting_year
            path = folder / workbook_filename(submission)
            path.write_bytes(build_workbook(submission, indicators))
            self.stdout.write(f"[{number}/{len(libraries)}] {path}")
        self.stdout.write(self.style.SUCCESS(f"{len(libraries)} workbook(s) written to {folder}."))
