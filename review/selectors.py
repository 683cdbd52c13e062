"""Reads for the methodologist: the completeness board and one submission under review.

Both are built with a fixed number of queries whatever the number of libraries or
indicators: everything is loaded in bulk, then validated and derived in Python.
"""

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy, pgettext

from catalogue.derived import (
    LIBRARY_COUNT,
    change_pct,
    change_points,
    compute_derived,
    round_half_away,
)
from catalogue.models import Indicator, Section, in_scope
from catalogue.selectors import catalogue
from core.changelog import HistoryRow, who
from libraries.collation import latvian_sort_key
from libraries.models import Library
from review.models import Reminder, ReviewComment, TextHintDismissal
from review.triage import QueueItem, SubmissionChecks, submission_checks
from submissions.models import (
    AuditEntry,
    ChapterText,
    ImprovementWork,
    Picture,
    Project,
    ReportingYear,
    StatusChange,
    Submission,
    TrainingEvent,
    Value,
)
from submissions.text_checks import TextHint, check_text
from submissions.validation import (
    ERROR,
    MISSING,
    WARNING,
    Entry,
    Problem,
    check_figures,
    region_thresholds,
)

Status = Submission.Status
DONE = (Status.SUBMITTED, Status.ACCEPTED)
STATUS_LABELS = {
    Status.DRAFT: gettext_lazy("Draft"),
    Status.SUBMITTED: gettext_lazy("Submitted"),
    Status.RETURNED: gettext_lazy("Returned"),
    Status.ACCEPTED: gettext_lazy("Accepted"),
    Status.LAPSED: gettext_lazy("Not submitted by the deadline"),
}
# A library with no report for the year (e.g. the year was opened without drafts, or the
# library joined later): shown as such, never as a draft that does not exist.
NO_REPORT = "none"
STATUS_LABELS[NO_REPORT] = gettext_lazy("No report")
# Once the year is closed, a draft or returned report is one that was not submitted.
NOT_SUBMITTED = STATUS_LABELS[Status.LAPSED]
STATUS_RANK = {NO_REPORT: -1, Status.LAPSED: -1, Status.DRAFT: 0, Status.RETURNED: 1,
               Status.SUBMITTED: 2, Status.ACCEPTED: 3}
YEARS_SHOWN = 3


def status_rows(changes) -> list[HistoryRow]:
    """A report's status changes as the one history listing shows them: from → to (the
    statuses' own colours), and why."""
    why = gettext("Why")
    return [HistoryRow(change.at, who(change.user), format_html(
        '<span class="status status-{}">{}</span> → <span class="status status-{}">{}</span>',
        change.from_status, STATUS_LABELS.get(change.from_status, change.from_status),
        change.to_status, STATUS_LABELS.get(change.to_status, change.to_status)),
        (("why", why, change.reason),)) for change in changes]


def indicator_label(indicator: Indicator) -> str:
    """The indicator's name where it stands alone (outside the figure table).

    An "of which" row names its parent ("t. sk. bērni līdz 18 g. (Aktīvo lietotāju
    skaits)") through `Indicator.label`; the name alone where that is not available.
    """
    return getattr(indicator, "label", indicator.name)


# The completeness board ----------------------------------------------------------------------

@dataclass
class BoardRow:
    library: Library
    submission: Submission | None
    status: str
    status_label: str
    last_change: object  # datetime | None: None while nobody has changed the report
    errors: int
    warnings: int  # unexplained warnings
    missing: int  # empty required fields
    late: bool
    last_reminded: object  # datetime | None

    @property
    def problems(self) -> int:
        """Errors, unexplained warnings and empty required fields; a report nobody has
        started (no change yet, or none made) has only empty fields: not started, not a
        problem."""
        if self.last_change is None:
            return self.errors + self.warnings
        return self.errors + self.warnings + self.missing

    @property
    def name_key(self) -> tuple:
        """Sort key of the library's name in Latvian alphabetical order."""
        return latvian_sort_key(self.library.name)

    @property
    def status_rank(self) -> int:
        return STATUS_RANK[self.status]

    @property
    def is_done(self) -> bool:
        return self.status in DONE

    @property
    def can_be_reminded(self) -> bool:
        return not self.is_done


@dataclass
class BoardSummary:
    total: int
    counts: dict[str, int]  # status → libraries
    done: int  # submitted or accepted
    late: int
    with_problems: int

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        shown = [*Status.values, NO_REPORT] if self.counts.get(NO_REPORT) else Status.values
        return [(value, STATUS_LABELS[value], self.counts.get(value, 0)) for value in shown]


