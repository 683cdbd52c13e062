"""Every email the portal sends, kept until sent (and afterwards, as a record).

A workflow step never talks to the mail server itself: it stores the message here and the
background worker sends it, retrying a few times. What could not be sent stays visible to the
administrator with its error.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# What each kind of email is, for the administrator's list (`kind` is the email
# template's name; a kind not listed here is shown as it is).
KIND_LABELS = {
    "submitted": _("report submitted"),
    "returned": _("report returned"),
    "accepted": _("report accepted"),
    "reminder": _("reminder"),
    "triage_ask": _("question about a figure"),
    "year_opened": _("year opened"),
    "year_closed": _("report not submitted by the deadline"),
    "library_merged": _("library merged"),
    "library_closed": _("library closed"),
    "invitation": _("invitation"),
    "password_reset": _("password reset"),
}


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    MAX_ATTEMPTS = 5

    kind = models.CharField(_("kind"), max_length=50, blank=True,
                            help_text=_("e.g. submitted, returned, reminder, password_reset"))
    to = models.JSONField(_("to"), default=list)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


class WorkerHeartbeat(models.Model):
    """When the background worker was last seen: one row, written by the worker
    (`manage.py worker`) while it runs, read on the administrator's home page."""

    worker_id = models.CharField(_("worker"), max_length=64)
    last_seen = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("background worker")
        verbose_name_plural = _("background worker")

    def __str__(self):
        return f"{self.worker_id} {self.last_seen:%Y-%m-%d %H:%M:%S}"
