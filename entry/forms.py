"""Forms of data entry: the chapter form without JavaScript (`ChapterForm`), the autosave,
list rows and pictures. Figures and texts are read and validated here; each one then goes
through services.value_save / text_save on its own.

Every number a person types in a list row (training hours and participants, EUR amounts)
is read by the one Latvian number reader, submissions.validation.read_number, in a text
input with `inputmode` (not a browser number field, which refuses “1 500,50”).
"""

from decimal import Decimal

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from catalogue.models import Chapter
from submissions.models import ImprovementWork, LibraryNote, Project, TrainingEvent
from submissions.pictures import MAX_BYTES
from submissions.validation import InvalidFigure, NumberError, parse_value, read_number


class _LatvianNumber:
    """Reads the input with read_number; shows a stored number grouped (1 500,5)."""

    inputmode = "decimal"
    whole = False  # a field of whole numbers: its examples have no decimals

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.update({"inputmode": self.inputmode, "autocomplete": "off"})
        return attrs

    def read(self, value):
        if value in self.empty_values:
            return None
        try:
            return read_number(value)
        except NumberError as error:
            raise forms.ValidationError(error.message(str(self.label or ""), whole=self.whole),
                                        code=error.kind) from None

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            value = Decimal(value)
            decimals = 0 if value == value.to_integral_value() else (
                getattr(self, "decimal_places", None)
                or max(0, -value.normalize().as_tuple().exponent))
            return number_format(value, decimal_pos=decimals, use_l10n=True,
                                 force_grouping=True)
        return value


class LatvianDecimalField(_LatvianNumber, forms.DecimalField):
    widget = forms.TextInput

    def to_python(self, value):
        return self.read(value)


class LatvianIntegerField(_LatvianNumber, forms.IntegerField):
    widget = forms.TextInput
    inputmode = "numeric"
    whole = True

    def to_python(self, value):
        number = self.read(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise forms.ValidationError(
                _("%(field)s: type a whole number without decimals, e.g. %(example)s.")
                % {"field": self.label, "example": int(number)}, code="whole")
        return int(number)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RowForm(forms.ModelForm):
    """A list row with the revision it was loaded at (concurrency)."""

    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["base_revision"] = self.instance.revision


class TrainingEventForm(RowForm):
    class Meta:
        model = TrainingEvent
        fields = ["date_from", "date_to", "place", "organiser", "title", "hours", "participants"]
        widgets = {"date_from": DateInput(), "date_to": DateInput(),
                   "title": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"hours": LatvianDecimalField, "participants": LatvianIntegerField}
        help_texts = {"date_to": _("Only for an event of several days."),
                      "place": _("e.g. Rēzekne, or Zoom")}

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours is not None and hours <= 0:
            raise forms.ValidationError(_("Hours must be more than 0, e.g. 1,5."))
        return hours

    def clean_participants(self):
        participants = self.cleaned_data["participants"]
        if participants is not None and participants < 1:
            raise forms.ValidationError(_("At least 1 participant."))
        return participants

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date cannot be before the start date "
                                        "(%(start)s).") % {"start": start.strftime("%d.%m.%Y")})
        return data


class ProjectForm(RowForm):
    class Meta:
        model = Project
        fields = ["title", "funders", "amount", "description", "support"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"amount": LatvianDecimalField}
        help_texts = {"funders": _("e.g. LNB Atbalsta biedrība; pašvaldība"),
                      "description": _("What the project does and when, e.g. 01.2022–12.2022")}

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("The amount cannot be negative; type 0 or more."))
        return amount


class ImprovementWorkForm(RowForm):
    class Meta:
        model = ImprovementWork
        fields = ["description", "cost"]
        field_classes = {"cost": LatvianDecimalField}

    def clean_cost(self):
        cost = self.cleaned_data["cost"]
        if cost is not None and cost < 0:
            raise forms.ValidationError(_("The cost cannot be negative; type 0 or more."))
        return cost


ROW_FORMS = {"training": TrainingEventForm, "projects": ProjectForm,
             "improvements": ImprovementWorkForm}


