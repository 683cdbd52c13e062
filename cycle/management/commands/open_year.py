from argparse import ArgumentTypeError
from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cycle.management.commands._region import region_from_option
from cycle.services import reporting_year_open

# The command's own words for the service's refusals, naming its flags.
DEADLINE_TOO_EARLY = gettext_lazy(
    "--deadline %(deadline)s is before the year %(year)s begins: give a later date, "
    "e.g. --deadline %(example)s.")
YEAR_EXISTS = gettext_lazy(
    "%(region)s already has the year %(year)s. To open it for another region, give that "
    "region's --region.")
NOT_A_DATE = gettext_lazy("“%(text)s” is not a date: write it as YYYY-MM-DD, e.g. 2024-01-15.")


def iso_date(text: str) -> date:
    """--deadline as YYYY-MM-DD (argparse shows the message, naming the flag)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(NOT_A_DATE % {"text": text}) from None


class Command(BaseCommand):
    help = ("Open a reporting year for a region: a draft report for every active library, "
            "and an email inviting each library's librarians.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="e.g. 2023")
        parser.add_argument("--deadline", type=iso_date, required=True,
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
            code = getattr(error, "code", None)
            if code == "deadline":
                raise CommandError(DEADLINE_TOO_EARLY % {
                    "deadline": deadline.isoformat(), "year": year,
                    "example": f"{year + 1}-01-15"}) from error
            if code == "exists":
                raise CommandError(YEAR_EXISTS % {"region": region.name,
                                                  "year": year}) from error
            raise CommandError(" ".join(error.messages)) from error
        count = reporting_year.submissions.count()
        self.stdout.write(self.style.SUCCESS(
            _("%(region)s: %(year)s is open until %(deadline)s, %(count)s draft report(s).")
            % {"region": region.name, "year": year, "deadline": deadline.isoformat(),
               "count": count}))
