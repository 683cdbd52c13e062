"""Background jobs of the yearly cycle, run by the task worker (`manage.py worker`)."""

from django_tasks import task

from review.services import reminders_send_due


@task()
def reminders_due() -> int:
    """The scheduled reminders due today (14, 7 and 1 days before the deadline, 1 and 7
    days after it) to the libraries not yet submitted; each stage once per library."""
    return len(reminders_send_due())
