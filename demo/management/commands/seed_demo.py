from django.core.management.base import BaseCommand, CommandError

from demo.seed import DEMO_PASSWORD, NonDemoDataError, seed_demo


class Command(BaseCommand):
    help = ("Load the demo: the Rēzekne region, its 35 libraries, one user per role, "
            "2019–2021 accepted figures equal to the 2021 report and an open 2022 year.")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Run even though the database holds data the demo did not make.")
        parser.add_argument("--quiet-logins", action="store_true",
                            help="Do not list every librarian login.")

    def handle(self, *args, force=False, quiet_logins=False, **options):
        try:
            logins = seed_demo(force=force)
        except NonDemoDataError as error:
            raise CommandError(
                f"This database holds data the demo did not make ({error}). "
                "Refusing to touch it; run with --force to load the demo anyway.") from error
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo password for every login: {DEMO_PASSWORD}")
        shown = [login for login in logins
                 if not (quiet_logins and login.username.startswith("bibl-"))]
        for login in shown:
            self.stdout.write(f"  {login.username:<28} {login.role:<14} {login.where}")
        if quiet_logins:
            self.stdout.write("  bibl-<library>               librarian      one per library "
                              "(e.g. bibl-maltas)")
