"""What the review app stores itself: the reminders sent to libraries, the dismissed text
hints and the comments on a report's fields. The librarian's pages show the comments
(`review.comments`), so the review app sits below the librarian's pages; its models name
the submissions lazily ("submissions.Submission")."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.models import Indicator, Section
from libraries.models import Library


class Reminder(models.Model):
    """One reminder email to a library that had not yet submitted its report."""

    library = models.ForeignKey(Library, models.CASCADE, related_name="reminders",
                                verbose_name=_("library"))
    year = models.ForeignKey("submissions.ReportingYear", models.CASCADE, related_name="reminders",
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


class TextHintDismissal(models.Model):
    """A methodologist's word that a hint of a text against the figures is no error
    (`submissions.text_checks`): the hint (its key: kind, indicator and sentence) is shown
    as dismissed with the reason. A library's text (`submission`) or the region's
    text of a year (`region`, `year`)."""

    submission = models.ForeignKey("submissions.Submission", models.CASCADE, null=True,
                                   blank=True, related_name="text_hint_dismissals",
                                   verbose_name=_("report"))
    region = models.ForeignKey("libraries.Region", models.CASCADE, null=True, blank=True,
                               related_name="text_hint_dismissals", verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    key = models.CharField(_("hint"), max_length=32)
    reason = models.CharField(_("reason"), max_length=500)
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("dismissed by"))
    dismissed_at = models.DateTimeField(_("dismissed"), auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed text hint")
        verbose_name_plural = _("dismissed text hints")
        constraints = [
            models.UniqueConstraint(fields=["submission", "key"],
                                    condition=models.Q(submission__isnull=False),
                                    name="text_hint_dismissal_unique_submission_key"),
            models.UniqueConstraint(fields=["region", "year", "key"],
                                    condition=models.Q(region__isnull=False),
                                    name="text_hint_dismissal_unique_region_key"),
            models.CheckConstraint(
                condition=(models.Q(submission__isnull=False, region__isnull=True)
                           | models.Q(submission__isnull=True, region__isnull=False,
                                      year__isnull=False)),
                name="text_hint_dismissal_of_a_report_or_a_region_year"),
        ]

    def __str__(self):
        return self.key


class ReviewComment(models.Model):
    """The methodologist's comment on a field (an indicator or a text section) of a submission."""

    submission = models.ForeignKey("submissions.Submission", models.CASCADE,
                                   related_name="comments", verbose_name=_("submission"))
    indicator = models.ForeignKey(Indicator, models.CASCADE, null=True, blank=True,
                                  related_name="+", verbose_name=_("indicator"))
    section = models.ForeignKey(Section, models.CASCADE, null=True, blank=True,
                                related_name="+", verbose_name=_("section"))
    text = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("author"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        db_table = "indicators_reviewcomment"
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]
