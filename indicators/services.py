"""Writes to a submission's figures: one place for the checks, the audit and concurrency.

Every change bumps the row's revision. A save that names the revision it started from
(`base_revision`) is refused with StaleValueError when someone saved in between, so two
people editing the same submission never silently overwrite each other.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from indicators.models import AuditEntry, Indicator, Submission, Value
from indicators.validation import Entry, InvalidFigure, check_parts, parse_value


class StaleValueError(Exception):
    """Someone saved this figure after the user loaded it."""

    def __init__(self, value: Value):
        super().__init__(f"{value.indicator.code} changed (revision {value.revision})")
        self.current = value


class NotEditableError(Exception):
    """The submission is not open for changes (submitted, accepted or the year is closed)."""


@dataclass(frozen=True)
class FigureInput:
    """What a user sent for one figure."""

    raw: object = None
    not_applicable: bool = False
    is_estimate: bool = False
    explanation: str | None = None  # None: leave the stored explanation as it is
    base_revision: int | None = None  # revision the user started from (0: none stored yet);
    # None: no concurrency check (e.g. bulk import)


def describe(value: Value | None) -> str:
    """A figure as the audit log shows it."""
    if value is None:
        return ""
    if value.not_applicable:
        return "n/a"
    if value.value is None:
        return ""
    text = format(value.value.normalize(), "f")
    if value.indicator.is_bool:
        text = "yes" if value.value else "no"
    return text + (" (estimate)" if value.is_estimate else "")


def _entries_of(submission: Submission) -> dict[str, Entry]:
    return {
        code: Entry(value, not_applicable, explanation)
        for code, value, not_applicable, explanation in Value.objects.filter(
            submission=submission).values_list("indicator__code", "value", "not_applicable",
                                               "explanation")
    }


def _ensure_editable(submission: Submission) -> None:
    if not submission.is_editable:
        raise NotEditableError(submission.get_status_display())


@transaction.atomic
def value_save(*, submission: Submission, indicator: Indicator, data: FigureInput,
               user, indicators: Mapping[str, Indicator] | None = None) -> Value:
    """Check and store one figure; raise ValidationError, StaleValueError or NotEditableError."""
    submission = Submission.objects.select_for_update().select_related("year").get(
        pk=submission.pk)
    _ensure_editable(submission)
    if indicator.is_derived:
        raise ValidationError(f"{indicator.name} is computed, not entered.")
    current = (Value.objects.select_for_update().select_related("indicator")
               .filter(submission=submission, indicator=indicator).first())
    if (data.base_revision is not None and current is not None
            and current.revision != data.base_revision):
        raise StaleValueError(current)
    try:
        number = None if data.not_applicable else parse_value(indicator, data.raw)
    except InvalidFigure as error:
        raise ValidationError(str(error), code="invalid") from error
    if indicators is None:
        indicators = {ind.code: ind for ind in Indicator.objects.select_related("parent")}
    entries = _entries_of(submission)
    errors = check_parts(indicators[indicator.code], number, entries, indicators)
    if errors:
        raise ValidationError(errors, code="parts")
    return _store(submission, indicator, current, number, data, user)


def _store(submission, indicator, current, number, data: FigureInput, user) -> Value:
    old_text = describe(current)
    if current is None:
        current = Value(submission=submission, indicator=indicator, revision=0)
    current.value = number
    current.not_applicable = data.not_applicable
    current.is_estimate = data.is_estimate and number is not None
    if data.explanation is not None:
        current.explanation = data.explanation.strip()
    current.revision += 1
    current.updated_by = user if getattr(user, "pk", None) else None
    current.save()
    new_text = describe(current)
    if old_text != new_text:
        AuditEntry.objects.create(
            submission=submission, user=current.updated_by, action=AuditEntry.Action.CHANGED,
            target=f"value:{indicator.code}", label=indicator.name, old=old_text, new=new_text)
    Submission.objects.filter(pk=submission.pk).update(updated_at=current.updated_at)
    return current


@transaction.atomic
def values_save_many(*, submission: Submission, inputs: Mapping[str, FigureInput], user,
                     indicators: Mapping[str, Indicator] | None = None,
                     require_editable: bool = True) -> list[Value]:
    """Store many figures at once, all or nothing (the XLSX import).

    The caller has already checked them with indicators.validation.check_figures; this
    re-parses each and re-checks the parts against the combined new set, raising
    ValidationError (with every message) and saving nothing when any is wrong.
    """
    submission = Submission.objects.select_for_update().select_related("year").get(
        pk=submission.pk)
    if require_editable:
        _ensure_editable(submission)
    if indicators is None:
        indicators = {ind.code: ind for ind in Indicator.objects.select_related("parent")}
    parsed: dict[str, Decimal | None] = {}
    messages = []
    for code, data in inputs.items():
        try:
            parsed[code] = None if data.not_applicable else parse_value(indicators[code],
                                                                          data.raw)
        except InvalidFigure as error:
            messages.append(str(error))
    entries = _entries_of(submission)
    entries.update({code: Entry(parsed.get(code), inputs[code].not_applicable,
                                inputs[code].explanation or "") for code in inputs})
    for code in parsed:
        messages.extend(check_parts(indicators[code], parsed[code], entries, indicators))
    if messages:
        raise ValidationError(messages, code="invalid")
    existing = {value.indicator.code: value for value in Value.objects.select_for_update()
                .select_related("indicator").filter(submission=submission)}
    return [_store(submission, indicators[code], existing.get(code), parsed[code], data, user)
            for code, data in inputs.items()]
