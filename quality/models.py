"""What the quality checks keep: ratio limits (catalogue data), context events of a
library-year, and the methodologist's decisions on checks (asked, accepted).

The checks themselves are computed, never stored: see `quality.checks`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from libraries.models import Library


class ContextEventQuerySet(models.QuerySet):
    def for_region_year(self, region, year: int):
        return self.filter(library__region=region, year=year)


class ContextEvent(models.Model):
    """Something that explains a library's figures of a year: a closure, a renovation,
    a move or a long staff absence. The report footnotes it; peer statistics leave the
    library-year out."""

    class Kind(models.TextChoices):
        CLOSURE = "closure", _("closure")
        RENOVATION = "renovation", _("renovation")
        MOVE = "move", _("move to other premises")
        STAFF_ABSENCE = "staff_absence", _("long staff absence")

    library = models.ForeignKey(Library, models.CASCADE, related_name="context_events",
                                verbose_name=_("library"))
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("what happened"), max_length=20, choices=Kind.choices)
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("entered by"))
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    objects = ContextEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("context event")
        verbose_name_plural = _("context events")
        ordering = ["year", "date_from", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(date_to__isnull=True)
                                   | models.Q(date_to__gte=models.F("date_from")),
                                   name="contextevent_period_in_order"),
        ]

    def __str__(self):
        return f"{self.library} · {self.year} · {self.get_kind_display()}"


class CheckDecision(models.Model):
    """The methodologist's word on one check of one figure of one library-year."""

    class Status(models.TextChoices):
        FLAGGED = "flagged", _("flagged for follow-up")
        ASKED = "asked", _("library asked to explain")
        ACCEPTED = "accepted", _("accepted")

    library = models.ForeignKey(Library, models.CASCADE, related_name="check_decisions",
                                verbose_name=_("library"))
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("indicator code"), max_length=80)
    kind = models.CharField(_("kind of check"), max_length=20)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    measure = models.DecimalField(
        _("checked measure"), max_digits=20, decimal_places=4, null=True, blank=True,
        help_text=_("The value, ratio or score the check saw; next year's limits learn from "
                    "an accepted one."))
    follow_up = models.BooleanField(_("follow up"), default=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), auto_now=True)

    class Meta:
        verbose_name = _("check decision")
        verbose_name_plural = _("check decisions")
        constraints = [
            models.UniqueConstraint(fields=["library", "year", "code", "kind"],
                                    name="checkdecision_unique_check"),
        ]

    def __str__(self):
        return f"{self.library} · {self.year} · {self.code} · {self.kind}: {self.status}"
