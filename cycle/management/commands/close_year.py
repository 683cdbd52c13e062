from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cycle.management.commands._region import region_from_option
from cycle.services import reporting_year_close
from submissions.models import ReportingYear, Submission

# The command's own words for the service's refusals: it names its flags, not the web
# page's checkbox (“Close before the deadline”).
BEFORE_DEADLINE = gettext_lazy(
    "The deadline (%(deadline)s) has not passed yet. To close %(year)s now, run the command "
    "again with --before-deadline.")
NO_YEAR = gettext_lazy("%(region)s has no reporting year %(year)s (its years: %(years)s). "
                       "Open it with open_year --year %(year)s --deadline YYYY-MM-DD.")


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
            years = ReportingYear.objects.for_region(region).order_by("year").values_list(
                "year", flat=True)
            raise CommandError(NO_YEAR % {"region": region.name, "year": year,
                                          "years": ", ".join(map(str, years)) or "—"})
        try:
            reporting_year_close(reporting_year=reporting_year,
                                 before_deadline=before_deadline)
        except ValidationError as error:
            if getattr(error, "code", None) == "deadline":
                raise CommandError(BEFORE_DEADLINE % {
                    "deadline": reporting_year.deadline.isoformat(), "year": year}) from error
            raise CommandError(" ".join(error.messages)) from error
        left = Submission.objects.filter(year=reporting_year,
                                         status=Submission.Status.LAPSED).count()
        self.stdout.write(self.style.SUCCESS(
            _("%(region)s: %(year)s is closed; %(count)s report(s) not submitted.") % {
                "region": region.name, "year": year, "count": left}))
