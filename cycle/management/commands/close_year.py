from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cycle.management.commands._region import region_from_option
from cycle.services import reporting_year_close
from indicators.models import ReportingYear, Submission


class Command(BaseCommand):
    help = ("Close a region's reporting year: no more entry; reports not submitted stay "
            "as they are.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="e.g. 2022")
        parser.add_argument("--region", help="The region's slug (needed with several).")
        parser.add_argument("--before-deadline", action="store_true",
                            help="Close even though the deadline has not passed yet.")

    def handle(self, *args, year, region=None, before_deadline=False, **options):
        region = region_from_option(region)
        reporting_year = ReportingYear.objects.filter(region=region, year=year).first()
        if reporting_year is None:
            raise CommandError(f"{region.name} has no reporting year {year}.")
        try:
            reporting_year_close(reporting_year=reporting_year,
                                 before_deadline=before_deadline)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        left = Submission.objects.filter(year=reporting_year,
                                         status__in=Submission.EDITABLE_STATUSES).count()
        self.stdout.write(self.style.SUCCESS(
            f"{region.name}: {year} is closed; {left} report(s) not submitted."))
