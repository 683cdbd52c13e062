from django import forms
from django.utils.translation import gettext_lazy as _

from review.selectors import STATUS_LABELS

RETURN_REASON_REQUIRED = _("Say why the report is returned, so the library knows what to fix.")
REOPEN_REASON_REQUIRED = _("Say why the report is reopened.")
COMMENT_REQUIRED = _("Write the comment first.")
UNRESOLVED_CONFIRM_REQUIRED = _(
    "The report has unresolved comments. Resolve them first, or tick “Accept even though "
    "there are unresolved comments” to accept it as it is.")


class BoardFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("all")), *STATUS_LABELS.items()])
    late = forms.BooleanField(label=_("late only"), required=False)
    problems = forms.BooleanField(label=_("with problems only"), required=False)


class ReminderForm(forms.Form):
    library = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    everyone = forms.BooleanField(required=False)

    def __init__(self, *args, library_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].choices = list(library_choices)

    def clean(self):
        data = super().clean()
        if not data.get("everyone") and not data.get("library"):
            raise forms.ValidationError(
                _("Choose the libraries to remind, or remind all that have not submitted."))
        return data


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=5000, error_messages={"required": COMMENT_REQUIRED})
    indicator = forms.CharField(required=False, widget=forms.HiddenInput)
    section = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(COMMENT_REQUIRED)
        return text


class AcceptForm(forms.Form):
    """Accept a submitted report; with open comments only when the reviewer confirms it."""

    reason = forms.CharField(label=_("Note (optional)"), required=False, max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    confirm_unresolved = forms.BooleanField(
        label=_("Accept even though there are unresolved comments"), required=False)

    def __init__(self, *args, open_comments: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.open_comments = open_comments

    def clean(self):
        data = super().clean()
        if self.open_comments and not data.get("confirm_unresolved"):
            self.add_error("confirm_unresolved", UNRESOLVED_CONFIRM_REQUIRED)
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("What the library must fix"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": RETURN_REASON_REQUIRED})

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(RETURN_REASON_REQUIRED)
        return reason


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why the report is reopened"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": REOPEN_REASON_REQUIRED})

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(REOPEN_REASON_REQUIRED)
        return reason


class TextHintDismissForm(forms.Form):
    """Dismiss a hint of a text against the figures: its key and why it is no error."""

    key = forms.CharField(max_length=32, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why this is no error"), max_length=500,
                             error_messages={"required": _("Say why the hint is no error.")})

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the hint is no error."))
        return reason
