"""What the review app stores itself: the reminders sent to libraries."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models import ReportingYear
from libraries.models import Library


class Reminder(models.Model):
    """One reminder email to a library that had not yet submitted its report."""

    library = models.ForeignKey(Library, models.CASCADE, related_name="reminders",
                                verbose_name=_("library"))
    year = models.ForeignKey(ReportingYear, models.CASCADE, related_name="reminders",
                             verbose_name=_("year"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                blank=True, related_name="+", verbose_name=_("sent by"))
    recipients = models.TextField(_("recipients"), blank=True)
    stage = models.CharField(
        _("scheduled stage"), max_length=20, blank=True,
        help_text=_("Empty for a reminder the methodologist sent; e.g. “before-7” for the "
                    "one sent automatically 7 days before the deadline."))

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            # Each scheduled stage once per library and year, however often the job runs.
            models.UniqueConstraint(fields=["library", "year", "stage"],
                                    condition=~models.Q(stage=""),
                                    name="reminder_unique_scheduled_stage"),
        ]

    def __str__(self):
        return f"{self.library} · {self.year} · {self.sent_at:%Y-%m-%d}"
