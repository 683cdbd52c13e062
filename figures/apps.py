from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class FiguresConfig(AppConfig):
    name = "figures"
    verbose_name = pgettext_lazy("app", "Figures")
