"""The methodologist's triage queue: every open check of every library, ranked.

One item per library and figure, carrying every check that fired on it (today's
warnings — change on last year, identical to last year, stock that does not flow — and
the quality checks of `quality.checks`). The item's score ranks the queue:

    score = unusual × (1 + 9 × share)

`unusual` is the strongest check's measure (about 1 at its limit, larger further out)
plus half of each other check's (several checks agreeing make an item more likely a
real error); `share` is how much the figure moves the region's total: |value − the
value it would have if it were usual| ÷ the region's total of that figure this year
(at most 1). So a ×10 slip on a large library's visits comes before a small library's
borderline change. The cause shown is a named cause (a typing slip, a copied form)
when one fired, else the strongest check's; a change on last year counts at most
`CHANGE_CAP`. A library-year with a
context event (closure, renovation…) has its scores quartered (`EVENT_WEIGHT`): its
unusual figures are expected, and the item says so.

An item is accepted when the methodologist has accepted every check on it (it then
leaves the queue, unless asked for); asked when the library was asked to explain.
Built from `quality.selectors.region_figures` (a fixed number of queries) and the
catalogue; `rank_queue` itself is pure, so `bench/quality.py` ranks the same way.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.formatting import format_number
from catalogue.models import Indicator
from quality import checks as q
from quality.models import CheckDecision
from quality.selectors import RegionFigures, region_figures
from submissions.validation import WARNING, Entry, change_threshold, check_figures

CHANGE, UNCHANGED, STOCK_FLOW = "change", "unchanged", "stock_flow"
CHECK_LABELS = {
    q.SLIP: gettext_lazy("typing slip"),
    q.COPIED: gettext_lazy("copied form"),
    q.RATIO: gettext_lazy("ratio outside limits"),
    q.PEER: gettext_lazy("outlier among peers"),
    q.HISTORY: gettext_lazy("outside its history"),
    CHANGE: gettext_lazy("change on last year"),
    UNCHANGED: gettext_lazy("identical to last year"),
    STOCK_FLOW: gettext_lazy("stock does not flow"),
}
OPEN, ASKED, ACCEPTED = "open", "asked", "accepted"
STATUS_LABELS = {OPEN: gettext_lazy("open"), ASKED: gettext_lazy("library asked"),
                 ACCEPTED: gettext_lazy("accepted")}
SHARE_WEIGHT = 9
EVENT_WEIGHT = 0.25
CHANGE_CAP = 10.0  # a change alone never outranks a named cause such as a typing slip
SPECIFIC = (q.SLIP, q.COPIED)  # named causes, shown first when they fired


@dataclass
class ItemCheck:
    kind: str
    cause: str
    unusual: float
    measure: Decimal | None
    decision: CheckDecision | None = None

    @property
    def label(self) -> str:
        return str(CHECK_LABELS.get(self.kind, self.kind))

    @property
    def is_accepted(self) -> bool:
        return (self.decision is not None
                and self.decision.status == CheckDecision.Status.ACCEPTED)


@dataclass
class QueueItem:
    library_id: int
    code: str
    value: Decimal | None
    last: Decimal | None
    expected: Decimal | None
    checks: list[ItemCheck]
    share: float
    score: float
    explanation: str = ""
    library: object = None  # Library
    submission: object = None  # Submission
    indicator: Indicator | None = None
    event: str = ""
    rank: int = 0  # place among the region's items not yet accepted (1 = first)
    planted: object = field(default=None, repr=False)  # bench/quality.py marks its errors

    @property
    def top(self) -> ItemCheck:
        return self.checks[0]

    @property
    def check(self) -> str:
        return self.top.kind

    @property
    def cause(self) -> str:
        return self.top.cause

    @property
    def status(self) -> str:
        if all(check.is_accepted for check in self.checks):
            return ACCEPTED
        if any(check.decision is not None and check.decision.status
               == CheckDecision.Status.ASKED for check in self.checks):
            return ASKED
        return OPEN

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def follow_up(self) -> bool:
        return any(check.decision is not None and check.decision.follow_up
                   for check in self.checks)

    @property
    def kinds(self) -> list[str]:
        return [check.kind for check in self.checks]

    @property
    def key(self) -> str:
        return f"{self.library_id}:{self.code}"

    @property
    def anchor(self) -> str:
        """The figure's row on the submission's review page."""
        return "f-" + self.code.replace(".", "-")

    @property
    def value_text(self) -> str:
        return format_number(self.value, self.indicator.decimals if self.indicator else 0)

    @property
    def last_text(self) -> str:
        return format_number(self.last, self.indicator.decimals if self.indicator else 0)


def _validation_checks(indicators, entries, previous, year, thresholds=None) -> list[tuple]:
    """Today's warnings as (code, kind, cause, unusual, expected); `thresholds`: the
    region's own warning thresholds."""
    result = []
    for problem in check_figures(indicators, entries, previous, year, thresholds=thresholds):
        if problem.severity != WARNING:
            continue
        value = entries[problem.code].value if problem.code in entries else None
        last = previous.get(problem.code)
        if problem.kind == CHANGE and value is not None and last:
            change = (value - last) / last * 100
            threshold = change_threshold(indicators[problem.code], thresholds) or 30
            result.append((problem.code, CHANGE, _("changed by %(change)s%% on last year") % {
                "change": f"{change:+.0f}"}, float(abs(change)) / threshold, last))
        elif problem.kind == UNCHANGED:
            result.append((problem.code, UNCHANGED, _("exactly last year's figure"), 1.0,
                           None))
        elif problem.kind == STOCK_FLOW and value is not None:
            stock_in = entries.get("collection.acquired", Entry()).value or 0
            stock_out = entries.get("collection.withdrawn", Entry()).value or 0
            expected = (last or 0) + stock_in - stock_out
            difference = value - expected
            result.append((problem.code, STOCK_FLOW, _(
                "stock does not follow from last year's stock and this year's flows "
                "(difference %(difference)s)") % {"difference": f"{difference:+.0f}"},
                min(q.UNUSUAL_CAP, 1 + float(abs(difference) / max(value, 1)) * 20),
                expected))
    return result


