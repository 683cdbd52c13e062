from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class YearOpenForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())


class YearCloseForm(forms.Form):
    before_deadline = forms.BooleanField(label=_("Close before the deadline"), required=False)
