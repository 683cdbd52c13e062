"""Forms of the triage queue: its filters and the one-click decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from review.services import CHECK_REASON_REQUIRED
from review.triage import CHECK_LABELS, STATUS_LABELS


class TriageFilterForm(forms.Form):
    library = forms.ChoiceField(label=_("Library"), required=False, choices=())
    chapter = forms.TypedChoiceField(label=_("Chapter"), required=False, coerce=int,
                                     empty_value=None, choices=())
    check = forms.ChoiceField(label=_("Kind of check"), required=False,
                              choices=[("", _("all")), *CHECK_LABELS.items()])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("not yet accepted")), *STATUS_LABELS.items()])
    follow_up = forms.BooleanField(label=_("follow-up only"), required=False)

    def __init__(self, *args, libraries=(), chapters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].choices = [("", _("all")), *[(library.slug, library.name)
                                                             for library in libraries]]
        self.fields["chapter"].choices = [("", _("all")), *[(str(chapter.number), str(chapter))
                                                            for chapter in chapters]]


class TriageItemForm(forms.Form):
    """Which item a decision is about: the library and the figure, for a year."""

    library = forms.SlugField()
    code = forms.CharField(max_length=80)
    next = forms.CharField(required=False, max_length=2000)


class TriageAcceptForm(TriageItemForm):
    reason = forms.CharField(label=_("Why the figure is right"), max_length=2000,
                             error_messages={"required": CHECK_REASON_REQUIRED})

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(CHECK_REASON_REQUIRED)
        return reason


class TriageFollowUpForm(TriageItemForm):
    follow_up = forms.BooleanField(required=False)

