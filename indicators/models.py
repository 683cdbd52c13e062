"""The indicator catalogue, reporting years and each library's submission.

Every entered figure is one Value row (submission × indicator); derived
indicators are never stored, they are computed by `indicators.derived`.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from libraries.models import Library, Region
from libreport.changelog import ChangeRecord
from libreport.i18n import pick


class Chapter(models.Model):
    """A chapter of the LNB report template (0 summary … 12 methodological work, 13 appendices)."""

    APPENDICES = 13
    # A region's own questions (`Indicator.region`, `Section.region`): a part of their own
    # after the template's chapters, asked and shown only in that region.
    REGIONAL = 14

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title_lv = models.CharField(_("title (Latvian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    regional_only = models.BooleanField(
        _("regional level only"), default=False,
        help_text=_("Written by the methodologist only, not by the libraries."))

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number < self.APPENDICES else self.title

    @property
    def title(self) -> str:
        return pick(self.title_lv, self.title_en)


class Section(models.Model):
    """A text section of a chapter, with the template's prompts as guidance."""

    chapter = models.ForeignKey(Chapter, models.CASCADE, related_name="sections",
                                verbose_name=_("chapter"))
    code = models.CharField(_("code"), max_length=80, unique=True)
    # Empty: the national template's; a region: that region's own question, asked only of
    # its libraries (`Chapter.REGIONAL`), from `valid_from` to `valid_to`.
    region = models.ForeignKey(Region, models.PROTECT, null=True, blank=True,
                               related_name="own_sections", verbose_name=_("region"))
    valid_from = models.PositiveSmallIntegerField(_("in force from year"), null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(_("in force until year"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_lv = models.CharField(_("title (Latvian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    prompt_lv = models.TextField(_("guidance (Latvian)"), blank=True)
    prompt_en = models.TextField(_("guidance (English)"), blank=True)

    class Meta:
        verbose_name = _("text section")
        verbose_name_plural = _("text sections")
        ordering = ["chapter__number", "order"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return pick(self.title_lv, self.title_en)

    @property
    def prompt(self) -> str:
        return pick(self.prompt_lv, self.prompt_en)

    def in_force(self, year: int) -> bool:
        return ((self.valid_from is None or self.valid_from <= year)
                and (self.valid_to is None or self.valid_to >= year))


def in_scope(region) -> models.Q:
    """The national template's rows and, with a region (or its id), that region's own."""
    if region is None:
        return models.Q(region__isnull=True)
    return models.Q(region__isnull=True) | models.Q(region=region)


class IndicatorQuerySet(models.QuerySet):
    def for_region(self, region):
        """The national template and `region`'s own questions (None: the template only)."""
        return self.filter(in_scope(region))

    def in_force(self, year: int):
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=year),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=year),
        )

    def entered(self):
        return self.exclude(kind=Indicator.Kind.DERIVED)

    def derived(self):
        return self.filter(kind=Indicator.Kind.DERIVED)


class Indicator(models.Model):
    class Gender(models.TextChoices):
        MASCULINE = "m", _("masculine")
        FEMININE = "f", _("feminine")

    class Kind(models.TextChoices):
        COUNT = "count", _("whole number")
        EUR = "eur", _("money (EUR)")
        FTE = "fte", _("staff units")
        BOOL = "bool", _("yes / no")
        DERIVED = "derived", _("derived")

    class Unit(models.TextChoices):
        NUMBER = "number", _("number")
        EUR = "eur", "EUR"
        FTE = "fte", _("FTE")
        YES_NO = "yesno", _("yes / no")
        PERCENT = "percent", "%"
        RATIO = "ratio", _("times")
        EUR_PER_PERSON = "eur_per_person", _("EUR per person")
        EUR_PER_VISIT = "eur_per_visit", _("EUR per visit")
        PER_PERSON = "per_person", _("per person")
        LIBRARIES = "libraries", _("libraries")
        EUR_PER_LOAN = "eur_per_loan", _("EUR per loan")
        PER_THOUSAND = "per_thousand", _("per 1,000 inhabitants")

    code = models.CharField(_("code"), max_length=80, unique=True,
                            help_text=_("Stable code used by exports and imports; never reused."))
    # Empty: the national template; a region: that region's own question (code
    # “<region slug>.<code>”), asked only of its libraries, in `Chapter.REGIONAL`.
    region = models.ForeignKey(Region, models.PROTECT, null=True, blank=True,
                               related_name="own_indicators", verbose_name=_("region"))
    name_lv = models.CharField(_("name (Latvian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.NUMBER)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name=_("of which (parent)"))
    chapter = models.ForeignKey(Chapter, models.PROTECT, related_name="indicators",
                                verbose_name=_("chapter"))
    order = models.PositiveIntegerField(_("order"), default=0)
    formula = models.CharField(
        _("formula"), max_length=300, blank=True,
        help_text=_("Derived indicators only, e.g. “users.active / population.total * 100”."))
    decimals = models.PositiveSmallIntegerField(_("decimal places"), default=0)
    # What a derived indicator means, in words a resident understands (the public pages
    # and the open data's catalogue show it beside the figure).
    definition_lv = models.TextField(_("definition (Latvian)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    valid_from = models.PositiveSmallIntegerField(_("in force from year"), null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(_("in force until year"), null=True, blank=True)
    change_threshold_pct = models.PositiveSmallIntegerField(
        _("warn at change on last year (%)"), null=True, blank=True, default=30,
        help_text=_("Empty: no warning on change."))
    unchanged_is_unlikely = models.BooleanField(
        _("warn when identical to last year"), default=False)
    required = models.BooleanField(_("required"), default=True)
    max_value = models.DecimalField(
        _("largest plausible value"), max_digits=16, decimal_places=2, null=True, blank=True,
        help_text=_("Values above this are refused as absurd."))
    # The grammar of the facts' sentences (`reports.facts`): the indicator's name as a
    # sentence's subject and the forms the words agreeing with it take.
    phrase_lv = models.CharField(
        _("as a sentence's subject (Latvian)"), max_length=300, blank=True,
        help_text=_("Nominative, e.g. “apmeklējums”, “izdevumi”, “Letonikas lejupielādes”."))
    phrase_en = models.CharField(
        _("as a sentence's subject (English)"), max_length=300, blank=True,
        help_text=_("E.g. “visits”, “the total stock”."))
    gender_lv = models.CharField(_("gender of the Latvian noun"), max_length=1,
                                 choices=Gender.choices, blank=True)
    plural_lv = models.BooleanField(_("the Latvian noun is plural"), default=False)
    plural_en = models.BooleanField(_("the English noun is plural"), default=False)
    # The autosave keeps the catalogue while this (with the count) stays the same.
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["chapter__number", "order"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="derived") & ~models.Q(formula=""))
                | (~models.Q(kind="derived") & models.Q(formula="")),
                name="indicator_formula_only_when_derived",
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.name}"

    @property
    def name(self) -> str:
        return pick(self.name_lv, self.name_en)

    @property
    def definition(self) -> str:
        return pick(self.definition_lv, self.definition_en)

    @property
    def label(self) -> str:
        """The name that says which row is meant: an “of which” row names its total too,
        “t. sk. bērni līdz 18 g. (Aktīvo lietotāju skaits)”; any other row is its name.
        (Load the parent with select_related("parent") when labelling many rows.)"""
        if self.parent_id is None:
            return self.name
        return f"{self.name} ({self.parent.name})"

    @property
    def is_derived(self) -> bool:
        return self.kind == self.Kind.DERIVED

    @property
    def is_bool(self) -> bool:
        return self.kind == self.Kind.BOOL

    @property
    def is_percentage(self) -> bool:
        return self.unit == self.Unit.PERCENT

    def in_force(self, year: int) -> bool:
        return ((self.valid_from is None or self.valid_from <= year)
                and (self.valid_to is None or self.valid_to >= year))


class RegionThreshold(models.Model):
    """A region's own warning threshold for an indicator: its libraries' change warnings
    use it instead of the national default (`Indicator.change_threshold_pct`). Set by
    the region's methodologist (`cycle.catalogue.region_threshold_set`); no row: the
    national default."""

    region = models.ForeignKey(Region, models.CASCADE, related_name="thresholds",
                               verbose_name=_("region"))
    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="region_thresholds",
                                  verbose_name=_("indicator"))
    change_threshold_pct = models.PositiveSmallIntegerField(
        _("warn at change on last year (%)"))
    # The autosave keeps the thresholds with the catalogue while this (with the count)
    # stays the same.
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        verbose_name = _("region's warning threshold")
        verbose_name_plural = _("regions' warning thresholds")
        constraints = [
            models.UniqueConstraint(fields=["region", "indicator"],
                                    name="regionthreshold_one_per_region_indicator"),
            models.CheckConstraint(condition=models.Q(change_threshold_pct__gte=1),
                                   name="regionthreshold_positive"),
        ]

    def __str__(self):
        return f"{self.region} · {self.indicator.code}: {self.change_threshold_pct} %"


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
    # year's “what changed” compares with it (`indicators.selectors.year_changes`).
    catalogue_seen = models.JSONField(_("catalogue when submitted"), null=True, blank=True,
                                      editable=False)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
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
        verbose_name = _("removed draft")
        verbose_name_plural = _("removed drafts")

    def __str__(self):
        return f"{self.library} · {self.year}"


class ReviewComment(models.Model):
    """The methodologist's comment on a field (an indicator or a text section) of a submission."""

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="comments",
                                   verbose_name=_("submission"))
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
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class LibraryNote(models.Model):
    """A library's own private note on a figure (indicator) or a chapter for a year, e.g.
    “virtual visits counted from the website statistics, not Facebook”. Next year it is
    shown beside the same figure. Read by the library's librarians and its region's
    methodologist only (`libraries.permissions.Access.can_read_library_notes`); never part
    of a report, an export or the open data (nothing there reads this model). Plain text,
    written through `indicators.services.library_note_save`."""

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
