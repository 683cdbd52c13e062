from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import two_factor
from accounts.services import password_reset_allowed
from notifications import links
from notifications.services import email_queue

WRONG_CODE = _("The code is wrong or has expired. Check the time on your phone and try again.")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                      "autofocus": True, "spellcheck": "false"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        code = self.cleaned_data["code"]
        self.device = self.check(code)
        if self.device is None:
            raise forms.ValidationError(WRONG_CODE)
        return code

    def check(self, code):
        return two_factor.check_code(self.user, code)


class SetupForm(CodeForm):
    """The first code from the authenticator app confirms the new (unconfirmed) device."""

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_device = device

    def check(self, code):
        code = two_factor.normalise_code(code)
        return self.new_device if code.isdigit() and self.new_device.verify_token(code) else None


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the email sent by the worker: the page answers the same
    whatever the mail server does. Requests are limited per email address and per client
    address (`accounts.services.password_reset_allowed`), answered the same. The link is
    built on SITE_URL, as the invitations' are, never on the Host header of the request."""

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        if not password_reset_allowed(email=self.cleaned_data["email"], request=request):
            return None  # the same page as when the address has no account: nothing sent
        site = urlsplit(settings.SITE_URL)
        return super().save(domain_override=site.netloc, use_https=site.scheme == "https",
                            request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        context = {**context, "link": links.site_link(reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"],
                                              "token": context["token"]}))}
        subject = loader.render_to_string(subject_template_name, context)
        body = loader.render_to_string(email_template_name, context)
        html = (loader.render_to_string(html_email_template_name, context)
                if html_email_template_name else "")
        email_queue(to=[to_email], subject=subject, body=body, html=html,
                    kind="password_reset")
