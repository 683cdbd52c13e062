"""The autosave of the chapter pages: one figure or one text saved, and the reply entry.js
reads, as typed objects.

`autosave_reply(form, submission_id=…, user=…)` runs the save (`services.figure_autosave`
or `services.text_autosave`: one short transaction that also reads everything the reply
shows) and answers with one of the replies below, built from what the save committed
without touching the database again; `reply_json` is the one place a reply becomes the
JSON entry.js reads. A refused access (PermissionDenied: not theirs to change, or locked
since the page loaded) and an unknown field (UnknownField) are raised for the view.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from entry.templatetags.entry_tags import figure, progress_line
from indicators import services
from indicators.selectors import change_text, input_text
from indicators.services import FigureInput, Saved, StaleTextError, StaleValueError
from indicators.validation import InvalidFigure, parse_value


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


def locked() -> Locked:
    return Locked(_("This report cannot be changed here (it is submitted, or you may only "
                    "read it). Nothing was saved."))


def autosave_reply(form, *, submission_id: int, user) -> Reply:
    """Save what the bound AutosaveForm holds and answer with what was committed."""
    if not form.is_valid():
        return Refused([f"{name}: {message}" for name, messages in form.errors.items()
                        for message in messages], status=400)
    if form.is_text:
        return _text(form.cleaned_data, submission_id, user)
    return _figure(form.figure_input(), form.cleaned_data["code"], submission_id, user)


def _figure(data: FigureInput, code: str, submission_id: int, user) -> Reply:
    try:
        saved = services.figure_autosave(submission_id=submission_id, code=code, data=data,
                                         user=user)
    except StaleValueError as error:
        return _figure_conflict(error.current, error.saved, code, data)
    except ValidationError as error:
        # Nothing was saved: the row keeps the stored figure's state on the server; the
        # page shows only why the typed figure was refused.
        return Refused(error.messages)
    indicator = saved.state.indicators[code]
    return FigureSaved(revision=saved.value.revision,
                       text=input_text(indicator, saved.value.value),
                       change=_change(indicator, saved, saved.value.value),
                       row=_row_state(indicator, saved))


def _figure_conflict(theirs, saved: Saved, code: str, data: FigureInput) -> FigureConflict:
    """What the server holds now (their figure): the row shows its problems once the
    conflict is resolved by keeping theirs."""
    indicator = saved.state.indicators[code]
    who, when = _who(theirs.updated_by), _when(theirs.updated_at)
    return FigureConflict(
        message=_("%(who)s saved this figure at %(when)s: %(theirs)s. Yours: %(yours)s. "
                  "Keep theirs, or overwrite with yours?") % {
            "who": who, "when": when, "theirs": _display(indicator, theirs),
            "yours": _typed_display(indicator, data)},
        theirs=TheirFigure(text=input_text(indicator, theirs.value),
                           display=_display(indicator, theirs),
                           not_applicable=theirs.not_applicable,
                           is_estimate=theirs.is_estimate, explanation=theirs.explanation,
                           revision=theirs.revision,
                           change=_change(indicator, saved, theirs.value)),
        yours=data.raw, by=who, at=when, row=_row_state(indicator, saved))


def _text(data: dict, submission_id: int, user) -> Reply:
    try:
        saved = services.text_autosave(submission_id=submission_id,
                                       section_code=data["section"], html=data["html"],
                                       user=user, base_revision=data["base_revision"] or 0)
    except StaleTextError as error:
        theirs = error.current
        who = _who(theirs.updated_by)
        return TextConflict(
            message=_("%(who)s saved this text at %(when)s. Keep theirs, or overwrite with "
                      "yours?") % {"who": who, "when": _when(theirs.updated_at)},
            theirs={"html": theirs.html, "revision": theirs.revision}, by=who)
    text = saved.text
    return TextSaved(revision=text.revision, html=text.html,
                     progress=_progress(saved, text.section.chapter_id))


# The parts of a reply ---------------------------------------------------------------------

def _problems(problems) -> list[ProblemOut]:
    return [ProblemOut(p.severity, p.message, p.explained) for p in problems]


def _progress(saved: Saved, chapter_id: int) -> Progress:
    current = next((p for p in saved.per_chapter if p.chapter.pk == chapter_id), None)
    html = {"chapter": progress_line(current, "chapter")} if current is not None else {}
    html["overall"] = progress_line(saved.total, "overall")
    return Progress(chapters={p.chapter.number: p.as_json() for p in saved.per_chapter},
                    chapter=current.as_json() if current is not None else None,
                    overall=saved.total.as_json(), html=html)


def _row_state(indicator, saved: Saved) -> RowState:
    problems = saved.state.problems
    return RowState(problems=_problems(problems.get(indicator.code, [])),
                    related={code: _problems(problems.get(code, [])) for code in saved.related},
                    progress=_progress(saved, indicator.chapter_id))


def _change(indicator, saved: Saved, value) -> str:
    if indicator.is_bool:
        return ""
    return change_text(saved.state.previous.get(indicator.code), value)


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
