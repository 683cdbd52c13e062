"""The open-data packages, each built once from what was published and kept as a file."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredPackage(models.Model):
    """A year's ZIP (of one region, or of all when `region` is empty) as built from the
    published state named by `key` (`opendata.packages.package_key`); served as it is
    while that state holds, replaced when a newer version changes it."""

    year = models.PositiveSmallIntegerField(_("year"))
    region = models.SlugField(_("region"), blank=True)  # "": every region
    key = models.CharField(_("source key"), max_length=64)
    filename = models.CharField(_("file name"), max_length=200)
    file = models.FileField(_("file"), upload_to="opendata/packages/", max_length=300)
    size = models.PositiveBigIntegerField(_("size"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("open-data package")
        verbose_name_plural = _("open-data packages")
        constraints = [
            models.UniqueConstraint(fields=["year", "region", "key"],
                                    name="stored_package_unique"),
        ]

    def __str__(self):
        return self.filename
