from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indicators.workbook import import_workbook_file
from libraries.models import User


class Command(BaseCommand):
    help = ("Import filled XLSX workbooks, all or nothing per file. The library and year come "
            "from each workbook. With --accept the report is created if missing (even for a "
            "closed year) and marked accepted: for loading past years.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="Filled .xlsx workbooks.")
        parser.add_argument("--accept", action="store_true",
                            help="Store whatever the report's status and mark it accepted.")
        parser.add_argument("--user", help="Username recorded as the author of the changes.")

    def handle(self, *args, files, accept=False, user=None, **options):
        author = None
        if user:
            author = User.objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"There is no user “{user}”.")
        failed = 0
        for number, name in enumerate(files, start=1):
            prefix = f"[{number}/{len(files)}] {Path(name).name}"
            if not Path(name).is_file():
                failed += 1
                self.stdout.write(f"{prefix}: no such file.")
                continue
            outcome = import_workbook_file(name, user=author, accept=accept)
            result = outcome.result
            if result.refused:
                failed += 1
                self.stdout.write(f"{prefix}: refused. {result.refused}")
                if (not accept and outcome.submission is not None
                        and not outcome.submission.is_editable):
                    self.stdout.write("    " + _(
                        "To store it whatever its status and mark it accepted, run the "
                        "command again with --accept."))
                continue
            if result.errors:
                failed += 1
                self.stdout.write(f"{prefix}: {len(result.errors)} error(s), nothing saved:")
                for problem in result.errors:
                    self.stdout.write(f"    {problem}")
                continue
            line = (f"{prefix}: {result.figures} figures saved, {len(result.warnings)} warnings"
                    + (f", {len(result.missing)} required still empty" if result.missing else "")
                    + (", accepted" if outcome.accepted else ""))
            self.stdout.write(line)
            for problem in result.warnings:
                self.stdout.write(f"    warning {problem}")
        done = len(files) - failed
        summary = f"{done} of {len(files)} file(s) imported."
        if failed:
            raise CommandError(f"{summary} {failed} failed.")
        self.stdout.write(self.style.SUCCESS(summary))
