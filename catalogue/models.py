"""The indicator catalogue: chapters, their text sections, indicators, the
regions' own warning thresholds and the ratio limits. Derived indicators are
never stored: `catalogue.derived` computes them."""


from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import pick
from libraries.models import Region


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
        db_table = "indicators_chapter"
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
        db_table = "indicators_section"
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
        db_table = "indicators_indicator"
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
        db_table = "indicators_regionthreshold"
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


class RatioLimit(models.Model):
    """A plausible range of one figure divided by another (e.g. loans per visit).

    Codes are catalogue codes (derived ones allowed, e.g. `acquisition_funding.total`);
    the librarian explains a ratio outside the range on the numerator's figure.
    """

    numerator = models.CharField(_("numerator (indicator code)"), max_length=80)
    denominator = models.CharField(_("denominator (indicator code)"), max_length=80)
    low = models.DecimalField(_("lowest plausible ratio"), max_digits=12, decimal_places=4,
                              null=True, blank=True)
    high = models.DecimalField(_("highest plausible ratio"), max_digits=12, decimal_places=4,
                               null=True, blank=True)
    name_lv = models.CharField(_("name (Latvian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    # The autosave keeps the limits with the catalogue while this stays the same.
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        db_table = "quality_ratiolimit"
        verbose_name = _("ratio limit")
        verbose_name_plural = _("ratio limits")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["numerator", "denominator"],
                                    name="ratiolimit_unique_pair"),
            models.CheckConstraint(condition=models.Q(low__isnull=True)
                                   | models.Q(high__isnull=True)
                                   | models.Q(high__gte=models.F("low")),
                                   name="ratiolimit_low_not_above_high"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_lv, self.name_en)
