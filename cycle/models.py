"""What the methodologist changes in the region over the years, recorded: opening and
closing years, people, the catalogue and the network. One row per change."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.changelog import ChangeRecord
from libraries.models import Region


class RegionChange(ChangeRecord):
    class Kind(models.TextChoices):
        YEAR = "year", _("reporting year")
        PERSON = "person", _("person")
        INDICATOR = "indicator", _("indicator")
        LIBRARY = "library", _("library")

    region = models.ForeignKey(Region, models.CASCADE, related_name="changes",
                               verbose_name=_("region"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="region_changes", verbose_name=_("person"),
        help_text=_("The person a change of people is about (an invitation keeps an "
                    "invited person in the region's list until they have a library)."))
    subject = models.CharField(_("what"), max_length=300)
    text = models.CharField(_("change"), max_length=500)

    class Meta:
        verbose_name = _("change in the region")
        verbose_name_plural = _("changes in the region")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.subject}: {self.text}"


class CatalogueChange(ChangeRecord):
    """The national template's change log: every change of the catalogue shared by all
    regions (chapters' indicators, “of which” rows, units, the default warning
    thresholds), made by the national methodologist or an administrator. Every region's
    methodologist reads it on the catalogue page."""

    subject = models.CharField(_("what"), max_length=300)
    text = models.CharField(_("change"), max_length=500)

    class Meta:
        verbose_name = _("change of the national template")
        verbose_name_plural = _("changes of the national template")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.subject}: {self.text}"
