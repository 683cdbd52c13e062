"""Reads for data entry: a submission's state, its chapters' rows and progress.

Everything a page needs is loaded in a fixed number of queries (the catalogue, this
year's values, last year's values, comments, texts, lists, pictures), whatever the
number of indicators or filled figures; the checks run in memory
(`validation.check_figures`).
"""

import functools
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.formats import number_format

from catalogue.derived import change_pct
from catalogue.models import Chapter, Indicator, Section, in_scope
from catalogue.selectors import (
    catalogue,
    catalogue_version_column,
)
from core.i18n import pick
from submissions.models import (
    ChapterText,
    ImprovementWork,
    Project,
    StatusChange,
    Submission,
    TrainingEvent,
    Value,
)
from submissions.validation import (
    ERROR,
    MISSING,
    WARNING,
    Entry,
    Problem,
    check_figures,
    quality_reader,
    region_thresholds,
    submission_region_id,
)

# Which chapter each list belongs to (DOMAIN.md), and its URL slug.
LISTS = {
    "training": (4, TrainingEvent),
    "projects": (9, Project),
    "improvements": (3, ImprovementWork),
}


def field_id(code: str) -> str:
    """The HTML id (and anchor) of an indicator's input."""
    return "f-" + code.replace(".", "-").replace("_", "-")


def section_id(code: str) -> str:
    return "s-" + code.replace(".", "-")


def input_text(indicator: Indicator, value: Decimal | None) -> str:
    """A stored value as the input shows it: grouped like last year's figure beside it
    (Latvian: 60 440, 12,50), which the number reader reads back the same."""
    if value is None:
        return ""
    if indicator.is_bool:
        return "1" if value else "0"
    if value == value.to_integral_value():
        return number_format(int(value), use_l10n=True, force_grouping=True)
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def change_text(previous: Decimal | None, current: Decimal | None) -> str:
    """“+12 %” / “−9 %” (as the report prints it), empty when it cannot be computed."""
    from catalogue.formatting import format_change

    return format_change(change_pct(previous, current), points=False)


@dataclass
class State:
    """A submission's figures, last year's figures and their problems."""

    submission: Submission
    indicators: dict[str, Indicator]
    values: dict[str, Value]
    previous: dict[str, Decimal | None]
    problems: dict[str, list[Problem]]

    def in_force(self) -> list[Indicator]:
        year = self.submission.year.year
        return [ind for ind in self.indicators.values()
                if not ind.is_derived and ind.in_force(year)]

    def all_problems(self) -> list[Problem]:
        return [problem for problems in self.problems.values() for problem in problems]


@functools.cache
def _written_ids():
    """The ids of a submission's sections that hold a text, comma-separated, as a
    subquery of a query of submissions (`written_sections`' set in one column)."""
    from django.db import connection
    from django.db.models import TextField
    from django.db.models.expressions import RawSQL

    texts = connection.ops.quote_name(ChapterText._meta.db_table)
    submissions = connection.ops.quote_name(Submission._meta.db_table)
    ids = ("string_agg(CAST(section_id AS text), ',')" if connection.vendor == "postgresql"
           else "group_concat(section_id)")
    sql = (f"SELECT {ids} FROM {texts} WHERE {texts}.submission_id = "  # noqa: S608
           f"{submissions}.id AND {texts}.html <> ''")  # (no user input)
    return RawSQL(sql, (), output_field=TextField())  # noqa: S611


def locking_columns() -> dict:
    """What the autosave reads with its locking read of the submission, in the same query
    (one `annotate`: each costs a copy of the query): the catalogue's version
    (`catalogue_version(row)`) and the sections holding a text (`written_sections_of(row)`
    is `written_sections`)."""
    return {"catalogue_version": catalogue_version_column(), "written_ids": _written_ids()}


def written_sections_of(submission: Submission) -> set[int]:
    return {int(pk) for pk in (submission.written_ids or "").split(",") if pk}


# What the autosave keeps of the quality checks' inputs, per process (`entry.autosave`).
KEEP_SECONDS = 60
_kept: dict = {}
_kept_lock = threading.Lock()


