"""A library's year: reporting years, submissions, values, texts, lists,
pictures, the audit trail and status changes; their checks, writes and
workflow."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Reports of the libraries")