def is_late(status: str, submitted_at, deadline: date, today: date) -> bool:
    """Not handed in by the deadline: still open after it, or submitted after it."""
    if status in DONE and submitted_at is not None:
        return timezone.localdate(submitted_at) > deadline
    return today > deadline


def board_rows(region, year: ReportingYear | int, *, today: date | None = None
               ) -> list[BoardRow]:
    """One row per active library of the region for the year, in Latvian order.

    Eight queries whatever the number of libraries: the year, the libraries, the
    submissions (with their last audit entry), their values, last year's values, the
    catalogue, the region's own warning thresholds and the reminders.

    `last_change` is None for a draft nobody has touched yet (no audit entry, no value,
    never handed in), so its creation is not shown as a change.
    """
    if not isinstance(year, ReportingYear):
        year = ReportingYear.objects.get(region=region, year=year)
    today = today or timezone.localdate()
    libraries = list(Library.objects.reporting_in(year.year).filter(region=region)
                     .in_latvian_order())
    submissions = {submission.library_id: submission for submission in
                   with_last_audit(Submission.objects.filter(library__region=region, year=year)
                                   .select_related("library", "year"))}
    entries: dict[int, dict[str, Entry]] = defaultdict(dict)
    for submission_id, code, value, not_applicable, explanation in Value.objects.filter(
            submission__library__region=region, submission__year=year).values_list(
            "submission_id", "indicator__code", "value", "not_applicable", "explanation"):
        entries[submission_id][code] = Entry(value, not_applicable, explanation)
    previous: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for library_id, code, value in Value.objects.filter(
            submission__library__region=region, submission__year__year=year.year - 1
    ).values_list("submission__library_id", "indicator__code", "value"):
        previous[library_id][code] = value
    indicators = catalogue(region=region)
    thresholds = region_thresholds(region.pk)
    reminded = dict(Reminder.objects.filter(library__region=region, year=year)
                    .values("library_id").annotate(last=Max("sent_at"))
                    .values_list("library_id", "last"))
    rows = []
    for library in libraries:
        submission = submissions.get(library.pk)
        status = submission.status if submission else NO_REPORT
        label = STATUS_LABELS[status]
        if not year.is_open and status in Submission.EDITABLE_STATUSES:
            label = NOT_SUBMITTED
        problems = check_figures(indicators, entries.get(submission.pk, {}) if submission
                                 else {}, previous.get(library.pk, {}), year.year,
                                 thresholds=thresholds)
        rows.append(BoardRow(
            library=library,
            submission=submission,
            status=status,
            status_label=label,
            last_change=_last_change(submission, bool(entries.get(submission.pk)))
            if submission else None,
            errors=sum(1 for p in problems if p.severity == ERROR),
            warnings=sum(1 for p in problems if p.severity == WARNING and not p.explained),
            missing=sum(1 for p in problems if p.severity == MISSING),
            late=is_late(status, submission.submitted_at if submission else None,
                         year.deadline, today),
            last_reminded=reminded.get(library.pk),
        ))
    return rows


def last_change(submission: Submission):
    """When the report was last changed: its newest audit entry (every change of a figure
    or a text writes one, and leaves `updated_at` alone) or `updated_at` (its status, its
    lists), whichever is later; `last_audit` read with the submission (`with_last_audit`)."""
    return max(filter(None, (submission.updated_at, submission.last_audit)))


def with_last_audit(submissions):
    """Submissions with the time of their newest audit entry (`last_audit`), for
    `last_change`, read in the same query."""
    newest = (AuditEntry.objects.filter(submission=OuterRef("pk")).order_by("-at")
              .values("at")[:1])
    return submissions.annotate(last_audit=Subquery(newest))


def _last_change(submission: Submission, has_values: bool):
    """When the report was last changed; None if nobody has changed it since its creation."""
    touched = (submission.last_audit is not None or has_values
               or submission.status != Status.DRAFT)
    if not touched:
        return None
    return last_change(submission)


def board_summary(rows: list[BoardRow]) -> BoardSummary:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.status] += 1
    return BoardSummary(
        total=len(rows), counts=dict(counts),
        done=sum(1 for row in rows if row.is_done),
        late=sum(1 for row in rows if row.late),
        with_problems=sum(1 for row in rows if row.problems),
    )


def filter_rows(rows: list[BoardRow], *, status: str = "", late_only: bool = False,
                problems_only: bool = False) -> list[BoardRow]:
    return [row for row in rows
            if (not status or row.status == status)
            and (not late_only or row.late)
            and (not problems_only or row.problems)]


# One submission under review -------------------------------------------------------------------