def rank_queue(data: RegionFigures, indicators: dict[str, Indicator]) -> list[QueueItem]:
    """Every library's checks of the year, one item per figure, best first (no queries)."""
    year = data.year
    totals: dict[str, Decimal] = {}
    for years in data.values.values():
        for code, value in years.get(year, {}).items():
            if value:
                totals[code] = totals.get(code, Decimal(0)) + value
    items = []
    for library_id, context in data.contexts.items():
        current = data.values[library_id][year]
        previous = data.values[library_id].get(year - 1, {})
        explanations = data.explanations.get(library_id, {})
        entries = {code: Entry(value, code in data.not_applicable.get(library_id, ()),
                               explanations.get(code, ""))
                   for code, value in current.items()}
        found: dict[str, list[tuple]] = {}
        for code, kind, cause, unusual, expected in _validation_checks(
                indicators, entries, previous, year, data.thresholds):
            found.setdefault(code, []).append((kind, cause, unusual, expected, None))
        for finding in q.findings(indicators, entries, previous, context,
                                  thresholds=data.thresholds):
            found.setdefault(finding.code, []).append(
                (finding.check, finding.cause, finding.unusual, finding.expected,
                 finding.measure))
        for code, raw in found.items():
            raw.sort(key=lambda item: (item[0] not in SPECIFIC, -item[2]))
            item_checks = [ItemCheck(kind, cause, unusual, measure,
                                     data.decisions.get((library_id, code, kind)))
                           for kind, cause, unusual, _expected, measure in raw]
            value = current.get(code)
            expected = next((e for _k, _c, _u, e, _m in raw if e is not None), None)
            total = totals.get(code)
            if not total or value is None:
                share = 0.0
            elif expected is None:
                share = float(value / total)
            else:
                share = float(abs(value - expected) / total)
            share = min(1.0, share)
            strongest = max(item[2] for item in raw)
            unusual = strongest + 0.5 * (sum(item[2] for item in raw) - strongest)
            items.append(QueueItem(
                library_id=library_id, code=code, value=value, last=previous.get(code),
                expected=expected, checks=item_checks, share=share,
                score=round(unusual * (1 + SHARE_WEIGHT * share)
                            * (EVENT_WEIGHT if context.event else 1), 2),
                explanation=explanations.get(code, ""), indicator=indicators.get(code),
                event=context.event))
    items.sort(key=lambda item: (-item.score, item.library_id, item.code))
    return items


