from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


DEADLINE_PASSED = _("The deadline %(deadline)s has already passed: every library would be "
                    "late from the start. Choose a date from today on.")


class YearOpenForm(forms.Form):
    """Opening a year from the page invites the librarians to submit by the deadline, so
    the deadline is today or later (the `open_year` command may still record a past one)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())

    @staticmethod
    def suggested_deadline(year: int, today: date) -> date:
        """15 January after the year, or four weeks from today if that has passed."""
        usual = date(year + 1, 1, 15)
        return usual if usual >= today else today + timedelta(weeks=4)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(
                DEADLINE_PASSED, code="passed",
                params={"deadline": date_format(deadline, "SHORT_DATE_FORMAT")})
        return deadline


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())


class YearCloseForm(forms.Form):
    before_deadline = forms.BooleanField(label=_("Close before the deadline"), required=False)


class InviteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    libraries = forms.ModelMultipleChoiceField(
        label=_("Libraries"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, libraries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["libraries"].queryset = libraries


class AssignForm(forms.Form):
    library = forms.ModelChoiceField(label=_("Library"), queryset=None)

    def __init__(self, *args, libraries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries


class IndicatorAddForm(forms.Form):
    valid_from = forms.IntegerField(label=_("In force from year"), min_value=2000,
                                    max_value=2100)
    code = forms.RegexField(
        label=_("Code"), max_length=80, regex=r"^[a-z0-9_]+(\.[a-z0-9_]+)*$",
        help_text=_("Lower-case words joined by dots, e.g. “events.online”. Never reused."),
        error_messages={"invalid": _("Use lower-case letters, digits, “_” and dots.")})
    name_lv = forms.CharField(label=_("Name (Latvian)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=())
    unit = forms.ChoiceField(label=_("Unit"), choices=())
    parent = forms.ModelChoiceField(label=_("“Of which” row of"), queryset=None,
                                    required=False)
    chapter = forms.ModelChoiceField(label=_("Chapter"), queryset=None)
    order = forms.IntegerField(label=_("Order in the chapter"), min_value=0, initial=1000)
    change_threshold_pct = forms.IntegerField(
        label=_("Warn at change on last year (%)"), min_value=1, max_value=10000,
        required=False, initial=30)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    # the grammar of the facts' sentences (reports.facts): see Indicator.phrase_lv
    phrase_lv = forms.CharField(
        label=_("In a sentence (Latvian)"), max_length=300, required=False,
        help_text=_("The name as a sentence's subject, nominative: “apmeklējums”, "
                    "“izdevumi”. Empty: the name."))
    gender_lv = forms.ChoiceField(label=_("Gender of the Latvian noun"), required=False,
                                  choices=())
    plural_lv = forms.BooleanField(label=_("The Latvian noun is plural"), required=False)
    phrase_en = forms.CharField(label=_("In a sentence (English)"), max_length=300,
                                required=False, help_text=_("E.g. “visits”. Empty: the name."))
    plural_en = forms.BooleanField(label=_("The English noun is plural"), required=False)

    def __init__(self, *args, year: int, region=None, **kwargs):
        """With `region`: one of the region's own questions (no chapter to choose: they
        make a part of their own; an “of which” row only of another of its own)."""
        from catalogue.models import Chapter, Indicator
        from cycle.catalogue import ENTERED_KINDS

        super().__init__(*args, **kwargs)
        if region is not None:
            del self.fields["chapter"]
            self.fields["code"].help_text = _(
                "Lower-case words joined by dots, e.g. “events.local”; it is kept as "
                "“%(slug)s.events.local”. Never reused.") % {"slug": region.slug.replace("-", "_")}
        self.fields["kind"].choices = ENTERED_KINDS
        self.fields["unit"].choices = [
            (value, label) for value, label in Indicator.Unit.choices
            if value in (Indicator.Unit.NUMBER, Indicator.Unit.EUR, Indicator.Unit.FTE,
                         Indicator.Unit.YES_NO)]
        self.fields["parent"].queryset = (
            Indicator.objects.entered().in_force(year).exclude(kind=Indicator.Kind.BOOL)
            .filter(region=region).order_by("code"))
        self.fields["parent"].label_from_instance = lambda ind: f"{ind.code} · {ind.name}"
        if "chapter" in self.fields:
            self.fields["chapter"].queryset = Chapter.objects.filter(
                regional_only=False).exclude(number=Chapter.REGIONAL)
        self.fields["gender_lv"].choices = Indicator.Gender.choices


class SectionAddForm(forms.Form):
    """A region's own text section."""

    valid_from = forms.IntegerField(label=_("In force from year"), min_value=2000,
                                    max_value=2100)
    code = forms.RegexField(
        label=_("Code"), max_length=60, regex=r"^[a-z0-9_]+(\.[a-z0-9_]+)*$",
        error_messages={"invalid": _("Use lower-case letters, digits, “_” and dots.")})
    title_lv = forms.CharField(label=_("Title (Latvian)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    prompt_lv = forms.CharField(label=_("Guidance (Latvian)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    prompt_en = forms.CharField(label=_("Guidance (English)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=1000)


class ThresholdForm(forms.Form):
    change_threshold_pct = forms.IntegerField(min_value=1, max_value=10000, required=False)


class RetireForm(forms.Form):
    from_year = forms.IntegerField(min_value=2000, max_value=2100)


class LibraryAddForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("library", "Name"), max_length=200)
    parish = forms.CharField(label=_("Parish or town"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=())
    email = forms.EmailField(label=_("Email"), required=False)
    external_service_points = forms.IntegerField(label=_("External service points"),
                                                 min_value=0, max_value=1000, initial=0)

    def __init__(self, *args, **kwargs):
        from libraries.models import Library

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Library.Kind.choices


class RenameForm(forms.Form):
    name = forms.CharField(max_length=200)


class CloseLibraryForm(forms.Form):
    from_year = forms.IntegerField(min_value=2000, max_value=2100)


class MergeForm(forms.Form):
    """Merge a library into another of the region's libraries from a year on."""

    library = forms.ModelChoiceField(label=_("Merge the library"), queryset=None)
    into = forms.ModelChoiceField(label=_("into the library"), queryset=None)
    from_year = forms.IntegerField(label=_("from the year"), min_value=2000, max_value=2100)
    give_access = forms.BooleanField(
        label=_("Let the merged library's librarians fill in the continuing library's report "
                "too"), required=False)

    def __init__(self, *args, libraries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries
        self.fields["into"].queryset = libraries


class ServicePointsForm(forms.Form):
    external_service_points = forms.IntegerField(min_value=0, max_value=1000)


class LibraryDetailsForm(forms.Form):
    """What a resident needs to find and reach the library, shown on its public page."""

    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    opening_note = forms.CharField(label=_("Opening hours"), max_length=300,
                                   required=False)