@dataclass
class FigureRow:
    indicator: Indicator
    level: int
    values: tuple  # display-ready numbers, oldest year first
    raw: tuple  # Decimal | None, oldest year first
    not_applicable: bool
    is_estimate: bool
    changes: tuple  # shown change on the year before, per year after the first
    explanation: str
    problems: list[Problem] = field(default_factory=list)
    comments: list[ReviewComment] = field(default_factory=list)
    check: QueueItem | None = None  # the triage queue's item on this figure, if any
    note: object = None  # the library's own notes on it (submissions.selectors.Notes)

    @property
    def anchor(self) -> str:
        return "f-" + self.indicator.code.replace(".", "-")

    @property
    def has_open_problem(self) -> bool:
        return any(problem.blocks_submission for problem in self.problems)


@dataclass
class ChapterBlock:
    chapter: object
    figures: list[FigureRow] = field(default_factory=list)
    texts: list = field(default_factory=list)  # (section, ChapterText | None, comments)
    note: object = None  # the library's own notes on the chapter


@dataclass
class OpenComment:
    """An unresolved comment as the decision form lists it: what it is about and where."""

    comment: ReviewComment
    label: str
    anchor: str


@dataclass
class TextHintRow:
    """A hint of a text against the figures (`submissions.text_checks`) on the review page:
    the section whose sentence it quotes, and the dismissal if a methodologist gave one."""

    section: Section
    hint: TextHint
    dismissal: TextHintDismissal | None = None


@dataclass
class SubmissionReview:
    submission: Submission
    years: tuple[int, ...]
    chapters: list[ChapterBlock]
    general_comments: list[ReviewComment]
    history: list[HistoryRow]  # the status changes, newest first
    training: list[TrainingEvent]
    projects: list[Project]
    improvements: list[ImprovementWork]
    problem_counts: dict[str, int]
    unresolved: list[OpenComment]
    pictures: list[Picture]
    checks: SubmissionChecks
    text_hints: list[TextHintRow] = field(default_factory=list)

    @property
    def open_text_hints(self) -> list[TextHintRow]:
        return [row for row in self.text_hints if row.dismissal is None]

    @property
    def open_comments(self) -> int:
        return len(self.unresolved)


def _level(indicator: Indicator) -> int:
    level, parent = 0, indicator.parent
    while parent is not None:
        level, parent = level + 1, parent.parent
    return level


def _decimals(indicator: Indicator) -> int:
    if indicator.is_derived:
        return indicator.decimals
    return 2 if indicator.kind in (Indicator.Kind.FTE, Indicator.Kind.EUR) else 0


