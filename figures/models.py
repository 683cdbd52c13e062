"""The published figures, flat: written once when a report version is published, never changed.

A published version (`reports.PublishedReport`) freezes its year and the two years before
it. Each of those years is a `PublishedYear` (which version, which region, which year, and
the libraries as the version named them); each figure of it is a `PublishedValue` (one
library, one entered indicator, its value or null for "not applicable"/empty, exactly as
the version's snapshot says). `figures.published` writes them and is their one reader.

The rows refer to the published version by a lazy foreign key ("reports.PublishedReport"):
the figures layer sits below the reports app and imports nothing from it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedYear(models.Model):
    """One year of one published version: the set of figures that version froze for it.

    Region, report year, version and date are the version's own (read through the foreign
    key, never copied).
    """

    published = models.ForeignKey("reports.PublishedReport", models.CASCADE,
                                  related_name="figure_years",
                                  verbose_name=_("published version"))
    year = models.PositiveSmallIntegerField(_("year"))
    # {library slug: {"name", "kind", "parish", "active"[, "merged_into", "closed_from"]}}
    # as the version named them (parish and active as they were when it was published)
    libraries = models.JSONField(_("libraries"), default=dict)

    class Meta:
        verbose_name = _("published year")
        verbose_name_plural = _("published years")
        constraints = [
            models.UniqueConstraint(fields=["published", "year"],
                                    name="published_year_unique"),
        ]

    def __str__(self):
        return f"{self.year} (published version {self.published_id})"


class PublishedValue(models.Model):
    """One library's published figure of one entered indicator in one year of a version.

    Region and library are kept as the slugs the version froze (and the year is copied
    from the `PublishedYear`), so the open data API's filters and its stable order
    (region, library, year) are read from this table's own indexes.
    """

    figure_year = models.ForeignKey(PublishedYear, models.CASCADE, related_name="values",
                                    verbose_name=_("published year"))
    region = models.SlugField(_("region"), db_index=False)
    year = models.PositiveSmallIntegerField(_("year"))
    library = models.SlugField(_("library"), db_index=False)
    code = models.CharField(_("indicator code"), max_length=80)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True,
                                blank=True)

    class Meta:
        verbose_name = _("published value")
        verbose_name_plural = _("published values")
        constraints = [
            models.UniqueConstraint(fields=["figure_year", "library", "code"],
                                    name="published_value_unique"),
        ]
        indexes = [
            models.Index(fields=["code", "year"], name="published_value_code_year"),
            models.Index(fields=["region", "library", "year"],
                         name="published_value_region"),
            models.Index(fields=["library", "year"], name="published_value_library"),
        ]

    def __str__(self):
        return f"{self.library} {self.year} {self.code} = {self.value}"
