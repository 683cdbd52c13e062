from django import forms
from django.utils.translation import gettext_lazy as _

from quality.models import ContextEvent

PERIOD_ORDER = _("The end date cannot be before the start date.")
OUTSIDE_YEAR = _("The period must touch the year it is recorded for.")


class ContextEventForm(forms.ModelForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())

    class Meta:
        model = ContextEvent
        fields = ["year", "kind", "date_from", "date_to", "reason"]
        widgets = {"date_from": forms.DateInput(attrs={"type": "date"}),
                   "date_to": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]

    def clean(self):
        data = super().clean()
        start, end, year = data.get("date_from"), data.get("date_to"), data.get("year")
        if start and end and end < start:
            self.add_error("date_to", PERIOD_ORDER)
        elif start and year and not start.year <= year <= (end or start).year:
            self.add_error("date_from", OUTSIDE_YEAR)
        return data