def forget_kept() -> None:
    """Drop the autosave's kept quality inputs (tests that change them in place; the
    kept catalogue: `catalogue.selectors.forget_catalogue`)."""
    with _kept_lock:
        _kept.clear()



def kept_or_read(key, read):
    """`read()`, kept under `key` for KEEP_SECONDS in this process."""
    now = time.monotonic()
    with _kept_lock:
        kept = _kept.get(key)
        if kept is not None and now - kept[0] < KEEP_SECONDS:
            return kept[1]
    value = read()
    with _kept_lock:
        if len(_kept) > 5000:
            _kept.clear()
        _kept[key] = (now, value)
    return value


def stored_values(submission: Submission,
                  indicators: dict[str, Indicator] | None = None) -> dict[str, Value]:
    """A submission's stored figures by code (one query); with the catalogue already at
    hand (the autosave), each figure gets its indicator from it instead of the database,
    and who saved it last is not read (`updated_by_id` only)."""
    if indicators is None:
        return {value.indicator.code: value for value in Value.objects.filter(
            submission=submission).select_related("updated_by", "indicator")}
    by_pk = {ind.pk: ind for ind in indicators.values()}
    values = {}
    for value in Value.objects.filter(submission=submission):
        value.indicator = by_pk[value.indicator_id]
        values[value.indicator.code] = value
    return values


def submission_state(submission: Submission) -> State:
    """Eight queries: the catalogue, this year's values, the region's own thresholds, and
    the quality checks' five (the region's peer figures, events and last year's
    decisions, the ratio limits, the library's last years with last year's among them)."""
    return state_of(submission, catalogue(region=submission_region_id(submission)),
                    stored_values(submission))


def state_of(submission: Submission, indicators: dict[str, Indicator],
             values: dict[str, Value], quality=None,
             thresholds: dict[str, int] | None = None) -> State:
    """The state of figures already loaded (six queries: the region's own thresholds and
    the quality checks' inputs, last year's values among them; none for what is given)."""
    if quality is None:
        quality = quality_reader().context(submission)  # history, peers, ratio limits: once
    if thresholds is None:
        thresholds = region_thresholds(submission_region_id(submission))
    previous = {code: value for code, value in quality.previous.items() if code in indicators}
    entries = {code: Entry(v.value, v.not_applicable, v.explanation) for code, v in values.items()}
    problems: dict[str, list[Problem]] = defaultdict(list)
    for problem in check_figures(indicators, entries, previous, submission.year.year,
                                 quality=quality, thresholds=thresholds):
        problems[problem.code].append(problem)
    return State(submission, indicators, values, previous, dict(problems))


@dataclass
class Progress:
    chapter: Chapter | None
    figures: int = 0
    filled: int = 0
    missing: int = 0
    warnings: int = 0
    explained: int = 0
    errors: int = 0
    texts: int = 0
    texts_written: int = 0

    @property
    def percent(self) -> int:
        return round(self.filled * 100 / self.figures) if self.figures else 100

    @property
    def is_complete(self) -> bool:
        return not (self.missing or self.warnings or self.errors)

    def as_json(self) -> dict:
        return {"figures": self.figures, "filled": self.filled, "missing": self.missing,
                "warnings": self.warnings, "errors": self.errors, "percent": self.percent,
                "texts": self.texts, "texts_written": self.texts_written,
                "complete": self.is_complete}


