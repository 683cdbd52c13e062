"""The autosave of the chapter pages: one figure or one text saved, and the reply entry.js
reads, as typed objects.

`autosave_reply(form, submission_id=…, user=…)` runs the save (`figure_autosave` or
`text_autosave`: one short transaction of a fixed number of queries that also reads
everything the reply shows) and answers with one of the replies below, built inside
that transaction, so nothing after the commit touches the database or can turn a stored
save into an error; `reply_json` is the one place a reply becomes the JSON entry.js
reads. A refused access (PermissionDenied: not theirs to change, or locked since the
page loaded) and an unknown field (UnknownField) are raised for the view.

The save's first, locking query reads in the same row whether the user may change the
report (`submissions.access.editable_submission_or_403`), the catalogue's version
(`catalogue.selectors.cached_catalogue` keeps the catalogue while it is unchanged) and
the sections holding a text. The quality checks' inputs are kept per process for
KEEP_SECONDS (`kept_quality`). The reply checks the filled figures and those it shows,
writes the words of the shown ones only and counts the rest
(`submissions.validation.autosave_problems`, on the kept catalogue's plain figures). A
figure's save is a pipeline that enters each module once, in the layers' order
(`tests/entry/test_autosave_path.py`): see `figure_autosave`.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.http import JsonResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from catalogue import selectors as catalogue_selectors
from entry.templatetags.entry_tags import figure, progress_line
from quality.selectors import library_history, region_peers, submission_quality
from submissions import selectors
from submissions.access import editable_submission_or_403
from submissions.services import (
    FigureInput,
    StaleTextError,
    text_write,
    value_write,
)
from submissions.validation import (
    Entry,
    InvalidFigure,
    autosave_problems,
    check_parts,
    explanation_after,
    parse_value,
)

# What the autosave keeps of the quality checks' inputs, for KEEP_SECONDS per process:
# the region's part per (region, year) and each library's last years per (library, year).
# Peer statistics are medians and spreads of a whole peer group (dozens of libraries);
# one library's save moves them little, and they only decide whether a figure gets a
# "far from libraries of its size" warning the librarian explains. The last years are
# closed reports that do not change while this year's is typed. A minute late is fine
# for a warning while typing; pages, the status panel and submitting read them afresh,
# so what is sent is always judged on the current figures.
KEEP_SECONDS = selectors.KEEP_SECONDS


class UnknownField(LookupError):
    """No figure (or text section) of that code can be entered."""


@dataclass(frozen=True)
class ProblemOut:
    severity: str
    message: str
    explained: bool


@dataclass(frozen=True)
class Progress:
    """The progress after a save: per chapter, the saved one's chapter and overall, and the
    progress lines written as the page writes them (`entry_tags.progress_line`, so the
    plural forms are the server's, in every language)."""

    chapters: dict
    chapter: dict | None
    overall: dict
    html: dict


@dataclass(frozen=True)
class RowState:
    """The problems of the saved figure, of the figures that depend on it, and the progress."""

    problems: list[ProblemOut]
    related: dict[str, list[ProblemOut]]
    progress: Progress


@dataclass(frozen=True)
class TheirFigure:
    text: str
    display: str
    not_applicable: bool
    is_estimate: bool
    explanation: str
    revision: int
    change: str


@dataclass(frozen=True)
class FigureSaved:
    revision: int
    text: str
    change: str
    row: RowState
    status: int = 200


@dataclass(frozen=True)
class FigureConflict:
    """Someone saved the figure after the page loaded it: theirs, beside what was typed."""

    message: str
    theirs: TheirFigure
    yours: str
    by: str
    at: str
    row: RowState
    status: int = 409


@dataclass(frozen=True)
class TextSaved:
    revision: int
    html: str
    progress: Progress
    status: int = 200


@dataclass(frozen=True)
class TextConflict:
    message: str
    theirs: dict
    by: str
    status: int = 409


@dataclass(frozen=True)
class Refused:
    """Nothing was saved: why (the form's fields, or the figure's checks)."""

    errors: list[str] = field(default_factory=list)
    status: int = 422


@dataclass(frozen=True)
class Locked:
    message: str
    status: int = 403


Reply = FigureSaved | FigureConflict | TextSaved | TextConflict | Refused | Locked


def reply_json(reply: Reply) -> dict:
    """The JSON of a reply for entry.js: `ok`, `stale` or `locked`, and its fields (a
    figure's row state at the top level)."""
    data = asdict(reply)
    data.pop("status")
    data.update(data.pop("row", {}))
    flags = {FigureConflict: {"stale": True}, TextConflict: {"stale": True},
             Locked: {"locked": True}}.get(type(reply), {})
    return {"ok": isinstance(reply, FigureSaved | TextSaved), **flags, **data}


def answer(reply: Reply) -> JsonResponse:
    """The response of a reply (`reply_json`, with its status)."""
    return JsonResponse(reply_json(reply), status=reply.status)


def autosave_answer(form, *, submission_id: int, user) -> JsonResponse:
    """`autosave_reply`, answered (the view's one call)."""
    return answer(autosave_reply(form, submission_id=submission_id, user=user))


def locked() -> Locked:
    return Locked(_("This report cannot be changed here (it is submitted, or you may only "
                    "read it). Nothing was saved."))


def autosave_reply(form, *, submission_id: int, user) -> Reply:
    """Save what the bound AutosaveForm holds and answer with what was committed."""
    if not form.is_valid():
        return Refused([f"{name}: {message}" for name, messages in form.errors.items()
                        for message in messages], status=400)
    data = form.cleaned_data
    if form.is_text:
        return text_autosave(submission_id=submission_id, section_code=data["section"],
                             html=data["html"], user=user,
                             base_revision=data["base_revision"] or 0)
    return figure_autosave(submission_id=submission_id, code=data["code"],
                           data=form.figure_input(), user=user)


# The saves ------------------------------------------------------------------------------------

@transaction.atomic
def figure_autosave(*, submission_id: int, code: str, data: FigureInput, user) -> Reply:
    """Check and store one figure typed on the page, if `user` may change the submission,
    and answer: saved, refused (nothing stored) or a conflict (someone saved it after the
    page loaded it: theirs is kept). Raises Http404, PermissionDenied or UnknownField.

    A pipeline, each step once and in the layers' order: the locked read (the
    submission, the kept catalogue, the stored figures, the kept quality inputs), the
    number read, the checks of the figures as they will be (`autosave_problems`), the
    write, and the reply's numbers and progress. The checks run before the write on
    the figures as `value_write` stores them, so the reply is what was committed."""
    submission, catalogue, values, quality = _read(submission_id, user)
    if code not in catalogue.entered:
        raise UnknownField(code)
    indicator, plain = catalogue.indicators[code], catalogue.figures[code]
    current = values.get(code)
    try:
        number = None if data.not_applicable else parse_value(plain, data.raw)
    except InvalidFigure as error:
        return Refused([str(error)])  # the row keeps the stored figure's state
    entries = {c: Entry(v.value, v.not_applicable, v.explanation) for c, v in values.items()}
    stale = (data.base_revision is not None and current is not None
             and current.revision != data.base_revision)
    if stale and not _retried(current, number, data, user):
        current.updated_by  # noqa: B018 (who saved theirs, read inside the transaction)
        problems = _problems_of(submission, catalogue, entries, quality, code)
        return _figure_conflict(current, _after(submission, catalogue, values, quality,
                                                problems, code, current.value), plain, data)
    if not stale:  # (a retry of the save that stored `current` answers as it did)
        errors = check_parts(plain, number, entries, catalogue.figures)
        if errors:
            return Refused(errors)
        entries[code] = Entry(number, data.not_applicable,
                              explanation_after(current, data))
        problems = _problems_of(submission, catalogue, entries, quality, code)
        current = values[code] = value_write(submission, indicator, current, number, data,
                                             user)
    else:
        problems = _problems_of(submission, catalogue, entries, quality, code)
    after = _after(submission, catalogue, values, quality, problems, code, current.value)
    return FigureSaved(revision=current.revision, text=after.text,
                       change=after.change,
                       row=_row_state(plain, after))


def _read(submission_id: int, user):
    """The save's reads, in one transaction: the submission locked if `user` may change
    it, the kept catalogue (its version read with the lock), the stored figures and the
    quality checks' context (`kept_quality`)."""
    submission = _locked(submission_id, user)
    catalogue = catalogue_selectors.cached_catalogue(
        submission.catalogue_version, submission.year.region_id)  # (a year is its
    # region's: the library is not read)
    values = selectors.stored_values(submission, catalogue.indicators)
    return submission, catalogue, values, kept_quality(submission, catalogue)


def _problems_of(submission, catalogue, entries, quality, code: str | None = None) -> dict:
    """Every problem of the figures as they will be stored, with words for the saved
    figure and its related ones (`submissions.validation.autosave_problems`)."""
    previous = {c: v for c, v in quality.previous.items() if c in catalogue.indicators}
    return autosave_problems(
        catalogue.figures, entries, previous, submission.year.year, quality,
        {code, *catalogue.related[code]} if code else set(),
        thresholds=catalogue.thresholds.get(submission.year.region_id, {}))


@transaction.atomic
def text_autosave(*, submission_id: int, section_code: str, html: str, user,
                  base_revision: int | None = None) -> Reply:
    """Store one section's text (sanitised) if `user` may change the submission, and
    answer with the progress after it, or a conflict. Raises Http404, PermissionDenied
    or UnknownField."""
    submission = _locked(submission_id, user)
    catalogue = catalogue_selectors.cached_catalogue(
        submission.catalogue_version, submission.year.region_id)
    section = next((section for chapter in catalogue.chapters
                    for section in chapter.sections.all() if section.code == section_code
                    and section.in_force(submission.year.year)),
                   None)  # the entry chapters' sections (not the regional-only ones): the
    # template's and the submission's region's own
    if section is None:
        raise UnknownField(section_code)
    try:
        text = text_write(submission, section, html, user, base_revision)
    except StaleTextError as error:
        theirs = error.current
        who = _who(theirs.updated_by)
        return TextConflict(
            message=_("%(who)s saved this text at %(when)s. Keep theirs, or overwrite with "
                      "yours?") % {"who": who, "when": _when(theirs.updated_at)},
            theirs={"html": theirs.html, "revision": theirs.revision}, by=who)
    written = selectors.written_sections_of(submission)
    (written.add if text.html else written.discard)(section.pk)
    values = selectors.stored_values(submission, catalogue.indicators)
    quality = kept_quality(submission, catalogue)
    entries = {c: Entry(v.value, v.not_applicable, v.explanation) for c, v in values.items()}
    after = _after(submission, catalogue, values, quality,
                   _problems_of(submission, catalogue, entries, quality), written=written)
    return TextSaved(revision=text.revision, html=text.html,
                     progress=_progress(after, section.chapter_id))


def _locked(submission_id: int, user):
    """The save's first query: the submission locked, if `user` may change it
    (PermissionDenied or Http404 otherwise), with the catalogue's version and the
    sections holding a text read in the same query."""
    from submissions.models import Submission

    return editable_submission_or_403(
        user, Submission.objects.select_for_update(of=("self",)).select_related("year"),
        submission_id, **selectors.locking_columns())


def _retried(current, number, data: FigureInput, user) -> bool:
    """A retry of the save that stored `current` (e.g. its reply was lost)."""
    return (current.updated_by_id == getattr(user, "pk", None)
            and current.value == number and current.not_applicable == data.not_applicable
            and current.is_estimate == (data.is_estimate and number is not None)
            and (data.explanation is None
                 or data.explanation.strip() == current.explanation))


@dataclass(frozen=True)
class After:
    """The submission after the save, as the reply shows it: its state (the problems of
    the figures shown, the others counted), the progress (and its JSON), the saved
    figure's related figures (its total, its parts), and a figure's value as the input
    shows it (`text`) with its change on last year (`change`)."""

    state: selectors.State
    per_chapter: list
    total: selectors.Progress
    chapters: dict
    overall: dict
    related: tuple = ()
    text: str = ""
    change: str = ""


def _after(submission, catalogue, values, quality, problems, code: str | None = None,
           value=None, written: set[int] | None = None) -> After:
    """The reply's state, progress and numbers, computed in one place from what the save
    read (no query): `value`'s input text and change on last year for the figure `code`."""
    previous = {c: v for c, v in quality.previous.items() if c in catalogue.indicators}
    state = selectors.State(submission, catalogue.figures, values, previous, problems)
    if written is None:
        written = selectors.written_sections_of(submission)
    per_chapter, total = selectors.progress(state, catalogue.chapters, written,
                                            catalogue.sections)
    chapters = {p.chapter.number: p.as_json() for p in per_chapter}
    overall = total.as_json()
    text = change = ""
    if code is not None:
        plain = catalogue.figures[code]
        text = selectors.input_text(plain, value)
        change = "" if plain.is_bool else selectors.change_text(previous.get(code), value)
    return After(state, per_chapter, total, chapters, overall,
                 tuple(catalogue.related[code]) if code else (), text, change)


def kept_quality(submission, catalogue):
    """The quality checks' context for the autosave, without a query while kept: the
    region's peer statistics, events and last year's decisions (`region_peers`, three
    queries once per KEEP_SECONDS per region and year, whatever the number of
    libraries), the library's last years (`library_history`, one query once per
    KEEP_SECONDS per library) and the ratio limits of the kept catalogue."""
    year, region = submission.year.year, submission.year.region_id
    peers = selectors.kept_or_read(("region", region, year),
                                   functools.partial(region_peers, region, year))
    history = selectors.kept_or_read(("library", submission.library_id, year),
                                     functools.partial(library_history,
                                                       submission.library_id, year))
    return submission_quality(submission, peers=peers, limits=catalogue.limits,
                              history=history)


# The parts of a reply ---------------------------------------------------------------------

def _figure_conflict(theirs, after: After, indicator, data: FigureInput) -> FigureConflict:
    """What the server holds now (their figure): the row shows its problems once the
    conflict is resolved by keeping theirs."""
    who, when = _who(theirs.updated_by), _when(theirs.updated_at)
    return FigureConflict(
        message=_("%(who)s saved this figure at %(when)s: %(theirs)s. Yours: %(yours)s. "
                  "Keep theirs, or overwrite with yours?") % {
            "who": who, "when": when, "theirs": _display(indicator, theirs),
            "yours": _typed_display(indicator, data)},
        theirs=TheirFigure(text=after.text,
                           display=_display(indicator, theirs),
                           not_applicable=theirs.not_applicable,
                           is_estimate=theirs.is_estimate, explanation=theirs.explanation,
                           revision=theirs.revision,
                           change=after.change),
        yours=data.raw, by=who, at=when, row=_row_state(indicator, after))


def _problems(problems) -> list[ProblemOut]:
    return [ProblemOut(p.severity, p.message, p.explained) for p in problems]


def _progress(after: After, chapter_id: int) -> Progress:
    current = next((p for p in after.per_chapter if p.chapter.pk == chapter_id), None)
    html = {"chapter": progress_line(current, "chapter")} if current is not None else {}
    html["overall"] = progress_line(after.total, "overall")
    return Progress(chapters=after.chapters,
                    chapter=after.chapters[current.chapter.number] if current is not None
                    else None, overall=after.overall, html=html)


def _row_state(indicator, after: After) -> RowState:
    problems = after.state.problems
    return RowState(problems=_problems(problems.get(indicator.code, [])),
                    related={code: _problems(problems.get(code, [])) for code in after.related},
                    progress=_progress(after, indicator.chapter_id))


def _who(user) -> str:
    if user is None:
        return _("someone")
    return user.get_full_name() or user.get_username()


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _display(indicator, value) -> str:
    """A stored figure as people read it (Latvian: 1 700, 12,50, jā)."""
    if value.not_applicable:
        return _("not applicable")
    return figure(value.value, indicator)


def _typed_display(indicator, typed: FigureInput) -> str:
    """What the user typed, in the same notation as the stored figure when it is one."""
    if typed.not_applicable:
        return _("not applicable")
    try:
        number = parse_value(indicator, typed.raw)
    except InvalidFigure:
        return typed.raw or "–"
    return figure(number, indicator)
