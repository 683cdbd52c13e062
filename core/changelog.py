"""The shape every change log shares: who made a change and when.

`ChangeRecord` is abstract; each log keeps its own table, because its readers differ: a
report's audit trail and status changes (`submissions.AuditEntry`, `StatusChange`), a
region's change log (`cycle.RegionChange`) and the national template's
(`cycle.CatalogueChange`). The security log (`accounts.SecurityEvent`) is not one of
them: its `user` is the person the event is about, not the author of a change.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


class ChangeRecord(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("changed by"))
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]


@dataclass(frozen=True)
class HistoryRow:
    """One line of a change log as the one history listing shows it
    (`templates/_history.html`): when, who, what, and the log's own cells as (column,
    text) pairs — a report's audit trail “Before” and “After”, its status changes “Why”.
    Each log's owner builds its rows: `entry.views.history`, `review.selectors`,
    `log_rows` for the region's and the national template's logs."""

    at: datetime
    who: str
    what: str
    cells: tuple[tuple[str, str, str], ...] = ()


def who(user) -> str:
    """The author of a change: full name, else user name, else “–” (removed or a script)."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()


def log_rows(changes) -> list[HistoryRow]:
    """The rows of a log whose changes say what they changed (`subject`) and how (`text`):
    the region's (`cycle.RegionChange`) and the national template's (`CatalogueChange`)."""
    return [HistoryRow(change.at, who(change.user),
                       format_html("<strong>{}</strong>: {}", change.subject, change.text))
            for change in changes]
