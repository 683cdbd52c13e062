from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.urls import reverse

from accounts.services import password_reset_allowed
from notifications import links
from notifications.services import email_queue


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
