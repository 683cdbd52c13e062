from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from libraries.models import User
from workbooks.preview import change_lines
from workbooks.workbook import import_workbook_file


class Command(BaseCommand):
    help = ("Import filled XLSX workbooks, all or nothing per file. The library and year come "
            "from each workbook. With --accept the report is created if missing (even for a "
            "closed year) and marked accepted: for loading past years. With --dry-run each "
            "file is checked and what it would change printed; nothing is saved.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="Filled .xlsx workbooks.")
        parser.add_argument("--accept", action="store_true",
                            help="Store whatever the report's status and mark it accepted.")
        parser.add_argument("--user", help="Username recorded as the author of the changes.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check each file and print what it would change (figures "
                                 "added, changed old → new, cleared; warnings; errors); "
                                 "save nothing.")

    def handle(self, *args, files, accept=False, user=None, dry_run=False, **options):
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
            outcome = import_workbook_file(name, user=author, accept=accept, dry_run=dry_run)
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
            if dry_run:
                failed += bool(result.errors)
                self._preview(prefix, outcome, accept)
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
        summary = (f"Dry run, nothing saved: {done} of {len(files)} file(s) could be imported."
                   if dry_run else f"{done} of {len(files)} file(s) imported.")
        if failed:
            raise CommandError(f"{summary} {failed} failed.")
        self.stdout.write(self.style.SUCCESS(summary))

    def _preview(self, prefix, outcome, accept):
        result = outcome.result
        kinds = {"added": 0, "changed": 0, "cleared": 0}
        for change in result.changes:
            kinds[change.kind] += 1
        if result.errors:
            head = f"{len(result.errors)} error(s), would save nothing"
        else:
            head = (f"would save {len(result.changes)} figure(s): {kinds['added']} added, "
                    f"{kinds['changed']} changed, {kinds['cleared']} cleared; "
                    f"{len(result.warnings)} warnings"
                    + (f", {len(result.missing)} required still empty" if result.missing else "")
                    + (", then accept the report" if accept else ""))
        self.stdout.write(f"{prefix}: dry run, {head}.")
        for line in change_lines(result):
            self.stdout.write(f"    {line}")
