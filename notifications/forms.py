from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from notifications.services import email_queue


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the email sent by the worker: the page answers the same
    whatever the mail server does."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        subject = loader.render_to_string(subject_template_name, context)
        body = loader.render_to_string(email_template_name, context)
        html = (loader.render_to_string(html_email_template_name, context)
                if html_email_template_name else "")
        email_queue(to=[to_email], subject=subject, body=body, html=html,
                    kind="password_reset")
