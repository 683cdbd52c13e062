"""The quality checks beyond a figure's own validation, computed in one place.

Each check yields a `Finding`: the entered figure the librarian explains (`code`), the
kind of check, a message for the librarian (a warning that needs an explanation, as the
other warnings do), a short likely cause for the methodologist, how unusual it is
(`unusual`: about 1 at the limit, larger further out) and the value the figure would
have if it were usual (`expected`, for how much it moves the region's total).

Everything here is pure: the figures come in as dictionaries, so the librarian's form
(one library), the methodologist's queue (a whole region) and `bench/quality.py` share
the same code. `quality.selectors` loads the inputs with a fixed number of queries.

The rules
---------
history
    For the figures the catalogue expects to be steady (those with a change threshold),
    the library's own last `HISTORY_YEARS` years (at least two with a figure) give a
    band from their lowest figure × (1 − m) to their highest × (1 + m), the margin m
    being the indicator's change threshold (at least `HISTORY_MARGIN`); a figure
    outside it (by more than `SMALL_CHANGE` units) is flagged. Limits that learn: when
    the methodologist accepted a history finding of last year, that year is a new
    level, and this year's band is built from it alone (older years are left out; one
    year is then enough).
peer
    Per-inhabitant figures (`PEER_FIGURES` ÷ population served) are compared within
    the library's peer group (the population quartiles of the network, as
    `quality.peers.population_groups`: four groups of nearly equal size, at least
    three libraries each). The modified z-score 0.6745·(x − median)/MAD (Iglewicz and
    Hoaglin; MAD = median absolute deviation) flags |z| > `PEER_Z_LIMIT` (3.5). When the
    MAD is 0, the mean absolute deviation × 1.2533 stands in; the spread is taken as at
    least `PEER_MIN_SPREAD` (5 %) of the median, so in a group of near-identical
    libraries a difference of a few per cent is not an outlier; groups with fewer than
    `PEER_MIN_GROUP` values are not judged. Library-years with a context event
    (closure, renovation…) are left out of the groups and not judged. Limits that
    learn: an accepted peer finding of last year raises the library's limit for that
    figure to its accepted |z| × (1 + `LEARN_MARGIN`).
ratio
    Ratios with limits kept in the catalogue (`catalogue.models.RatioLimit`: loans per
    visit, visits per active user, acquisitions per euro of acquisition funding). A
    ratio outside [low, high] is flagged on the numerator; when one of its two figures
    clearly moved on last year and the other did not (`moved_figure`), the words name
    the one that moved (a ×10 slip on visits is not blamed on loans), and a moved
    denominator leaves the numerator's share of the region's total out of the score.
    Limits that learn: an accepted ratio finding of last year widens the library's band
    to contain the accepted ratio with `LEARN_MARGIN` to spare.
slip
    Against last year's figure: the figure is far from it (more than `SLIP_FAR`), but
    ÷10 or ×10 would bring it within `SLIP_NEAR` of it, or two adjacent digits swapped
    back (figures of three digits or more) within `SLIP_NEAR_SWAP`: a likely typing
    slip.
copied
    At least `COPIED_SHARE` of the figures (of at least `COPIED_MIN` that both years
    have, above zero) are exactly last year's: the form may have been copied.
"""

import math
import statistics
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from catalogue.derived import compute_derived
from catalogue.formatting import format_number
from catalogue.selectors import Limit
from quality.peers import POPULATION, population_groups

HISTORY_YEARS = 3
HISTORY_MARGIN = Decimal("0.25")
SMALL_CHANGE = Decimal(5)
PEER_FIGURES = ("visits.total", "loans.total", "users.active", "finance.expenses_total",
                "collection.acquired", "acquisition_funding.municipal")
PEER_Z_LIMIT = 3.5
PEER_MIN_GROUP = 5
PEER_MIN_SPREAD = 0.05
LEARN_MARGIN = Decimal("0.25")
SLIP_FAR = Decimal("0.5")  # more than 50 % away from last year …
SLIP_NEAR = Decimal("0.15")  # … but within 15 % once the slip is undone
SLIP_NEAR_SWAP = Decimal("0.1")  # … within 10 % once two swapped digits are put back
SLIP_MIN = Decimal(20)  # figures this small are not judged for slips
COPIED_SHARE = 0.8
COPIED_MIN = 10
UNUSUAL_CAP = 30.0

