"""Writes to a submission's figures: one place for the checks, the audit and concurrency.

Every change bumps the row's revision. A save that names the revision it started from
(`base_revision`) is refused with StaleValueError when someone saved in between, so two
people editing the same submission never silently overwrite each other.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.models import Indicator
from submissions.models import AuditEntry, Submission, Value
from submissions.validation import (
    Entry,
    InvalidFigure,
    check_parts,
    explanation_after,
    parse_value,
)


class StaleValueError(Exception):
    """Someone saved this figure after the user loaded it."""

    def __init__(self, value: Value):
        super().__init__(f"{value.indicator.code} changed (revision {value.revision})")
        self.current = value


class NotEditableError(PermissionDenied):
    """The submission is not open for changes (submitted, accepted or the year is closed).

    A PermissionDenied, so a view that lets it pass answers 403 like any refused access,
    with no `except` of its own; the autosave and the workbook import catch it to say why.
    """


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
    if indicators is None:  # what the submission's region asks (its own questions too)
        indicators = {ind.code: ind for ind in Indicator.objects.for_region(
            submission.year.region_id).select_related("parent")}
    if indicator.code not in indicators:
        raise ValidationError(_("“%(code)s” is not an indicator that can be entered.")
                              % {"code": indicator.code})
    entries = _entries_of(submission)
    errors = check_parts(indicators[indicator.code], number, entries, indicators)
    if errors:
        raise ValidationError(errors, code="parts")
    return value_write(submission, indicator, current, number, data, user)


def value_write(submission, indicator, current, number, data: FigureInput, user) -> Value:
    """Store a checked figure over `current` (None: none yet) with its audit entries, inside
    the caller's transaction, on the submission the caller locked and may change."""
    old_text = describe(current)
    old_explanation = current.explanation if current is not None else ""
    if current is None:
        current = Value(submission=submission, indicator=indicator, revision=0)
    current.value = number
    current.not_applicable = data.not_applicable
    current.is_estimate = data.is_estimate and number is not None
    current.explanation = explanation_after(current, data)
    current.revision += 1
    current.updated_by = user if getattr(user, "pk", None) else None
    current.save()
    new_text = describe(current)
    audit = []
    if old_text != new_text:
        audit.append(AuditEntry(
            submission=submission, user=current.updated_by, action=AuditEntry.Action.CHANGED,
            target=f"value:{indicator.code}", label=indicator.label, old=old_text, new=new_text))
    if current.explanation != old_explanation:
        audit.append(AuditEntry(
            submission=submission, user=current.updated_by, action=AuditEntry.Action.CHANGED,
            target=f"explanation:{indicator.code}",
            label=f"{indicator.label} ({Value._meta.get_field('explanation').verbose_name})",
            old=old_explanation, new=current.explanation))
    if audit:
        # the audit entry is when the report last changed (review.selectors.last_change):
        # no second write of the submission's updated_at
        AuditEntry.objects.bulk_create(audit)
    return current


@transaction.atomic
def values_save_many(*, submission: Submission, inputs: Mapping[str, FigureInput], user,
                     indicators: Mapping[str, Indicator] | None = None,
                     require_editable: bool = True) -> list[Value]:
    """Store many figures at once, all or nothing (the XLSX import).

    The caller has already checked them with submissions.validation.check_figures; this
    re-parses each and re-checks the parts against the combined new set, raising
    ValidationError (with every message) and saving nothing when any is wrong.
    """
    submission = Submission.objects.select_for_update().select_related("year").get(
        pk=submission.pk)
    if require_editable:
        _ensure_editable(submission)
    if indicators is None:  # what the submission's region asks (its own questions too)
        indicators = {ind.code: ind for ind in Indicator.objects.for_region(
            submission.year.region_id).select_related("parent")}
    parsed: dict[str, Decimal | None] = {}
    unknown = [code for code in inputs if code not in indicators or indicators[code].is_derived]
    if unknown:
        raise ValidationError([_("“%(code)s” is not an indicator that can be entered.")
                               % {"code": code} for code in unknown], code="unknown")
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
    return [value_write(submission, indicators[code], existing.get(code), parsed[code], data,
                        user) for code, data in inputs.items()]


# Chapter texts ------------------------------------------------------------------------------

