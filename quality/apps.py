from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = _("Quality of the figures")

    def ready(self):
        """Hand the checks of a submission (`submissions.validation`) their context reader:
        this app reads a library's figures, so that app cannot import it."""
        from quality.selectors import submission_quality
        from submissions.validation import QualityReader, use_quality

        use_quality(QualityReader(context=submission_quality))
