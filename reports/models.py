"""The reports app's own records: regional texts and events, published versions, PDF jobs."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalogue.models import Section
from libraries.models import Region


class RegionalText(models.Model):
    """The methodologist's text for one section of the consolidated report (sanitised HTML)."""

    region = models.ForeignKey(Region, models.CASCADE, related_name="regional_texts",
                               verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    section = models.ForeignKey(Section, models.PROTECT, related_name="regional_texts",
                                verbose_name=_("section"))
    html = models.TextField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("changed by"))

    class Meta:
        verbose_name = _("regional text")
        verbose_name_plural = _("regional texts")
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "section"],
                                    name="regional_text_unique_region_year_section"),
        ]

    def __str__(self):
        return f"{self.region} · {self.year} · {self.section.code}"


class RegionalEvent(models.Model):
    """An event of the regional main library for the network (chapter 12's table)."""

    region = models.ForeignKey(Region, models.CASCADE, related_name="regional_events",
                               verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    date_from = models.DateField(_("date (from)"))
    date_to = models.DateField(_("until"), null=True, blank=True)
    place = models.CharField(_("place or platform"), max_length=200, blank=True)
    organiser = models.CharField(_("organiser"), max_length=300, blank=True)
    title = models.CharField(_("title and topics"), max_length=500)
    participants = models.PositiveIntegerField(_("participants"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)

    class Meta:
        verbose_name = _("regional event")
        verbose_name_plural = _("regional events")
        ordering = ["date_from", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0),
                                   name="regional_event_hours_positive"),
            models.CheckConstraint(condition=models.Q(date_to__isnull=True)
                                   | models.Q(date_to__gte=models.F("date_from")),
                                   name="regional_event_period_in_order"),
        ]

    def __str__(self):
        return self.title


class JobState(models.TextChoices):
    NONE = "", _("not made")
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("being made")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


def pdf_path(job, filename):
    return f"reports/{job.year}/{filename}"


class PublishedReport(models.Model):
    """A frozen version of a year's report: rendered from its snapshot only."""

    region = models.ForeignKey(Region, models.PROTECT, related_name="published_reports",
                               verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("published by"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        verbose_name = _("published report")
        verbose_name_plural = _("published reports")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "version"],
                                    name="published_report_unique_version"),
        ]

    def __str__(self):
        return f"{self.region} · {self.year} · v{self.version}"

    @property
    def pdf_job(self):
        """The job that made (or is making) this version's PDF in the active language.

        Uses `prefetch_related("pdf_jobs")` when the caller made it (a version has a job
        or two per language, so reading them all is cheap otherwise).
        """
        language = job_language()
        return max((job for job in self.pdf_jobs.all() if job.language == language),
                   key=lambda job: job.pk, default=None)


def job_language(language: str | None = None) -> str:
    """The portal language a PDF is made in: the active one (lv or en), else Latvian."""
    code = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


NATIONAL = "national"  # PdfJob.scope of the national report (no region)
DASHBOARD = "dashboard"  # PdfJob.scope of a region's dashboard (source_key "<source>:<metric>")


class PdfJob(models.Model):
    """One PDF rendering done in the background, with its progress and the file it made.

    A region's report (`scope` accepted or all, or a published version) or the national
    report (`scope` national, no region; `source_key` is the digest of the published
    versions it is made from), or a region's dashboard (`scope` dashboard; `source_key`
    is "<figures>:<metric>", the figures being `figures.sources`' published, current or
    all). Each job is made in one `language`; a finished file is
    reused only for readers of that language.
    """

    region = models.ForeignKey(Region, models.CASCADE, related_name="pdf_jobs",
                               null=True, blank=True, verbose_name=_("region"),
                               help_text=_("empty for the national report"))
    year = models.PositiveSmallIntegerField(_("year"))
    scope = models.CharField(_("submissions"), max_length=10, default="accepted",
                             help_text=_("accepted, all, or national (ignored for "
                                         "published versions)"))
    language = models.CharField(_("language"), max_length=8, default="lv",
                                choices=settings.LANGUAGES)
    source_key = models.CharField(_("data digest"), max_length=64, blank=True,
                                  help_text=_("national report: what it was made from"))
    published = models.ForeignKey(PublishedReport, models.CASCADE, null=True, blank=True,
                                  related_name="pdf_jobs", verbose_name=_("published version"))
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices,
                             default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    file = models.FileField(_("PDF"), upload_to=pdf_path, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("requested by"))
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("PDF job")
        verbose_name_plural = _("PDF jobs")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100),
                                   name="pdf_job_progress_at_most_100"),
            # the national report has no region; every other job has one
            models.CheckConstraint(
                condition=(models.Q(scope=NATIONAL, region__isnull=True, published__isnull=True)
                           | (~models.Q(scope=NATIONAL) & models.Q(region__isnull=False))),
                name="pdf_job_region_unless_national"),
        ]
        indexes = [models.Index(fields=["scope", "year", "language", "source_key"],
                                name="pdf_job_reuse")]

    def __str__(self):
        return f"PDF {self.region or NATIONAL} {self.year} {self.language} ({self.state})"

    @property
    def is_national(self) -> bool:
        return self.scope == NATIONAL

    @property
    def is_dashboard(self) -> bool:
        return self.scope == DASHBOARD

    @property
    def dashboard_source(self) -> str:
        """The dashboard's figures (published, current or all); empty for a report."""
        return self.source_key.partition(":")[0] if self.is_dashboard else ""

    @property
    def dashboard_metric(self) -> str:
        return self.source_key.partition(":")[2] if self.is_dashboard else ""

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)
