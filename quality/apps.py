from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = _("Quality of the figures")

    def ready(self):
        """Hand the checks of a submission (`indicators.validation`) their context reader:
        this app reads a library's figures, so that app cannot import it."""
        from indicators.validation import QualityReader, use_quality
        from quality.models import RatioLimit
        from quality.selectors import ratio_limits, submission_quality

        use_quality(QualityReader(context=submission_quality, ratio_limits=ratio_limits,
                                  ratio_limit_model=RatioLimit))
