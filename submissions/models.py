"""Reporting years and each library's submission (the catalogue is `catalogue`).

Every entered figure is one Value row (submission × indicator); derived
indicators are never stored, they are computed by `catalogue.derived`.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalogue.models import Chapter, Indicator, Section
from core.changelog import ChangeRecord
from libraries.models import Library, Region


class ReportingYearQuerySet(models.QuerySet):
    def for_region(self, region):
        return self.filter(region=region)

    def open(self):
        return self.filter(is_open=True)

    def closed(self):
        return self.filter(is_open=False)


class ReportingYear(models.Model):
    """One region's campaign for one year: each region opens, closes and sets the deadline
    of its own years. The national level reads years by their number (`year`)."""

    region = models.ForeignKey(Region, models.PROTECT, related_name="reporting_years",
                               verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    deadline = models.DateField(_("deadline"))
    is_open = models.BooleanField(_("open for entry"), default=False)

    objects = ReportingYearQuerySet.as_manager()

    class Meta:
        db_table = "indicators_reportingyear"
        verbose_name = _("reporting year")
        verbose_name_plural = _("reporting years")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"],
                                    name="reportingyear_unique_region_year"),
        ]

    def __str__(self):
        return str(self.year)


class SubmissionQuerySet(models.QuerySet):
    def for_region(self, region):
        return self.filter(library__region=region)

    def with_status(self, statuses):
        return self.filter(status__in=statuses)


class Submission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        ACCEPTED = "accepted", _("accepted")
        # A draft or returned report when its year was closed: one status, one name on
        # every page. Reopening the year restores the status it had (its StatusChange).
        LAPSED = "lapsed", _("not submitted by the deadline")

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    library = models.ForeignKey(Library, models.PROTECT, related_name="submissions",
                                verbose_name=_("library"))
    year = models.ForeignKey(ReportingYear, models.PROTECT, related_name="submissions",
                             verbose_name=_("year"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised each time a returned submission is reopened."))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    # What the form was when the report was last submitted: per indicator code its names
    # and the warning threshold its library's checks used ({"lv", "en", "t"}); next
    # year's “what changed” compares with it (`submissions.selectors.year_changes`).
    catalogue_seen = models.JSONField(_("catalogue when submitted"), null=True, blank=True,
                                      editable=False)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        db_table = "indicators_submission"
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-year__year"]
        constraints = [
            models.UniqueConstraint(fields=["library", "year"],
                                    name="submission_unique_library_year"),
        ]

    def __str__(self):
        return f"{self.library} · {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES and self.year.is_open


class Value(models.Model):
    """One figure of one submission. Empty value with not_applicable means “does not apply”."""

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="values",
                                   verbose_name=_("submission"))
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="values",
                                  verbose_name=_("indicator"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2,
                                null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    is_estimate = models.BooleanField(_("estimate"), default=False)
    explanation = models.TextField(
        _("explanation"), blank=True,
        help_text=_("Why a figure that raised a warning is right."))
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("changed by"))

    class Meta:
        db_table = "indicators_value"
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(fields=["submission", "indicator"],
                                    name="value_unique_submission_indicator"),
            models.CheckConstraint(condition=models.Q(value__gte=Decimal(0))
                                   | models.Q(value__isnull=True),
                                   name="value_not_negative"),
            models.CheckConstraint(condition=~models.Q(not_applicable=True,
                                                       value__isnull=False),
                                   name="value_not_applicable_is_empty"),
        ]

    def __str__(self):
        return f"{self.submission} · {self.indicator.code} = {self.value}"


class ChapterText(models.Model):
    """A library's text for one section of the template (sanitised HTML)."""

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="texts",
                                   verbose_name=_("submission"))
    section = models.ForeignKey(Section, models.PROTECT, related_name="texts",
                                verbose_name=_("section"))
    html = models.TextField(_("text"), blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("changed by"))

    class Meta:
        db_table = "indicators_chaptertext"
        verbose_name = _("chapter text")
        verbose_name_plural = _("chapter texts")
        constraints = [
            models.UniqueConstraint(fields=["submission", "section"],
                                    name="text_unique_submission_section"),
        ]

    def __str__(self):
        return f"{self.submission} · {self.section.code}"


class ListRow(models.Model):
    """Common columns of the submission's lists (training, projects, improvement works)."""

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="%(class)ss",
                                   verbose_name=_("submission"))
    revision = models.PositiveIntegerField(_("revision"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["pk"]


class TrainingEvent(ListRow):
    """A professional development event attended by the library's staff."""

    date_from = models.DateField(_("date (from)"))
    date_to = models.DateField(_("until"), null=True, blank=True)
    place = models.CharField(_("place or platform"), max_length=200, blank=True)
    organiser = models.CharField(_("organiser"), max_length=300, blank=True)
    title = models.CharField(_("title and topics"), max_length=500)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    participants = models.PositiveIntegerField(_("participants"))

    class Meta(ListRow.Meta):
        db_table = "indicators_trainingevent"
        verbose_name = _("professional development event")
        verbose_name_plural = _("professional development events")
        ordering = ["date_from", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="training_hours_positive"),
            models.CheckConstraint(condition=models.Q(participants__gte=1),
                                   name="training_participants_positive"),
            models.CheckConstraint(condition=models.Q(date_to__isnull=True)
                                   | models.Q(date_to__gte=models.F("date_from")),
                                   name="training_period_in_order"),
        ]

    def __str__(self):
        return self.title


class Project(ListRow):
    class Support(models.TextChoices):
        SUPPORTED = "yes", _("supported")
        NOT_SUPPORTED = "no", _("not supported")
        PENDING = "pending", _("pending")

    title = models.CharField(_("title"), max_length=300)
    funders = models.CharField(_("funders"), max_length=300)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    description = models.TextField(_("description and period"), blank=True)
    support = models.CharField(_("supported"), max_length=10, choices=Support.choices,
                               default=Support.PENDING)

    class Meta(ListRow.Meta):
        db_table = "indicators_project"
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0),
                                   name="project_amount_not_negative"),
        ]

    def __str__(self):
        return self.title


