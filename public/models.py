"""Public pages kept as built, in the database every process shares."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from libraries.models import Region


class StoredPage(models.Model):
    """A public page as built for one published state: served as it is while its key (the
    page's ETag, which names its language, with the scheme and host its absolute links
    name) holds; the region's pages of an older state (`published`: its published
    versions, the catalogue's version, its context events) are deleted when a page of a
    newer one is stored (`public.services.page_store`)."""

    region = models.ForeignKey(Region, models.CASCADE, related_name="+",
                               verbose_name=_("region"))
    key = models.CharField(_("key"), max_length=64, unique=True)
    published = models.CharField(_("published state"), max_length=64)
    content = models.BinaryField(_("content"))
    content_type = models.CharField(_("content type"), max_length=100)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored public page")
        verbose_name_plural = _("stored public pages")
        indexes = [models.Index(fields=["region", "published"],
                                name="stored_page_region_state")]

    def __str__(self):
        return self.key