HISTORY, PEER, RATIO, SLIP, COPIED = "history", "peer", "ratio", "slip", "copied"
CHECKS = (SLIP, COPIED, RATIO, PEER, HISTORY)
NUMERIC_KINDS = ("count", "eur", "fte")


@dataclass(frozen=True)
class Finding:
    code: str
    check: str
    message: str
    cause: str
    unusual: float
    expected: Decimal | None = None
    measure: Decimal | None = None


@dataclass(frozen=True)
class PeerStat:
    median: float
    spread: float  # MAD, or mean absolute deviation × 1.2533 when the MAD is 0
    size: int


@dataclass
class LibraryContext:
    """What the checks of one library-year need besides its own entries."""

    year: int
    history: dict[int, dict[str, Decimal | None]] = field(default_factory=dict)
    peers: dict[str, PeerStat] = field(default_factory=dict)  # code → stat of its group
    limits: tuple[Limit, ...] = ()
    learned: dict[tuple[str, str], Decimal] = field(default_factory=dict)  # (check, code)
    event: str = ""  # the kind of a context event of the year, "" when none


# Small helpers ----------------------------------------------------------------------------

def _plain(value) -> str:
    """Latvian notation; two decimals below 100 (ratios, per-inhabitant figures)."""
    value = Decimal(value)
    return format_number(value, 0 if abs(value) >= 100 or value == value.to_integral_value()
                         else 2)


def _distance(value: Decimal, bound: Decimal, margin: Decimal) -> float:
    """How far beyond a bound, in units of the margin: 1 at the bound, capped."""
    if bound <= 0 or value <= 0:
        return UNUSUAL_CAP
    return min(UNUSUAL_CAP, 1 + abs(math.log(float(value / bound))) / math.log(1 + float(margin)))


def robust_spread(values: list[float]) -> tuple[float, float]:
    """(median, MAD), with the mean absolute deviation × 1.2533 when the MAD is 0."""
    median = statistics.median(values)
    deviations = [abs(value - median) for value in values]
    mad = statistics.median(deviations)
    if mad == 0:
        mad = statistics.fmean(deviations) * 1.2533
    return median, max(mad, abs(median) * PEER_MIN_SPREAD)


def modified_z(value: float, stat: PeerStat) -> float | None:
    if stat.spread == 0 or stat.size < PEER_MIN_GROUP:
        return None
    return 0.6745 * (value - stat.median) / stat.spread


def per_inhabitant(values: Mapping[str, Decimal | None], code: str) -> float | None:
    population, value = values.get(POPULATION), values.get(code)
    if not population or value is None:
        return None
    return float(value) / float(population)


def peer_statistics(figures: Mapping[object, Mapping[str, Decimal | None]],
                    excluded: Iterable = ()) -> dict[object, dict[str, PeerStat]]:
    """Every library's peer group statistics per peer figure: {key: {code: PeerStat}}.

    `figures`: this year's values of every library (any key); `excluded`: keys left
    out (library-years with a context event): they are neither in a group nor judged.
    """
    excluded = set(excluded)
    populations = {key: values.get(POPULATION) for key, values in figures.items()
                   if key not in excluded}
    result: dict[object, dict[str, PeerStat]] = {}
    for group in population_groups(populations):
        stats = {}
        for code in PEER_FIGURES:
            values = [v for v in (per_inhabitant(figures[key], code) for key in group)
                      if v is not None]
            if len(values) >= PEER_MIN_GROUP:
                median, spread = robust_spread(values)
                stats[code] = PeerStat(median, spread, len(values))
        for key in group:
            result[key] = stats
    return result


# The checks -------------------------------------------------------------------------------