def triage_queue(region, year: int, *, indicators: dict[str, Indicator] | None = None
                 ) -> list[QueueItem]:
    """The ranked queue of a region's year (seven queries whatever the size of the
    network)."""
    if indicators is None:
        indicators = {ind.code: ind for ind in Indicator.objects.for_region(region)
                      .select_related("chapter", "parent")}
    data = region_figures(region, year)
    items = rank_queue(data, indicators)
    for item in items:
        submission = data.submissions.get(item.library_id)
        item.submission = submission
        item.library = submission.library if submission else None
    return [item for item in items if item.library is not None]


@dataclass
class SubmissionChecks:
    """The queue's items of one submission, for the methodologist's page of it."""

    items: list[QueueItem]  # not yet accepted, in the queue's order, each with its rank
    accepted: list[QueueItem]  # every check on the figure accepted
    region_open: int  # items of the whole region not yet accepted

    @property
    def by_code(self) -> dict[str, QueueItem]:
        return {item.code: item for item in (*self.items, *self.accepted)}


def submission_checks(submission, *, indicators: dict[str, Indicator] | None = None
                      ) -> SubmissionChecks:
    """The same items, causes, scores and ranks as the region's queue, for one submission.

    The checks compare a library with its peers, so the region's figures are read (the
    queue's fixed number of queries) and the submission's items are picked out.
    """
    queue = triage_queue(submission.library.region, submission.year.year,
                         indicators=indicators)
    waiting = filter_queue(queue)
    for rank, item in enumerate(waiting, start=1):
        item.rank = rank
    mine = [item for item in queue if item.library_id == submission.library_id]
    return SubmissionChecks(items=[item for item in mine if item.status != ACCEPTED],
                            accepted=[item for item in mine if item.status == ACCEPTED],
                            region_open=len(waiting))


def filter_queue(items: list[QueueItem], *, library: str = "", chapter: int | None = None,
                 check: str = "", status: str = "", follow_up: bool = False
                 ) -> list[QueueItem]:
    """`status`: open, asked, accepted, or "" for everything not yet accepted."""
    return [item for item in items
            if (not library or item.library.slug == library)
            and (chapter is None or (item.indicator is not None
                                     and item.indicator.chapter.number == chapter))
            and (not check or check in item.kinds)
            and (item.status == status if status else item.status != ACCEPTED)
            and (not follow_up or item.follow_up)]


ROW_FIELDS = ("rank", "library", "library_name", "code", "indicator", "check", "checks",
              "cause", "score", "value", "last_year", "status", "follow_up", "explanation")


def queue_rows(items: list[QueueItem], *, header_only: bool = False):
    """The queue as plain rows for the `triage` command (JSON objects, CSV lines)."""
    if header_only:
        return ROW_FIELDS
    return [dict(zip(ROW_FIELDS, (
        rank, item.library.slug, item.library.name, item.code,
        item.indicator.label if item.indicator else item.code, item.check,
        ", ".join(item.kinds), item.cause, item.score, item.value, item.last, item.status,
        item.follow_up, item.explanation), strict=True))
        for rank, item in enumerate(items, start=1)]
