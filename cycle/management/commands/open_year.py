from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cycle.management.commands._region import region_from_option
from cycle.services import reporting_year_open


class Command(BaseCommand):
    help = ("Open a reporting year for a region: a draft report for every active library, "
            "and an email inviting each library's librarians.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="e.g. 2023")
        parser.add_argument("--deadline", type=date.fromisoformat, required=True,
                            help="YYYY-MM-DD, e.g. 2024-01-15")
        parser.add_argument("--region", help="The region's slug (needed with several).")
        parser.add_argument("--no-invite", action="store_true",
                            help="Create the drafts without emailing the librarians.")

    def handle(self, *args, year, deadline, region=None, no_invite=False, **options):
        region = region_from_option(region)
        try:
            reporting_year = reporting_year_open(region=region, year=year, deadline=deadline,
                                                 invite=not no_invite)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        count = reporting_year.submissions.count()
        self.stdout.write(self.style.SUCCESS(
            f"{region.name}: {year} is open until {deadline.isoformat()}, "
            f"{count} draft report(s)."))
