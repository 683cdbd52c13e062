from django.core.management.base import BaseCommand

from review.services import reminders_send_due


class Command(BaseCommand):
    help = ("Send the scheduled reminders due today now (what the scheduler queues daily); "
            "each stage once per library and year, so it is safe to run again.")

    def handle(self, *args, **options):
        sent = reminders_send_due()
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} reminder(s) sent."))