class StaleTextError(Exception):
    """Someone saved this text after the user loaded it."""

    def __init__(self, text):
        super().__init__(f"{text.section.code} changed (revision {text.revision})")
        self.current = text


@transaction.atomic
def text_save(*, submission: Submission, section, html: str, user,
              base_revision: int | None = None):
    """Sanitise and store one section's text; raise StaleTextError or NotEditableError."""
    submission = Submission.objects.select_for_update().select_related("year").get(
        pk=submission.pk)
    _ensure_editable(submission)
    return text_write(submission, section, html, user, base_revision)


def text_write(submission, section, html, user, base_revision):
    """Sanitise and store one section's text with its audit entry, inside the caller's
    transaction, on the submission it locked; raise StaleTextError."""
    from submissions.models import ChapterText
    from submissions.sanitize import clean_html, plain_text

    # of=("self",): PostgreSQL cannot lock the outer-joined author (updated_by may be empty).
    current = (ChapterText.objects.select_for_update(of=("self",))
               .select_related("section", "updated_by")
               .filter(submission=submission, section=section).first())
    cleaned = clean_html(html)
    if (base_revision is not None and current is not None
            and current.revision != base_revision):
        if current.html == cleaned and current.updated_by_id == getattr(user, "pk", None):
            return current  # a retry of the save that stored it
        raise StaleTextError(current)
    if current is None:
        current = ChapterText(submission=submission, section=section, revision=0)
    elif current.html == cleaned:
        return current
    old_html = current.html
    current.html = cleaned
    current.revision += 1
    current.updated_by = user if getattr(user, "pk", None) else None
    current.save()
    AuditEntry.objects.create(
        submission=submission, user=current.updated_by, action=AuditEntry.Action.CHANGED,
        target=f"text:{section.code}", label=section.title,
        old=plain_text(old_html), new=plain_text(cleaned))  # the report's last change
    return current


# List rows (training events, projects, improvement works) -----------------------------------

class StaleRowError(Exception):
    """Someone changed or deleted this row after the user loaded it."""


LIST_TARGETS = {"TrainingEvent": "training", "Project": "project",
                "ImprovementWork": "improvement"}


def row_summary(row) -> str:
    """A list row as the audit log shows it: “field: value; …”, dates and numbers in the
    language's format (15.03.2022, 1 234,50), like the field names."""
    from catalogue.formatting import format_number
    if row is None:
        return ""
    parts = []
    for field in row._meta.concrete_fields:
        if field.name in ("id", "submission", "revision", "created_at", "updated_at"):
            continue
        value = getattr(row, field.name)
        if value in (None, ""):
            continue
        if field.choices:
            value = getattr(row, f"get_{field.name}_display")()
        elif isinstance(value, Decimal):
            value = format_number(value, 0 if value == value.to_integral_value() else 2)
        elif isinstance(value, date):
            value = date_format(value, "SHORT_DATE_FORMAT")
        parts.append(f"{field.verbose_name}: {value}")
    return "; ".join(parts)


def _row_target(row) -> str:
    return f"{LIST_TARGETS.get(type(row).__name__, type(row).__name__.lower())}:{row.pk}"


@transaction.atomic
def list_row_save(*, submission: Submission, row, user, base_revision: int | None = None):
    """Add (row.pk is None) or change one list row, validated and audited."""
    submission = Submission.objects.select_for_update().select_related("year").get(
        pk=submission.pk)
    _ensure_editable(submission)
    model = type(row)
    old = None
    if row.pk is not None:
        old = model.objects.select_for_update().filter(pk=row.pk,
                                                       submission=submission).first()
        if old is None or (base_revision is not None and old.revision != base_revision):
            raise StaleRowError(row.pk)
        row.revision = old.revision + 1
    row.submission = submission
    row.full_clean()
    old_text = row_summary(old)
    row.save()
    new_text = row_summary(row)
    if old is None or old_text != new_text:
        AuditEntry.objects.create(
            submission=submission, user=user if getattr(user, "pk", None) else None,
            action=AuditEntry.Action.ADDED if old is None else AuditEntry.Action.CHANGED,
            target=_row_target(row), label=str(model._meta.verbose_name),
            old=old_text, new=new_text)
    Submission.objects.filter(pk=submission.pk).update(updated_at=row.updated_at)
    return row