def progress(state: State, chapters, written_section_ids: set[int],
             sections=None) -> tuple[list[Progress], Progress]:
    """Progress per chapter and overall: figures filled, open warnings, errors, texts
    written; `sections`: the chapters' text sections when at hand (the autosave's kept
    `catalogue.selectors.TextSection`s), else each chapter's `sections`."""
    per_chapter = {chapter.pk: Progress(chapter) for chapter in chapters}
    total = Progress(None)
    for indicator in state.in_force():
        item = per_chapter.get(indicator.chapter_id)
        if item is None:
            continue
        value = state.values.get(indicator.code)
        filled = value is not None and (value.value is not None or value.not_applicable)
        for target in (item, total):
            target.figures += 1
            target.filled += filled
        for problem in state.problems.get(indicator.code, []):
            for target in (item, total):
                if problem.severity == ERROR:
                    target.errors += 1
                elif problem.severity == MISSING:
                    target.missing += 1
                elif problem.severity == WARNING:
                    if problem.explained:
                        target.explained += 1
                    else:
                        target.warnings += 1
    year = state.submission.year.year
    if sections is None:
        sections = [section for chapter in chapters for section in chapter.sections.all()]
    for section in sections:
        if not section.in_force(year):
            continue
        item = per_chapter[section.chapter_id]
        for target in (item, total):
            target.texts += 1
            target.texts_written += section.pk in written_section_ids
    return list(per_chapter.values()), total


def written_sections(submission: Submission) -> set[int]:
    return set(ChapterText.objects.filter(submission=submission).exclude(html="")
               .values_list("section_id", flat=True))


@dataclass
class OpenItem:
    """One line of the status panel: a problem and the chapter / anchor of its field."""

    problem: Problem
    indicator: Indicator
    chapter: Chapter
    anchor: str


@dataclass
class ExplainedWarning:
    problem: Problem
    indicator: Indicator
    explanation: str

    @property
    def anchor(self) -> str:
        return field_id(self.indicator.code)


def explained_warnings(state: State) -> list[ExplainedWarning]:
    """The warnings the librarian explained (sent with the report), in catalogue order."""
    result = []
    for indicator in sorted(state.in_force(), key=lambda ind: (ind.chapter.number, ind.order)):
        for problem in state.problems.get(indicator.code, []):
            if problem.severity == WARNING and problem.explained:
                value = state.values.get(indicator.code)
                result.append(ExplainedWarning(problem, indicator,
                                               value.explanation if value else ""))
    return result


def open_items(state: State) -> list[OpenItem]:
    """Errors, unexplained warnings and empty required fields, in catalogue order."""
    items = []
    order = {WARNING: 1, ERROR: 0, MISSING: 2}
    for indicator in sorted(state.in_force(), key=lambda ind: (ind.chapter.number, ind.order)):
        for problem in state.problems.get(indicator.code, []):
            if problem.blocks_submission:
                items.append(OpenItem(problem, indicator, indicator.chapter,
                                      field_id(indicator.code)))
    return sorted(items, key=lambda item: order[item.problem.severity])


@dataclass
class FigureRow:
    indicator: Indicator
    level: int
    value: Value | None
    previous: Decimal | None
    problems: list[Problem]
    comments: list = field(default_factory=list)
    # What the user typed, kept after a refused save, and the messages about it
    typed: dict | None = None
    errors: list[str] = field(default_factory=list)
    stale: Value | None = None
    note: "Notes | None" = None  # the library's own notes on the figure (the pages set it)

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def id(self) -> str:
        return field_id(self.indicator.code)

    @property
    def revision(self) -> int:
        if self.stale is not None:
            return self.stale.revision
        return self.value.revision if self.value else 0

    @property
    def text(self) -> str:
        if self.typed is not None:
            return self.typed["raw"]
        return input_text(self.indicator, self.value.value if self.value else None)

    @property
    def not_applicable(self) -> bool:
        if self.typed is not None:
            return self.typed["not_applicable"]
        return bool(self.value and self.value.not_applicable)

    @property
    def is_estimate(self) -> bool:
        if self.typed is not None:
            return self.typed["is_estimate"]
        return bool(self.value and self.value.is_estimate)

    @property
    def explanation(self) -> str:
        if self.typed is not None and self.typed.get("explanation") is not None:
            return self.typed["explanation"]
        return self.value.explanation if self.value else ""

    @property
    def limit_text(self) -> str:
        """The largest figure parse_value accepts (for the live change in entry.js)."""
        from submissions.validation import ABSURD_LIMIT

        limit = self.indicator.max_value
        return format(limit if limit is not None else ABSURD_LIMIT, "f")

    @property
    def previous_text(self) -> str:
        return input_text(self.indicator, self.previous)

    @property
    def change(self) -> Decimal | None:
        if self.indicator.is_bool or self.value is None:
            return None
        return change_pct(self.previous, self.value.value)

    @property
    def change_text(self) -> str:
        if self.indicator.is_bool:
            return ""  # a yes/no answer has no % change
        return change_text(self.previous, self.value.value if self.value else None)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def hard_errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def missing(self) -> bool:
        return any(p.severity == MISSING for p in self.problems)

    @property
    def needs_explanation(self) -> bool:
        return bool(self.warnings) or bool(self.explanation)


