"""The shape every change log shares: who made a change and when.

`ChangeRecord` is abstract; each log keeps its own table, because its readers differ: a
report's audit trail and status changes (`indicators.AuditEntry`, `StatusChange`), a
region's change log (`cycle.RegionChange`) and the national template's
(`cycle.CatalogueChange`). The security log (`accounts.SecurityEvent`) is not one of
them: its `user` is the person the event is about, not the author of a change.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeRecord(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("changed by"))
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]
