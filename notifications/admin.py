"""Outgoing email for administrators: what was sent, what failed and why; send again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.models import KIND_LABELS, OutgoingEmail
from notifications.tasks import email_schedule


class KindFilter(admin.SimpleListFilter):
    """The kinds of email by what they are, in the reader's language."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        kinds = OutgoingEmail.objects.order_by("kind").values_list("kind", flat=True).distinct()
        return [(kind, KIND_LABELS.get(kind, kind)) for kind in kinds if kind]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind_shown", "subject", "recipients", "status", "attempts",
                    "last_error"]
    list_filter = ["status", KindFilter]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    readonly_fields = [field.name for field in OutgoingEmail._meta.fields]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_shown(self, email):
        return email.kind_label

    @admin.display(description=_("to"))
    def recipients(self, email):
        return ", ".join(email.to)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected emails again"))
    def send_again(self, request, queryset):
        emails = list(queryset.exclude(status=OutgoingEmail.Status.SENT))
        for email in emails:
            OutgoingEmail.objects.filter(pk=email.pk).update(
                status=OutgoingEmail.Status.QUEUED, attempts=0)
            email_schedule(email=email)
        self.message_user(request, ngettext("%(count)d email queued again.",
                                            "%(count)d emails queued again.",
                                            len(emails)) % {"count": len(emails)},
                          messages.SUCCESS)