def _tree_order(indicators: list[Indicator]) -> list[tuple[Indicator, int]]:
    """Catalogue order with each “of which” row right under its total, and its depth."""
    present = {ind.pk for ind in indicators}
    children = defaultdict(list)
    roots = []
    for ind in indicators:
        if ind.parent_id in present:
            children[ind.parent_id].append(ind)
        else:
            roots.append(ind)
    ordered = []

    def walk(ind, level):
        ordered.append((ind, level))
        for child in children[ind.pk]:
            walk(child, level + 1)

    for root in roots:
        walk(root, 1 if root.parent_id else 0)
    return ordered


def chapter_rows(state: State, chapter: Chapter, comments=()) -> list[FigureRow]:
    indicators = sorted((ind for ind in state.in_force() if ind.chapter_id == chapter.pk),
                        key=lambda ind: ind.order)
    by_indicator = defaultdict(list)
    for comment in comments:
        if comment.indicator_id:
            by_indicator[comment.indicator_id].append(comment)
    return [FigureRow(ind, level, state.values.get(ind.code), state.previous.get(ind.code),
                      state.problems.get(ind.code, []), by_indicator.get(ind.pk, []))
            for ind, level in _tree_order(indicators)]


def chapters_without_text(per_chapter: list[Progress]) -> list[Progress]:
    """The chapters that have text sections of which none is written yet."""
    return [p for p in per_chapter if p.texts and not p.texts_written]


def return_reason(submission: Submission) -> StatusChange | None:
    if submission.status != Submission.Status.RETURNED:
        return None
    return (StatusChange.objects.filter(submission=submission,
                                        to_status=Submission.Status.RETURNED)
            .select_related("user").order_by("-at", "-pk").first())


@dataclass
class SectionRow:
    section: Section
    text: ChapterText | None
    comments: list = field(default_factory=list)
    typed: str | None = None
    errors: list[str] = field(default_factory=list)
    stale: ChapterText | None = None

    @property
    def id(self) -> str:
        return section_id(self.section.code)

    @property
    def html(self) -> str:
        if self.typed is not None:
            return self.typed
        return self.text.html if self.text else ""

    @property
    def revision(self) -> int:
        if self.stale is not None:
            return self.stale.revision
        return self.text.revision if self.text else 0


def section_rows(submission: Submission, chapter: Chapter, comments=()) -> list[SectionRow]:
    year = submission.year.year
    sections = [section for section in Section.objects.filter(
        in_scope(submission.library.region_id), chapter=chapter).order_by("order", "pk")
        if section.in_force(year)]
    texts = {text.section_id: text for text in ChapterText.objects.filter(
        submission=submission, section__in=sections)}
    by_section = defaultdict(list)
    for comment in comments:
        if comment.section_id:
            by_section[comment.section_id].append(comment)
    return [SectionRow(section, texts.get(section.pk), by_section.get(section.pk, []))
            for section in sections]


def chapter_lists(submission: Submission, chapter: Chapter) -> list[tuple[str, type, list]]:
    """The lists that belong to a chapter: (slug, model, rows)."""
    return [(slug, model, list(model.objects.filter(submission=submission)))
            for slug, (number, model) in LISTS.items() if number == chapter.number]


# A library's own notes -----------------------------------------------------------------------

@dataclass
class Notes:
    """The library's notes on one figure or chapter, as a year's pages show them: its note
    for the year and its newest note of an earlier year (carried to the next years)."""

    this_year: object = None
    earlier: object = None