class ImprovementWork(ListRow):
    description = models.CharField(_("what was done"), max_length=500)
    cost = models.DecimalField(_("cost (EUR)"), max_digits=12, decimal_places=2,
                               null=True, blank=True)

    class Meta(ListRow.Meta):
        db_table = "indicators_improvementwork"
        verbose_name = _("improvement work")
        verbose_name_plural = _("improvement works")
        constraints = [
            models.CheckConstraint(condition=models.Q(cost__gte=0) | models.Q(cost__isnull=True),
                                   name="improvement_cost_not_negative"),
        ]

    def __str__(self):
        return self.description


def picture_path(picture, filename):
    return f"pictures/{picture.submission.year.year}/{picture.submission.library.slug}/{filename}"


class Picture(models.Model):
    """An appendix picture with its caption and the chapter it illustrates."""

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="pictures",
                                   verbose_name=_("submission"))
    chapter = models.ForeignKey(Chapter, models.PROTECT, related_name="pictures",
                                verbose_name=_("chapter"))
    image = models.ImageField(_("picture"), upload_to=picture_path)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=picture_path, blank=True)
    caption = models.CharField(_("caption"), max_length=300)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("uploaded by"))

    class Meta:
        db_table = "indicators_picture"
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")
        ordering = ["chapter__number", "pk"]

    def __str__(self):
        return self.caption


class AuditEntry(ChangeRecord):
    """One recorded change: who changed what, when, from what to what."""

    class Action(models.TextChoices):
        CHANGED = "changed", _("changed")
        ADDED = "added", _("added")
        DELETED = "deleted", _("deleted")
        STATUS = "status", _("status")

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="audit_entries",
                                   verbose_name=_("submission"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    target = models.CharField(_("what"), max_length=200,
                              help_text=_("e.g. value:users.active, text:5-services, training:12"))
    label = models.CharField(_("label"), max_length=500, blank=True)
    old = models.TextField(_("old"), blank=True)
    new = models.TextField(_("new"), blank=True)

    class Meta:
        db_table = "indicators_auditentry"
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.target}: {self.old} → {self.new}"


class StatusChange(ChangeRecord):
    """A transition of a submission (submitted, returned, accepted, reopened) and why."""

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="status_changes",
                                   verbose_name=_("submission"))
    from_status = models.CharField(_("from"), max_length=10, choices=Submission.Status.choices)
    to_status = models.CharField(pgettext_lazy("status changed to", "to"), max_length=10,
                                 choices=Submission.Status.choices)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        db_table = "indicators_statuschange"
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.submission}: {self.from_status} → {self.to_status}"


class RemovedDraft(models.Model):
    """A draft removed because its library was closed or merged from its year: the link
    emailed for it then explains what happened instead of answering “not found”."""

    submission_pk = models.PositiveIntegerField(_("report number"), unique=True)
    library = models.ForeignKey(Library, models.CASCADE, related_name="+",
                                verbose_name=_("library"))
    year = models.PositiveIntegerField(_("year"))
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        db_table = "indicators_removeddraft"
        verbose_name = _("removed draft")
        verbose_name_plural = _("removed drafts")

    def __str__(self):
        return f"{self.library} · {self.year}"


class LibraryNote(models.Model):
    """A library's own private note on a figure (indicator) or a chapter for a year, e.g.
    “virtual visits counted from the website statistics, not Facebook”. Next year it is
    shown beside the same figure. Read by the library's librarians and its region's
    methodologist only (`libraries.permissions.Access.can_read_library_notes`); never part
    of a report, an export or the open data (nothing there reads this model). Plain text,
    written through `submissions.services.library_note_save`."""

    MAX_LENGTH = 2000

    library = models.ForeignKey(Library, models.CASCADE, related_name="notes",
                                verbose_name=_("library"))
    indicator = models.ForeignKey(Indicator, models.CASCADE, null=True, blank=True,
                                  related_name="+", verbose_name=_("indicator"))
    chapter = models.ForeignKey(Chapter, models.CASCADE, null=True, blank=True,
                                related_name="+", verbose_name=_("chapter"))
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("note"), max_length=MAX_LENGTH)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("author"))
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        db_table = "indicators_librarynote"
        verbose_name = _("library's note")
        verbose_name_plural = _("libraries' notes")
        ordering = ["-year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(indicator__isnull=False, chapter__isnull=True)
                           | models.Q(indicator__isnull=True, chapter__isnull=False)),
                name="librarynote_indicator_or_chapter"),
            models.UniqueConstraint(fields=["library", "indicator", "year"],
                                    condition=models.Q(indicator__isnull=False),
                                    name="librarynote_one_per_figure_year"),
            models.UniqueConstraint(fields=["library", "chapter", "year"],
                                    condition=models.Q(chapter__isnull=False),
                                    name="librarynote_one_per_chapter_year"),
        ]

    def __str__(self):
        return f"{self.library} · {self.year}: {self.text[:60]}"

    @property
    def target(self) -> str:
        """The audit log's name of what the note is on: note:visits.total, note:chapter-3."""
        if self.indicator_id:
            return f"note:{self.indicator.code}"
        return f"note:chapter-{self.chapter.number}"
