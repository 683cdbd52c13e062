"""The catalogue: chapters, sections, indicators, the regions' own warning
thresholds and the ratio limits; derived figures, numbers shown, and the one
catalogue selector with its cache (`selectors.catalogue`)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Catalogue")