@transaction.atomic
def list_row_delete(*, submission: Submission, row, user) -> None:
    submission = Submission.objects.select_for_update().select_related("year").get(
        pk=submission.pk)
    _ensure_editable(submission)
    if row.submission_id != submission.pk:
        raise StaleRowError(row.pk)
    AuditEntry.objects.create(
        submission=submission, user=user if getattr(user, "pk", None) else None,
        action=AuditEntry.Action.DELETED, target=_row_target(row),
        label=str(type(row)._meta.verbose_name), old=row_summary(row), new="")
    row.delete()


# Appendix pictures --------------------------------------------------------------------------

@transaction.atomic
def picture_add(*, submission: Submission, chapter, upload, caption: str, user):
    """Check an upload by its content (submissions.pictures), store it with a thumbnail."""
    from submissions.models import Picture
    from submissions.pictures import check_picture, make_thumbnail, stored_name

    submission = Submission.objects.select_for_update().select_related(
        "year", "library").get(pk=submission.pk)
    _ensure_editable(submission)
    image_format = check_picture(upload)
    name = stored_name(upload, image_format)
    picture = Picture(submission=submission, chapter=chapter, caption=caption.strip(),
                      uploaded_by=user if getattr(user, "pk", None) else None)
    picture.image.save(name, upload, save=False)
    picture.thumbnail.save(f"thumb-{name}", make_thumbnail(upload, image_format), save=False)
    picture.save()
    AuditEntry.objects.create(
        submission=submission, user=picture.uploaded_by, action=AuditEntry.Action.ADDED,
        target=f"picture:{picture.pk}", label=str(Picture._meta.verbose_name),
        new=f"{chapter.number}: {picture.caption}")
    return picture


@transaction.atomic
def picture_delete(*, submission: Submission, picture, user) -> None:
    submission = Submission.objects.select_for_update().select_related("year").get(
        pk=submission.pk)
    _ensure_editable(submission)
    AuditEntry.objects.create(
        submission=submission, user=user if getattr(user, "pk", None) else None,
        action=AuditEntry.Action.DELETED, target=f"picture:{picture.pk}",
        label=str(picture._meta.verbose_name),
        old=f"{picture.chapter.number}: {picture.caption}")
    files = [(field.storage, field.name) for field in (picture.image, picture.thumbnail)
             if field]
    picture.delete()
    # the files go only once the row is gone for good
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


# A library's own notes ---------------------------------------------------------------------

NOTE_TOO_LONG = gettext_lazy("A note holds at most %(max)s characters; this one has %(count)s.")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def note_text_clean(text: str | None) -> str:
    """A note as plain text: no markup is interpreted (the pages escape it), control
    characters and surrounding blank space removed, line ends as \\n."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


@transaction.atomic
def library_note_save(*, submission: Submission, user, text: str,
                      indicator: Indicator | None = None, chapter=None):
    """The library's own note on a figure or a chapter for the submission's year: stored,
    changed, or removed when empty, with its audit entry. Returns the note (None when
    removed). The caller checks `Access.can_write_library_note`."""
    from submissions.models import LibraryNote

    if (indicator is None) == (chapter is None):
        raise ValueError("a note is on a figure or on a chapter")
    cleaned = note_text_clean(text)
    if len(cleaned) > LibraryNote.MAX_LENGTH:
        raise ValidationError(NOTE_TOO_LONG % {"max": LibraryNote.MAX_LENGTH,
                                               "count": len(cleaned)}, code="too_long")
    where = ({"indicator": indicator} if indicator is not None else {"chapter": chapter})
    note = (LibraryNote.objects.select_for_update(of=("self",))
            .filter(library_id=submission.library_id, year=submission.year.year, **where)
            .first())
    old = note.text if note else ""
    if old == cleaned:
        return note
    author = user if getattr(user, "pk", None) else None
    label = indicator.name if indicator is not None else str(chapter)
    if not cleaned:
        target = note.target
        note.delete()
        action, note = AuditEntry.Action.DELETED, None
    else:
        if note is None:
            note = LibraryNote(library_id=submission.library_id, year=submission.year.year,
                               **where)
            action = AuditEntry.Action.ADDED
        else:
            action = AuditEntry.Action.CHANGED
        note.text, note.author = cleaned, author
        note.full_clean()
        note.save()
        target = note.target
    AuditEntry.objects.create(submission=submission, user=author, action=action,
                              target=target, label=label, old=old, new=cleaned)
    return note