def check_history(indicator, value: Decimal, context: LibraryContext, *,
                  words: bool = True, threshold: int | None = None) -> Finding | None:
    """`threshold`: the region's own warning threshold of the figure, when it set one
    (else the national default, `change_threshold_pct`)."""
    if threshold is None:
        threshold = indicator.change_threshold_pct
    if threshold is None:
        return None
    code = indicator.code
    margin = max(HISTORY_MARGIN, Decimal(threshold) / 100)
    learned = context.learned.get((HISTORY, code))
    years = sorted((y for y in context.history if context.year - HISTORY_YEARS <= y
                    < context.year), reverse=True)
    past = [context.history[y].get(code) for y in years]
    past = [v for v in past if v is not None]
    if learned is not None:
        past, needed = [learned], 1
    else:
        needed = 2
    if len(past) < needed:
        return None
    low = min(past) * (1 - margin)
    high = max(past) * (1 + margin)
    if low <= value <= high:
        return None
    bound = high if value > high else low
    if abs(value - bound) <= SMALL_CHANGE:
        return None
    expected = Decimal(statistics.median(past))
    unusual = _distance(value, bound, margin)
    if not words:
        return Finding(code, HISTORY, "", "", unusual, expected, value)
    if value > high:
        cause = _("far above its last years (%(low)s–%(high)s)")
    elif context.event:
        cause = _("far below its last years (%(low)s–%(high)s); a closure, renovation, move "
                  "or staff absence is recorded")
    elif value < expected / 2:
        cause = _("far below its last years (%(low)s–%(high)s): closed for a while? No "
                  "closure or renovation is recorded")
    else:
        cause = _("far below its last years (%(low)s–%(high)s)")
    span = {"low": _plain(min(past)), "high": _plain(max(past))}
    return Finding(code, HISTORY, _(
        "%(field)s (%(value)s) is outside the library's last years (%(low)s–%(high)s, "
        "with a margin of %(margin)s%%). Check the figure; if it is right, explain why.")
        % {"field": indicator.label, "value": _plain(value), "margin": int(margin * 100),
           **span}, cause % span, unusual, expected, value)


def _slip_cause(digits: str, swapped: str | None, corrected: Decimal, value: Decimal) -> str:
    if swapped is not None:
        return (_("two digits swapped? %(value)s looks like %(swapped)s, close to last year")
                % {"value": digits, "swapped": swapped})
    if corrected < value:
        return _("ten times last year: a typing slip (one digit too many)?")
    return _("a tenth of last year: a typing slip (a digit missing)?")


def check_slip(label, code, value: Decimal, last: Decimal | None, *,
               words: bool = True) -> Finding | None:
    if last is None or last < SLIP_MIN or value < SLIP_MIN:
        return None
    if abs(value - last) <= SLIP_FAR * last:
        return None
    candidates = [(value / 10, SLIP_NEAR, 10, None), (value * 10, SLIP_NEAR, 10, None)]
    digits = str(int(value)) if value == value.to_integral_value() else ""
    for i in range(len(digits) - 1 if len(digits) >= 3 else 0):
        if digits[i] != digits[i + 1] and not (i == 0 and digits[i + 1] == "0"):
            swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
            candidates.append((Decimal(swapped), SLIP_NEAR_SWAP, 6, swapped))
    for corrected, near, base, swapped in candidates:
        if abs(corrected - last) <= near * last:
            closeness = 1 - float(abs(corrected - last) / last) / float(near)
            unusual = min(UNUSUAL_CAP, base + 2 * closeness
                          + abs(math.log10(float(value / last))) * 2)
            if not words:
                return Finding(code, SLIP, "", "", unusual, last, value)
            cause = _slip_cause(digits, swapped, corrected, value)
            return Finding(code, SLIP, _(
                "%(field)s (%(value)s) is far from last year's %(last)s, but would be close "
                "to it with a typing slip undone (%(corrected)s). Check the digits; if the "
                "figure is right, explain why.")
                % {"field": label, "value": _plain(value), "last": _plain(last),
                   "corrected": _plain(corrected)}, cause, unusual, last, value)
    return None


