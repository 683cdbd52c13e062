"""Loading what the quality checks need, with a fixed number of queries.

`submission_quality(submission)` serves the librarian's form (once per request): the
region's part (`region_peers`: peer statistics and events, which the autosave keeps for
a minute per region and year) and the library's own part (`library_context`);
`region_figures(region, year)` serves the methodologist's queue (a whole
region in a fixed number of queries, whatever the number of libraries).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from catalogue.selectors import ratio_limits
from quality.checks import (
    HISTORY_YEARS,
    PEER_FIGURES,
    POPULATION,
    LibraryContext,
    Limit,
    QualityChecks,
    peer_statistics,
)
from quality.models import CheckDecision, ContextEvent
from submissions.models import Submission, Value
from submissions.validation import region_thresholds, submission_region_id


def learned_measures(decisions) -> dict[tuple[str, str], Decimal]:
    """(check, code) → accepted measure, from last year's accepted decisions."""
    return {(d.kind, d.code): d.measure for d in decisions
            if d.status == CheckDecision.Status.ACCEPTED and d.measure is not None}


@dataclass(frozen=True)
class RegionPeers:
    """The region-wide part of the quality checks' context of a year: every library's
    peer group statistics (`peer_statistics`), the region's context events (library →
    kind; those library-years are left out of the groups) and what last year's accepted
    decisions taught (library → learned measures)."""

    stats: dict[int, dict]
    events: dict[int, str]
    learned: dict[int, dict[tuple[str, str], Decimal]]


def region_peers(region_id: int, year: int) -> RegionPeers:
    """Three queries whatever the number of libraries: the region's peer figures of the
    year, its context events, and last year's decisions."""
    figures: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for owner, code, value in Value.objects.filter(
            submission__library__region_id=region_id, submission__year__year=year,
            indicator__code__in=(POPULATION, *PEER_FIGURES)).values_list(
            "submission__library_id", "indicator__code", "value"):
        figures[owner][code] = value
    events = dict(ContextEvent.objects.filter(library__region_id=region_id, year=year)
                  .values_list("library_id", "kind"))
    decisions = defaultdict(list)
    for decision in CheckDecision.objects.filter(library__region_id=region_id, year=year - 1):
        decisions[decision.library_id].append(decision)
    return RegionPeers(peer_statistics(figures, excluded=events), events,
                       {library: learned_measures(found) for library, found in decisions.items()})


def library_history(library_id: int, year: int) -> dict[int, dict[str, Decimal | None]]:
    """A library's figures of the `HISTORY_YEARS` years before `year` (one query, last
    year's among them): year → code → value."""
    history: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for y, code, value in Value.objects.filter(
            submission__library_id=library_id,
            submission__year__year__gte=year - HISTORY_YEARS,
            submission__year__year__lt=year).values_list(
            "submission__year__year", "indicator__code", "value"):
        history[y][code] = value
    return dict(history)


def library_context(submission: Submission, peers: RegionPeers, limits: tuple[Limit, ...],
                    history: dict | None = None) -> LibraryContext:
    """The library's context: its own last years of figures (`library_history`: one
    query unless given) with the region's part (`region_peers`: its peer group, its
    event, what last year's decisions taught) and the ratio limits given."""
    year = submission.year.year
    library_id = submission.library_id
    if history is None:
        history = library_history(library_id, year)
    return LibraryContext(
        year=year, history=history, peers=peers.stats.get(library_id, {}),
        limits=limits, learned=peers.learned.get(library_id, {}),
        event=peers.events.get(library_id, ""))


def submission_quality(submission: Submission, peers: RegionPeers | None = None,
                       limits: tuple[Limit, ...] | None = None,
                       history: dict | None = None) -> QualityChecks:
    """The quality checks of one submission, ready for `check_figures(quality=…)`.

    Read afresh (pages, submit: five queries): the region's part (three), the ratio
    limits (one) and the library's last years (one). The autosave passes what it keeps
    (`entry.autosave`), so it reads none of them.
    `QualityChecks.previous` gives last year's values, so the caller need not read them
    again.
    """
    if peers is None:
        peers = region_peers(submission_region_id(submission), submission.year.year)
    if limits is None:
        limits = ratio_limits()
    context = library_context(submission, peers, limits, history)
    return QualityChecks(context, context.history.get(context.year - 1, {}))


