"""The security log listens to Django's and axes' signals, so every screen that signs
people in or changes their roles is recorded, whoever wrote it: the admin, the portal's
own pages, a management command."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from accounts import sessions
from accounts.models import SecurityEvent
from accounts.services import security_event_record
from libraries.models import Membership, User

Kind = SecurityEvent.Kind
PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "is_active")


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    sessions.session_start(request, user)
    security_event_record(kind=Kind.LOGIN, user=user, request=request, actor=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        security_event_record(kind=Kind.LOGOUT, user=user, request=request, actor=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")
    security_event_record(kind=Kind.LOGIN_FAILED, username=username, request=request,
                          user=User.objects.filter(username=username).first())


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    security_event_record(kind=Kind.LOCKED_OUT, username=str(username or ""),
                          request=request,
                          user=User.objects.filter(username=username).first())


@receiver(pre_save, sender=User)
def _remember_privileges(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None
                               and not set(update_fields) & set(PRIVILEGE_FIELDS)):
        return
    instance._libreport_privileges_before = (
        User.objects.filter(pk=instance.pk).values(*PRIVILEGE_FIELDS).first())


@receiver(post_save, sender=User)
def _user_saved(sender, instance, created, update_fields=None, **kwargs):
    if created:
        return
    # set_password() before save(); not Django re-hashing at sign-in, which saves the
    # password field alone.
    if (getattr(instance, "_password", None) is not None
            and set(update_fields or ()) != {"password"}):
        security_event_record(kind=Kind.PASSWORD_CHANGED, user=instance)
    before = getattr(instance, "_libreport_privileges_before", None)
    instance._libreport_privileges_before = None
    if before:
        changed = [f"{name}: {before[name]} → {getattr(instance, name)}"
                   for name in PRIVILEGE_FIELDS if before[name] != getattr(instance, name)]
        if changed:
            security_event_record(kind=Kind.PRIVILEGES_CHANGED, user=instance,
                                  detail="; ".join(changed))


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
def _groups_changed(sender, instance, action, pk_set, model, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"} or not isinstance(instance, User):
        return
    names = ", ".join(str(obj) for obj in model.objects.filter(pk__in=pk_set or []))
    what = "groups" if sender is User.groups.through else "permissions"
    security_event_record(kind=Kind.PRIVILEGES_CHANGED, user=instance,
                          detail=f"{what} {action.removeprefix('post_')}: {names}")


@receiver(post_save, sender=Membership)
def _membership_saved(sender, instance, created, **kwargs):
    security_event_record(kind=Kind.MEMBERSHIP_ADDED if created else Kind.MEMBERSHIP_CHANGED,
                          user=instance.user, detail=str(instance))


@receiver(post_delete, sender=Membership)
def _membership_deleted(sender, instance, **kwargs):
    # No link to the user: this may be part of deleting the user.
    username = User.objects.filter(pk=instance.user_id).values_list(
        "username", flat=True).first() or ""
    where = (f"library {instance.library_id}" if instance.library_id
             else f"region {instance.region_id}")
    security_event_record(kind=Kind.MEMBERSHIP_REMOVED, username=username,
                          detail=f"{instance.get_role_display()} · {where}")