def check_peer(label, code, values, context: LibraryContext, *,
               words: bool = True) -> Finding | None:
    stat = context.peers.get(code)
    x = per_inhabitant(values, code)
    if stat is None or x is None or context.event:
        return None
    z = modified_z(x, stat)
    if z is None:
        return None
    limit = PEER_Z_LIMIT
    learned = context.learned.get((PEER, code))
    if learned is not None:
        limit = max(limit, float(abs(learned) * (1 + LEARN_MARGIN)))
    if abs(z) <= limit:
        return None
    population = values[POPULATION]
    expected = Decimal(str(round(stat.median * float(population), 2)))
    unusual, measure = min(UNUSUAL_CAP, abs(z) / PEER_Z_LIMIT * 2), Decimal(str(round(z, 4)))
    if not words:
        return Finding(code, PEER, "", "", unusual, expected, measure)
    texts = {"per": _plain(Decimal(str(x))), "median": _plain(Decimal(str(stat.median))),
             "z": ("+" if z >= 0 else "−") + format_number(Decimal(str(abs(z))), 1)}
    cause = (_("far above libraries of its size per inhabitant (%(per)s against a median "
               "of %(median)s; z %(z)s)") if z > 0 else
             _("far below libraries of its size per inhabitant (%(per)s against a median "
               "of %(median)s; z %(z)s)")) % texts
    return Finding(code, PEER, _(
        "%(field)s per inhabitant (%(per)s) is far from libraries of a similar size (median "
        "%(median)s). Check the figure; if it is right, explain why.")
        % {"field": label, **texts}, cause, unusual, expected, measure)


MOVED_MIN = Decimal("0.5")  # a ratio's figure moved: at least 50 % from last year …
MOVED_LEAD = 2  # … and at least twice as far (in log terms) as the other figure


def _moved(value, last) -> float | None:
    """How far a figure moved from last year (|ln(value ÷ last)|), None when unknown."""
    if value is None or last is None or value <= 0 or last <= 0:
        return None
    return abs(math.log(float(value / last)))


def moved_figure(limit: Limit, values, previous) -> str:
    """Which figure of a ratio moved on last year (its code), "" when neither clearly did.

    A ratio outside its limits is explained on the numerator, but the denominator may be
    what moved (a ×10 slip on visits makes loans per visit ten times smaller with the
    loans as last year): the figure that moved at least `MOVED_MIN` and twice as far as
    the other is named.
    """
    if not previous:
        return ""
    moves = {code: _moved(values.get(code), previous.get(code))
             for code in (limit.numerator, limit.denominator)}
    least = float(math.log(1 + MOVED_MIN))
    for code, other in ((limit.numerator, limit.denominator),
                        (limit.denominator, limit.numerator)):
        move, other_move = moves[code], moves[other]
        if move is not None and move >= least and (
                other_move is None or move >= MOVED_LEAD * other_move):
            return code
    return ""


def check_ratio(limit: Limit, label, values, context: LibraryContext, *,
                words: bool = True, previous: Mapping | None = None,
                labels: Mapping[str, str] | None = None) -> Finding | None:
    """`previous` (last year's figures) and `labels` (code → label) let the words name
    the figure of the ratio that moved (`moved_figure`)."""
    numerator, denominator = values.get(limit.numerator), values.get(limit.denominator)
    if numerator is None or not denominator:
        return None
    ratio = numerator / denominator
    low, high = limit.low, limit.high
    learned = context.learned.get((RATIO, limit.numerator))
    if learned is not None:
        if low is not None:
            low = min(low, learned * (1 - LEARN_MARGIN))
        if high is not None:
            high = max(high, learned * (1 + LEARN_MARGIN))
    if (low is None or ratio >= low) and (high is None or ratio <= high):
        return None
    bound = high if high is not None and ratio > high else low
    moved = moved_figure(limit, values, previous)
    # the numerator's usual value: the bound's, or its own when the denominator moved
    expected = numerator if moved == limit.denominator else bound * denominator
    unusual = _distance(ratio, bound, LEARN_MARGIN) if ratio > 0 else UNUSUAL_CAP
    measure = ratio.quantize(Decimal("0.0001"))
    if not words:
        return Finding(limit.numerator, RATIO, "", "", unusual, expected, measure)
    texts = {"name": limit.name, "ratio": _plain(ratio),
             "low": _plain(low) if low is not None else "–",
             "high": _plain(high) if high is not None else "–"}
    message = _(
        "%(field)s: %(name)s is %(ratio)s, outside the plausible %(low)s–%(high)s. Check "
        "both figures; if they are right, explain why.") % {"field": label, **texts}
    cause = _("%(name)s %(ratio)s, outside %(low)s–%(high)s") % texts
    if moved:
        last = previous[moved]
        names = {**texts, "moved": (labels or {}).get(moved, moved),
                 "value": _plain(values[moved]), "last": _plain(last),
                 "other": (labels or {}).get(
                     limit.denominator if moved == limit.numerator else limit.numerator,
                     "")}
        message += " " + _("%(moved)s moved: %(value)s against %(last)s last year.") % names
        cause = _("%(name)s %(ratio)s, outside %(low)s–%(high)s: %(moved)s moved "
                  "(%(value)s against %(last)s last year), %(other)s did not") % names
    return Finding(limit.numerator, RATIO, message, cause, unusual, expected, measure)