def submission_review(submission: Submission) -> SubmissionReview:
    """A submission beside its two previous years, with problems, texts, comments, history.

    A fixed number of queries (about fifteen) whatever the size of the catalogue and of
    the region: `checks` are the triage queue's items of this submission
    (`review.triage.submission_checks`), with their causes, scores and ranks.
    """
    from catalogue.formatting import format_change, format_number

    library = submission.library
    year = submission.year.year
    years = tuple(range(year - YEARS_SHOWN + 1, year + 1))
    indicators = catalogue(region=library.region_id)
    per_year: dict[int, dict[str, Decimal | None]] = {y: {} for y in years}
    entries: dict[str, Entry] = {}
    estimates: set[str] = set()
    for value_year, submission_id, code, value, not_applicable, is_estimate, explanation in (
            Value.objects.filter(submission__library=library, submission__year__year__in=years)
            .values_list("submission__year__year", "submission_id", "indicator__code",
                         "value", "not_applicable", "is_estimate", "explanation")):
        per_year[value_year][code] = value
        if submission_id == submission.pk:
            entries[code] = Entry(value, not_applicable, explanation)
            if is_estimate:
                estimates.add(code)
    formulas = {code: ind.formula for code, ind in indicators.items()
                if ind.is_derived and ind.formula != LIBRARY_COUNT}
    for y in years:
        per_year[y].update(compute_derived(formulas, per_year[y]))
    problems = check_figures(indicators, entries, per_year[year - 1], year,
                             thresholds=region_thresholds(library.region_id))
    problems_by_code: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        problems_by_code[problem.code].append(problem)
    checks = submission_checks(submission, indicators=indicators)
    checks_by_code = checks.by_code

    comments = list(ReviewComment.objects.filter(submission=submission)
                    .select_related("author"))
    by_indicator: dict[int, list] = defaultdict(list)
    by_section: dict[int, list] = defaultdict(list)
    general = []
    for comment in comments:
        if comment.indicator_id:
            by_indicator[comment.indicator_id].append(comment)
        elif comment.section_id:
            by_section[comment.section_id].append(comment)
        else:
            general.append(comment)

    chapters: dict[int, ChapterBlock] = {}
    for indicator in indicators.values():
        if not indicator.in_force(year) or indicator.formula == LIBRARY_COUNT:
            continue
        block = chapters.setdefault(indicator.chapter.number, ChapterBlock(indicator.chapter))
        decimals = _decimals(indicator)
        raw = tuple(round_half_away(per_year[y].get(indicator.code), decimals) for y in years)
        measure = change_points if indicator.is_percentage else change_pct
        entry = entries.get(indicator.code, Entry())
        block.figures.append(FigureRow(
            indicator=indicator,
            level=_level(indicator),
            raw=raw,
            values=_values_shown(indicator, raw, decimals, entry.not_applicable, format_number),
            not_applicable=entry.not_applicable,
            is_estimate=indicator.code in estimates,
            changes=tuple("" if indicator.is_bool else
                          format_change(measure(previous, current), indicator.is_percentage)
                          for previous, current in itertools.pairwise(raw)),
            explanation=entry.explanation,
            problems=problems_by_code.get(indicator.code, []),
            comments=by_indicator.get(indicator.pk, []),
            check=checks_by_code.get(indicator.code),
        ))

    texts = {text.section_id: text for text in ChapterText.objects.filter(
        submission=submission).exclude(html="")}
    sections = list(Section.objects.select_related("chapter").filter(
        in_scope(library.region_id), chapter__regional_only=False))
    for section in sections:
        text = texts.get(section.pk)
        section_comments = by_section.get(section.pk, [])
        if text is None and not section_comments:
            continue
        block = chapters.setdefault(section.chapter.number, ChapterBlock(section.chapter))
        block.texts.append((section, text, section_comments))

    figures = {code: (per_year[year - 1].get(code), per_year[year].get(code))
               for code in indicators if indicators[code].in_force(year)}
    return SubmissionReview(
        submission=submission,
        text_hints=submission_text_hints(submission, sections, texts, figures, indicators),
        years=years,
        chapters=[chapters[number] for number in sorted(chapters)],
        general_comments=general,
        history=status_rows(StatusChange.objects.filter(submission=submission)
                            .select_related("user").order_by("-at", "-pk")),
        training=list(TrainingEvent.objects.filter(submission=submission)),
        projects=list(Project.objects.filter(submission=submission)),
        improvements=list(ImprovementWork.objects.filter(submission=submission)),
        problem_counts={
            ERROR: sum(1 for p in problems if p.severity == ERROR),
            WARNING: sum(1 for p in problems if p.severity == WARNING),
            "unexplained": sum(1 for p in problems if p.severity == WARNING
                               and not p.explained),
            MISSING: sum(1 for p in problems if p.severity == MISSING),
        },
        unresolved=_unresolved(comments, indicators, sections),
        pictures=list(Picture.objects.filter(submission=submission)
                      .select_related("chapter").order_by("chapter__number", "pk")),
        checks=checks,
    )


def submission_text_hints(submission, sections, texts, figures,
                          indicators) -> list[TextHintRow]:
    """Every hint of the library's texts against its figures, in the report's order,
    with the dismissals given (one query)."""
    dismissals = {item.key: item for item in TextHintDismissal.objects.filter(
        submission=submission).select_related("dismissed_by")}
    rows = []
    for section in sections:
        text = texts.get(section.pk)
        if text is None:
            continue
        for hint in check_text(text.html, figures, indicators.values()):
            rows.append(TextHintRow(section=section, hint=hint,
                                    dismissal=dismissals.get(hint.key)))
    return rows


def _unresolved(comments, indicators: dict[str, Indicator], sections) -> list[OpenComment]:
    """The open comments, each with the field it is about and the anchor of that field."""
    indicator_by_pk = {indicator.pk: indicator for indicator in indicators.values()}
    section_by_pk = {section.pk: section for section in sections}
    unresolved = []
    for comment in comments:
        if comment.resolved_at is not None:
            continue
        indicator = indicator_by_pk.get(comment.indicator_id)
        section = section_by_pk.get(comment.section_id)
        if indicator is not None:
            label = indicator_label(indicator)
            anchor = "f-" + indicator.code.replace(".", "-")
        elif section is not None:
            label, anchor = section.title, f"s-{section.code}"
        else:
            label, anchor = gettext("the whole report"), "comments"
        unresolved.append(OpenComment(comment=comment, label=label, anchor=anchor))
    return unresolved


def _values_shown(indicator, raw, decimals, not_applicable, format_number) -> tuple:
    shown = [_display(indicator, value, decimals, format_number) for value in raw]
    if not_applicable:
        shown[-1] = pgettext("figure not applicable", "n/a")
    return tuple(shown)


def _display(indicator, value, decimals, format_number) -> str:
    if value is None:
        return ""
    if indicator.is_bool:
        return gettext("yes") if value else gettext("no")
    return format_number(value, decimals)