def library_notes(library_id: int, year: int, *, chapter=None) -> dict[str, Notes]:
    """The library's notes of `year` and before, by indicator code, and by "chapter-<n>"
    for chapters' notes (only `chapter`'s own and its figures' when given). One query."""
    from django.db.models import Q

    from submissions.models import LibraryNote

    notes = (LibraryNote.objects.filter(library_id=library_id, year__lte=year)
             .select_related("indicator", "chapter", "author").order_by("-year", "pk"))
    if chapter is not None:
        notes = notes.filter(Q(chapter=chapter) | Q(indicator__chapter=chapter))
    found: dict[str, Notes] = {}
    for note in notes:
        key = note.indicator.code if note.indicator_id else f"chapter-{note.chapter.number}"
        item = found.setdefault(key, Notes())
        if note.year == year:
            item.this_year = note
        elif item.earlier is None:
            item.earlier = note
    return found


# What changed since last year ----------------------------------------------------------------

def catalogue_record(submission: Submission) -> dict:
    """The form as the report is submitted (kept on `Submission.catalogue_seen`): per
    indicator in force that year its names and the warning threshold its checks use (the
    region's own, else the national default). Two queries."""
    own = region_thresholds(submission.library.region_id)
    return {code: {"lv": indicator.name_lv, "en": indicator.name_en,
                   "t": own.get(code, indicator.change_threshold_pct)}
            for code, indicator in catalogue(submission.year.year,
                                             region=submission.library.region_id).items()}


@dataclass
class YearChange:
    """One line of “What changed since last year”: an indicator added, retired, renamed,
    or its warning threshold changed (the region's own or the national default)."""

    ADDED, RETIRED, RENAMED, THRESHOLD = "added", "retired", "renamed", "threshold"

    kind: str
    indicator: Indicator
    old_name: str = ""
    old_threshold: int | None = None
    threshold: int | None = None
    regional: bool = False  # the threshold is the region's own

    @property
    def anchor(self) -> str:
        return field_id(self.indicator.code)


def year_changes(submission: Submission) -> list[YearChange]:
    """What is new or different in the form of the submission's year against last year's,
    from the catalogue in force in both years (indicators added or retired), and against
    the form as last year's report was submitted (`Submission.catalogue_seen`, the
    library's own, else another of the region's: names and warning thresholds). In the
    report's order. Three queries."""
    year = submission.year.year
    region_id = submission.library.region_id
    every = catalogue(region=region_id)  # the region's own questions are its news too
    now = {code: ind for code, ind in every.items() if ind.in_force(year)}
    changes = [YearChange(YearChange.ADDED, ind) for ind in now.values()
               if not ind.in_force(year - 1)]
    changes += [YearChange(YearChange.RETIRED, ind) for ind in every.values()
                if ind.in_force(year - 1) and not ind.in_force(year)]
    seen = (Submission.objects
            .filter(library__region_id=region_id, year__year=year - 1,
                    catalogue_seen__isnull=False)
            .order_by(models.Case(models.When(library_id=submission.library_id, then=0),
                                  default=1), "-submitted_at")
            .values_list("catalogue_seen", flat=True).first())
    if seen:
        own = region_thresholds(region_id)
        for code, ind in now.items():
            before = seen.get(code)
            if before is None or not ind.in_force(year - 1):
                continue
            if (before.get("lv"), before.get("en")) != (ind.name_lv, ind.name_en):
                changes.append(YearChange(YearChange.RENAMED, ind,
                                          old_name=pick(before.get("lv") or "",
                                                        before.get("en") or "")))
            threshold = own.get(code, ind.change_threshold_pct)
            if before.get("t") != threshold and not ind.is_bool:
                changes.append(YearChange(YearChange.THRESHOLD, ind,
                                          old_threshold=before.get("t"),
                                          threshold=threshold, regional=code in own))
    order = {code: index for index, code in enumerate(every)}
    kinds = [YearChange.ADDED, YearChange.RENAMED, YearChange.THRESHOLD, YearChange.RETIRED]
    return sorted(changes, key=lambda c: (kinds.index(c.kind), order[c.indicator.code]))