def check_copied(indicators, values, previous) -> Finding | None:
    compared = [ind for ind in indicators.values() if ind.kind in NUMERIC_KINDS
                and values.get(ind.code) and previous.get(ind.code)]
    if len(compared) < COPIED_MIN:
        return None
    same = [ind for ind in compared if values[ind.code] == previous[ind.code]]
    share = len(same) / len(compared)
    if share < COPIED_SHARE:
        return None
    first = same[0]
    words = {"same": len(same), "total": len(compared)}
    return Finding(first.code, COPIED, _(
        "%(same)s of %(total)s figures are exactly last year's. Was the form copied from "
        "last year? Count this year's figures; if they are right, explain why.") % words,
        _("a form copied from last year? %(same)s of %(total)s figures identical") % words,
        5 + 5 * share, None, Decimal(str(round(share, 4))))


def findings(indicators: Mapping, entries: Mapping, previous: Mapping[str, Decimal | None],
             context: LibraryContext, described: Container[str] | None = None,
             thresholds: Mapping[str, int] | None = None) -> list[Finding]:
    """Every finding of one library-year.

    `indicators`: the catalogue by code; `entries`: this year's `Entry` by code (or plain
    values); `previous`: last year's values by code; `described`: the codes whose
    findings get their message and cause written (None: all); the others' are empty
    (the autosave counts them for the progress and shows only its figure's);
    `thresholds`: the region's own warning thresholds by code.
    """
    thresholds = thresholds or {}
    values = {code: getattr(entry, "value", entry) for code, entry in entries.items()}
    formulas = {ind.code: ind.formula for ind in indicators.values() if ind.formula}
    with_derived = {**values, **compute_derived(formulas, values)} if formulas else values
    found: list[Finding] = []
    for indicator in indicators.values():
        value = values.get(indicator.code)
        if (indicator.kind not in NUMERIC_KINDS or value is None
                or not indicator.in_force(context.year)):
            continue
        words = described is None or indicator.code in described
        label = indicator.label if words else ""
        slip = check_slip(label, indicator.code, value, previous.get(indicator.code),
                          words=words)
        if slip:
            found.append(slip)
        history = check_history(indicator, value, context, words=words,
                                threshold=thresholds.get(indicator.code))
        if history:
            found.append(history)
        if indicator.code in PEER_FIGURES:
            peer = check_peer(label, indicator.code, values, context, words=words)
            if peer:
                found.append(peer)
    for limit in context.limits:
        if limit.numerator in indicators:
            words = described is None or limit.numerator in described
            labels = {code: indicators[code].label
                      for code in (limit.numerator, limit.denominator)
                      if words and code in indicators}
            ratio = check_ratio(limit, labels.get(limit.numerator, ""), with_derived,
                                context, words=words, previous=previous, labels=labels)
            if ratio:
                found.append(ratio)
    copied = check_copied(indicators, values, previous)
    if copied:
        found.append(copied)
    return found


@dataclass(frozen=True)
class QualityChecks:
    """What `submissions.validation.check_figures(quality=…)` calls: the findings of one
    library-year (the validation turns them into warnings), and last year's values of the
    library (`previous`, read with its history), taken once when it is made."""

    context: LibraryContext
    previous: dict[str, Decimal | None] = field(default_factory=dict)

    def findings(self, indicators, entries, previous, described=None,
                 thresholds=None) -> list[Finding]:
        return findings(indicators, entries, previous, self.context, described, thresholds)