class PictureForm(forms.Form):
    caption = forms.CharField(label=_("Caption"), max_length=300)
    chapter = forms.ModelChoiceField(
        # the template's chapters (not a region's own questions' part, which one region has)
        label=_("Chapter"), queryset=Chapter.objects.filter(regional_only=False).exclude(
            number=Chapter.REGIONAL), empty_label=None)
    image = forms.FileField(
        label=_("Picture (JPEG or PNG, at most 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}))

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if upload.size > MAX_BYTES:
            # checked again by content in services.picture_add; this gives the early message
            from submissions.pictures import check_picture
            check_picture(upload)
        return upload


class NoteForm(forms.Form):
    """The library's own note on a figure or a chapter (empty: the note is removed)."""

    text = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        max_length=LibraryNote.MAX_LENGTH,
        help_text=_("Only your library's librarians and your methodologist read it. It is "
                    "shown beside the same figure next year and never appears in a report "
                    "or an export. Leave it empty to remove the note."))


class AutosaveForm(forms.Form):
    """One autosave from entry.js: a figure (kind=figure) or a text (kind=text).

    The figure's number is read by the service (parse_value, with its messages); this form
    only reads what was sent. An absent `explanation` leaves the stored one as it is.
    """

    kind = forms.ChoiceField(choices=[("figure", "figure"), ("text", "text")], required=False)
    code = forms.CharField(required=False, max_length=100)
    section = forms.CharField(required=False, max_length=100)
    value = forms.CharField(required=False, strip=False, max_length=100)
    na = forms.BooleanField(required=False)
    est = forms.BooleanField(required=False)
    explanation = forms.CharField(required=False, strip=False, max_length=5000)
    html = forms.CharField(required=False, strip=False)
    base_revision = forms.IntegerField(required=False, min_value=0)

    @property
    def is_text(self) -> bool:
        return self.cleaned_data.get("kind") == "text"

    def figure_input(self):
        from submissions.services import FigureInput

        data = self.cleaned_data
        return FigureInput(
            raw=data["value"], not_applicable=data["na"], is_estimate=data["est"],
            explanation=data["explanation"] if "explanation" in self.data else None,
            base_revision=data["base_revision"] or 0)


REVISION_DAMAGED = _("The page sent a damaged form: reload the page and type this again.")
TRUE_VALUES = ("1", "on", "true")


class ChapterForm(forms.Form):
    """A chapter page posted without JavaScript (“Save chapter”): for every figure on the
    page `v-`, `na-`, `est-`, `ex-` and `rev-<code>`; for every text `t-` and
    `trev-<section>`. Only what the page sent is read (a figure or text absent from the
    post is left as it is); the number itself is read by the services (`parse_value`,
    the one Latvian reader, with its messages).

    `figures()` gives the changed figures as FigureInputs and those the form refused
    (a damaged revision, an over-long value) with their messages; `texts()` the texts.
    """

    def __init__(self, data, *, rows, sections):
        super().__init__(data)
        self.rows = [row for row in rows
                     if f"v-{row.indicator.code}" in data or f"rev-{row.indicator.code}" in data]
        self.sections = [section for section in sections if f"t-{section.code}" in data]
        for row in self.rows:
            code = row.indicator.code
            self.fields[f"v-{code}"] = forms.CharField(required=False, strip=False,
                                                       max_length=100)
            self.fields[f"ex-{code}"] = forms.CharField(required=False, strip=False,
                                                        max_length=5000)
            self.fields[f"rev-{code}"] = forms.IntegerField(required=False, min_value=0)
        for section in self.sections:
            self.fields[f"t-{section.code}"] = forms.CharField(required=False, strip=False)
            self.fields[f"trev-{section.code}"] = forms.IntegerField(required=False,
                                                                     min_value=0)

    def _flag(self, name: str) -> bool:
        return self.data.get(name) in TRUE_VALUES

    def _typed(self, code: str) -> dict:
        """What was typed, as the page shows it again (also when refused)."""
        clean = self.cleaned_data
        return {
            "raw": clean.get(f"v-{code}", self.data.get(f"v-{code}", "")) or "",
            "not_applicable": self._flag(f"na-{code}"),
            "is_estimate": self._flag(f"est-{code}"),
            "explanation": (clean.get(f"ex-{code}", self.data.get(f"ex-{code}"))
                            if f"ex-{code}" in self.data else None),
            "base_revision": clean.get(f"rev-{code}") or 0,
        }

    def _errors_of(self, *names) -> list[str]:
        messages = []
        for name in names:
            if name in self.errors:
                messages.append(str(REVISION_DAMAGED) if "rev-" in name
                                else " ".join(self.errors[name]))
        return messages

    @staticmethod
    def _changed(indicator, stored, typed) -> bool:
        if typed["not_applicable"] != bool(stored and stored.not_applicable):
            return True
        if (typed["explanation"] is not None
                and typed["explanation"].strip() != (stored.explanation if stored else "")):
            return True
        try:
            number = None if typed["not_applicable"] else parse_value(indicator, typed["raw"])
        except InvalidFigure:
            return True
        if number != (stored.value if stored else None):
            return True
        return bool(typed["is_estimate"] and number is not None) != bool(
            stored and stored.is_estimate)

    def figures(self):
        """(changed, refused): [(indicator, typed, FigureInput)] to save, and
        {code: (typed, messages)} the form refused. Call after is_valid()."""
        from submissions.services import FigureInput

        changed, refused = [], {}
        for row in self.rows:
            code = row.indicator.code
            typed = self._typed(code)
            errors = self._errors_of(f"rev-{code}", f"v-{code}", f"ex-{code}")
            if errors:
                refused[code] = (typed, errors)
            elif self._changed(row.indicator, row.value, typed):
                changed.append((row.indicator, typed, FigureInput(
                    raw=typed["raw"], not_applicable=typed["not_applicable"],
                    is_estimate=typed["is_estimate"], explanation=typed["explanation"],
                    base_revision=typed["base_revision"])))
        return changed, refused

    def texts(self):
        """(to save, refused): [(section, html, base revision)] and
        {section code: (html, messages)}. Call after is_valid()."""
        to_save, refused = [], {}
        for section in self.sections:
            html = self.data.get(f"t-{section.code}", "")
            errors = self._errors_of(f"trev-{section.code}", f"t-{section.code}")
            if errors:
                refused[section.code] = (html, errors)
            else:
                to_save.append((section, html,
                                self.cleaned_data.get(f"trev-{section.code}") or 0))
        return to_save, refused
