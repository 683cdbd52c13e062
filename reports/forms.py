from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import RegionalEvent


class RegionalTextForm(forms.Form):
    html = forms.CharField(label=_("Regional text"), required=False,
                           widget=forms.Textarea(attrs={"rows": 20}),
                           help_text=_("Paragraphs, lists, bold, italics, quotes and links "
                                       "are kept; anything else is removed."))


class RegionalEventForm(forms.ModelForm):
    class Meta:
        model = RegionalEvent
        fields = ["date_from", "date_to", "place", "organiser", "title", "hours", "participants"]
        widgets = {"date_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "date_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class PublishForm(forms.Form):
    note = forms.CharField(label=_("Note on this version"), required=False, max_length=300)