@dataclass
class RegionFigures:
    """A region's figures for a year and the years before, as the queue needs them."""

    year: int
    submissions: dict[int, Submission]  # library id → this year's submission
    values: dict[int, dict[int, dict[str, Decimal | None]]]  # library → year → code → value
    explanations: dict[int, dict[str, str]]  # library → code → explanation (this year)
    not_applicable: dict[int, set[str]]
    events: dict[int, list[ContextEvent]]  # library → this year's events
    decisions: dict[tuple[int, str, str], CheckDecision]  # (library, code, check), this year
    learned: dict[int, dict[tuple[str, str], Decimal]]  # library → last year's accepted
    limits: tuple[Limit, ...] = ()
    contexts: dict[int, LibraryContext] = field(default_factory=dict)
    thresholds: dict[str, int] = field(default_factory=dict)  # the region's own: code → %


def region_figures(region, year: int) -> RegionFigures:
    """Six queries whatever the number of libraries (the region's own thresholds
    among them)."""
    submissions = {s.library_id: s for s in Submission.objects.filter(
        library__region=region, year__year=year).select_related("library", "year")}
    values: dict[int, dict[int, dict]] = defaultdict(lambda: defaultdict(dict))
    explanations: dict[int, dict[str, str]] = defaultdict(dict)
    not_applicable: dict[int, set[str]] = defaultdict(set)
    for library_id, y, code, value, na, explanation in Value.objects.filter(
            submission__library__region=region,
            submission__year__year__gte=year - HISTORY_YEARS,
            submission__year__year__lte=year).values_list(
            "submission__library_id", "submission__year__year", "indicator__code", "value",
            "not_applicable", "explanation"):
        values[library_id][y][code] = value
        if y == year:
            if explanation:
                explanations[library_id][code] = explanation
            if na:
                not_applicable[library_id].add(code)
    events: dict[int, list[ContextEvent]] = defaultdict(list)
    for event in ContextEvent.objects.for_region_year(region, year):
        events[event.library_id].append(event)
    decisions, learned = {}, defaultdict(dict)
    for decision in CheckDecision.objects.filter(library__region=region,
                                                 year__in=(year, year - 1)):
        if decision.year == year:
            decisions[(decision.library_id, decision.code, decision.kind)] = decision
        else:
            learned[decision.library_id].update(learned_measures([decision]))
    return build_contexts(RegionFigures(
        year=year, submissions=submissions, values=values, explanations=explanations,
        not_applicable=not_applicable, events=events, decisions=decisions, learned=learned,
        limits=ratio_limits(), thresholds=region_thresholds(region.pk)))


def build_contexts(data: RegionFigures) -> RegionFigures:
    """Every library's check context from the region's figures (no queries)."""
    this_year = {library_id: years.get(data.year, {})
                 for library_id, years in data.values.items() if years.get(data.year)}
    stats = peer_statistics(this_year, excluded=[k for k, v in data.events.items() if v])
    for library_id in this_year:
        years = data.values[library_id]
        events = data.events.get(library_id) or []
        data.contexts[library_id] = LibraryContext(
            year=data.year,
            history={y: v for y, v in years.items() if y != data.year},
            peers=stats.get(library_id, {}),
            limits=data.limits,
            learned=data.learned.get(library_id, {}),
            event=events[0].kind if events else "")
    return data


def context_notes(region, year: int) -> tuple[str, ...]:
    """The region's context events of a year as the report's footnotes (one query).

    "Audriņu pagasta bibliotēka: renovation, 01.03.2022–30.09.2022 (new roof)."
    """
    from django.template.defaultfilters import date as date_filter

    notes = []
    for event in (ContextEvent.objects.for_region_year(region, year)
                  .select_related("library").order_by("library__name", "date_from")):
        period = date_filter(event.date_from, "SHORT_DATE_FORMAT")
        if event.date_to:
            period += "–" + date_filter(event.date_to, "SHORT_DATE_FORMAT")
        notes.append(f"{event.library.name}: {event.get_kind_display()}, {period} "
                     f"({event.reason}).")
    return tuple(notes)


def events_by_year(region) -> dict[int, dict[str, str]]:
    """year → library slug → what happened (“renovation”), for the region (one query).

    Peer statistics leave these library-years out; the dashboard marks them."""
    result: dict[int, dict[str, str]] = defaultdict(dict)
    for event in ContextEvent.objects.filter(library__region=region).select_related(
            "library").order_by("date_from"):
        result[event.year].setdefault(event.library.slug, event.get_kind_display())
    return dict(result)
