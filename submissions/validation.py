"""The checks every figure goes through, in the web form and in the XLSX import alike.

Hard errors refuse a value: not a number, not a whole number where one is needed,
negative, absurdly large, larger than the total it is part of (or a total smaller
than one of its parts). Plausibility warnings keep the value but need a short
explanation before the submission can be submitted: a change on last year beyond
the indicator's threshold (the region's own, `RegionThreshold`, when it set one, else the
national default), a figure identical to last year where that is unlikely,
and a stock that does not flow (stock = last year's stock + acquisitions − withdrawals).
Every message names the field and says how to fix it.
"""

import re
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from catalogue.formatting import format_change
from catalogue.models import Indicator, RegionThreshold
from submissions.models import Submission

ABSURD_LIMIT = Decimal("1000000000")  # no library figure reaches a thousand million
SMALL_CHANGE = Decimal(5)  # changes of a few units never warn, whatever the percentage
YES_WORDS = {"1", "jā", "ja", "yes", "y", "true", "x"}
NO_WORDS = {"0", "nē", "ne", "no", "n", "false"}

ERROR, WARNING, MISSING = "error", "warning", "missing"

STOCK = "collection.stock"
STOCK_INFLOW = "collection.acquired"
STOCK_OUTFLOW = "collection.withdrawn"


class InvalidFigure(ValueError):
    """Raised by parse_value; str(error) is the message for the user."""


@dataclass(frozen=True)
class Entry:
    """One figure as entered: a value, or “not applicable”, with an optional explanation."""

    value: Decimal | None = None
    not_applicable: bool = False
    explanation: str = ""

    @property
    def is_filled(self) -> bool:
        return self.value is not None or self.not_applicable


@dataclass(frozen=True)
class Problem:
    code: str
    severity: str  # error | warning | missing
    kind: str
    message: str
    explained: bool = False

    @property
    def blocks_submission(self) -> bool:
        return self.severity in (ERROR, MISSING) or (self.severity == WARNING
                                                     and not self.explained)


# Reading one typed value ------------------------------------------------------------------

# The one Latvian number reader ---------------------------------------------------------------
# Every number a person types (figures, training hours and participants, EUR amounts, staff
# units; web forms and the workbook's text cells) is read by `read_number`.
#
# Read the same: "6,5" and "6.5"; "1 500", "1500" and "1 500" grouped with a non-breaking
# or narrow non-breaking space; "1 500,50", "1500.50". Refused, never guessed: a point or a
# comma followed by exactly three digits after one to three digits ("1.500", "1,500": a
# thousand five hundred, or one and a half?), more than one separator ("1,500,5",
# "1.500,50"), a sign, letters.

_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_GROUPED = re.compile(r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+")
_NUMBER = re.compile(r"(\d+|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+)(?:([.,])(\d+))?")
_NEGATIVE = re.compile(r"^[-−–]\s*\d")

NOT_A_NUMBER, AMBIGUOUS, NEGATIVE = "not_a_number", "ambiguous", "negative"


class NumberError(ValueError):
    """What `read_number` refused: `kind` is NOT_A_NUMBER, AMBIGUOUS or NEGATIVE."""

    def __init__(self, kind: str, text: str):
        super().__init__(kind)
        self.kind = kind
        self.text = text

    def message(self, field: str, *, whole: bool = False) -> str:
        """The message for the user, naming the field and the fix (for a field of whole
        numbers, `whole`, an example without decimals)."""
        if self.kind == NEGATIVE:
            return _("%(field)s: a figure cannot be negative. Type 0 or a positive number.") % {
                "field": field}
        if self.kind == AMBIGUOUS:
            return _("%(field)s: “%(text)s” can be read two ways. Group thousands with a space "
                     "and mark decimals with one comma: e.g. 1 500 for one thousand five "
                     "hundred, 1,5 for one and a half, 1 500,50 with cents.") % {
                "field": field, "text": self.text}
        if whole:
            return _("%(field)s: “%(text)s” is not a number. Type digits only, e.g. "
                     "6441.") % {"field": field, "text": self.text}
        return _("%(field)s: “%(text)s” is not a number. Type digits only, e.g. 6441 or "
                 "6,5.") % {"field": field, "text": self.text}


def read_number(text: str) -> Decimal | None:
    """The number in `text` as a Latvian or plain notation writes it; None when empty.

    Raises NumberError (see above) for anything that is not one unambiguous number.
    """
    text = str(text).strip()
    if text == "":
        return None
    if _NEGATIVE.match(text):
        raise NumberError(NEGATIVE, text)
    match = _NUMBER.fullmatch(text)
    if match is None:
        separators = re.sub(r"[^.,]", "", text)
        if len(separators) > 1 and re.fullmatch(r"[\d.,\s\u00a0\u202f\u2009]+", text):
            raise NumberError(AMBIGUOUS, text)
        raise NumberError(NOT_A_NUMBER, text)
    whole, separator, decimals = match.groups()
    if (separator and len(decimals) == 3 and not _GROUPED.fullmatch(whole)
            and len(whole) <= 3 and whole != "0"):
        raise NumberError(AMBIGUOUS, text)
    digits = _SPACES.sub("", whole)
    return Decimal(digits + ("." + decimals if decimals else ""))


def parse_value(indicator: Indicator, raw) -> Decimal | None:
    """The stored value of what the user typed (Latvian or plain notation), or an error.

    Empty input is None (not filled in). Raises InvalidFigure with a message naming the
    field and the fix.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raw = "1" if raw else "0"
    name = indicator.label
    if isinstance(raw, (int, float, Decimal)) and not indicator.is_bool:
        # a number cell of a workbook: already a number, whatever notation str() would use
        try:
            value = Decimal(str(raw)) if not isinstance(raw, float) else Decimal(repr(raw))
        except InvalidOperation:
            raise InvalidFigure(_("%(field)s: type a number, e.g. 6441.")
                                % {"field": name}) from None
        return _checked(indicator, value, name)
    text = str(raw).strip()
    if text == "":
        return None
    if indicator.is_bool:
        word = _SPACES.sub("", text).lower()
        if word in YES_WORDS:
            return Decimal(1)
        if word in NO_WORDS:
            return Decimal(0)
        raise InvalidFigure(_("%(field)s: answer yes or no.") % {"field": name})
    try:
        value = read_number(text)
    except NumberError as error:
        raise InvalidFigure(error.message(
            name, whole=indicator.kind == Indicator.Kind.COUNT)) from None
    return _checked(indicator, value, name)


def _checked(indicator: Indicator, value: Decimal, name: str) -> Decimal:
    """A parsed number against the field's kind and plausible range."""
    if not value.is_finite():
        raise InvalidFigure(_("%(field)s: type a number, e.g. 6441.") % {"field": name})
    if value < 0:
        raise InvalidFigure(
            _("%(field)s: a figure cannot be negative. Type 0 or a positive number.")
            % {"field": name})
    if indicator.kind == Indicator.Kind.COUNT and value != value.to_integral_value():
        raise InvalidFigure(
            _("%(field)s: type a whole number without decimals, e.g. %(example)s.")
            % {"field": name, "example": int(value)})
    if value.as_tuple().exponent < -2:
        raise InvalidFigure(
            _("%(field)s: use at most two decimal places, e.g. %(example)s.")
            % {"field": name, "example": str(value.quantize(Decimal("0.01"))).replace(".", ",")})
    limit = indicator.max_value if indicator.max_value is not None else ABSURD_LIMIT
    if value > limit:
        raise InvalidFigure(
            _("%(field)s: %(value)s is far larger than any library reports (at most "
              "%(limit)s). Check for extra digits.")
            % {"field": name, "value": _plain(value), "limit": _plain(limit)})
    return value


def _plain(value: Decimal) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\u00a0").replace(".", ",")
    return text


# Checking a whole set of figures ------------------------------------------------------------

def check_parts(indicator: Indicator, value: Decimal | None,
                entries: Mapping[str, Entry], indicators: Mapping[str, Indicator]) -> list[str]:
    """Hard errors of one value against its total and its parts (“of which” rows)."""
    if value is None or indicator.is_bool:
        return []
    messages = []
    parent = indicator.parent
    if parent is not None:
        total = entries.get(parent.code)
        if total is not None and total.value is not None and value > total.value:
            messages.append(
                _("%(field)s (%(value)s) is larger than the total it is part of, "
                  "“%(total_name)s” (%(total)s). Lower it or correct the total.")
                % {"field": indicator.name, "value": _plain(value),
                   "total_name": parent.name, "total": _plain(total.value)})
    pk = indicator.pk
    for child in indicators.values():
        if child.parent_id == pk:
            part = entries.get(child.code)
            if part is not None and part.value is not None and part.value > value:
                messages.append(
                    _("%(field)s (%(value)s) is smaller than its part “%(part_name)s” "
                      "(%(part)s). Raise the total or correct the part.")
                    % {"field": indicator.label, "value": _plain(value),
                       "part_name": child.name, "part": _plain(part.value)})
    return messages


def change_threshold(indicator: Indicator, thresholds: Mapping[str, int] | None) -> int | None:
    """The warning threshold of a figure: the region's own when it set one, else the
    national default (`Indicator.change_threshold_pct`; None: no warning on change)."""
    if thresholds:
        own = thresholds.get(indicator.code)
        if own is not None:
            return own
    return indicator.change_threshold_pct


def _change_warning(indicator, current, previous, *, words: bool = True,
                    thresholds: Mapping[str, int] | None = None) -> str | None:
    threshold = change_threshold(indicator, thresholds)
    if threshold is None or previous is None or current is None or previous == 0:
        return None
    if abs(current - previous) <= SMALL_CHANGE:
        return None
    change = (current - previous) / previous * 100
    if abs(change) <= threshold:
        return None
    if not words:
        return ""
    return (_("%(field)s changed by %(change)s%% on last year (%(previous)s → %(current)s), "
              "more than ±%(threshold)s%%. Check the figure; if it is right, explain why.")
            % {"field": indicator.label, "change": format_change(change, points=False)
               .removesuffix(" %"), "previous": _plain(previous),
               "current": _plain(current), "threshold": threshold})


def check_figures(indicators: Mapping[str, Indicator], entries: Mapping[str, Entry],
                  previous: Mapping[str, Decimal | None], year: int,
                  quality=None, described: Container[str] | None = None,
                  thresholds: Mapping[str, int] | None = None) -> list[Problem]:
    """Every problem of a set of figures (a submission, or an uploaded workbook).

    `indicators`: the catalogue by code; `entries`: this year's figures by code;
    `previous`: last year's values by code (empty when there is no last year);
    `quality`: the library-year's quality checks against its history, its peers and
    the ratio limits (`quality.selectors.submission_quality`), loaded once per request;
    their findings are warnings like the others; `described`: the codes whose warnings
    get their message written (None: all; the others' are empty: counted, not shown);
    `thresholds`: the region's own warning thresholds by code (`region_thresholds`),
    used instead of the national default where set.
    """
    problems: list[Problem] = []
    in_force = [ind for ind in indicators.values()
                if not ind.is_derived and ind.in_force(year)]
    for indicator in in_force:
        entry = entries.get(indicator.code, Entry())
        code = indicator.code
        words = described is None or code in described
        if not entry.is_filled:
            if indicator.required:
                problems.append(Problem(code, MISSING, "required", _(
                    "%(field)s is empty. Fill it in, or mark it “not applicable”.")
                    % {"field": indicator.label} if words else ""))
            continue
        for message in check_parts(indicator, entry.value, entries, indicators):
            problems.append(Problem(code, ERROR, "parts", message))
        explained = bool(entry.explanation.strip())
        last = previous.get(code)
        warning = _change_warning(indicator, entry.value, last, words=words,
                                  thresholds=thresholds)
        if warning is not None:
            problems.append(Problem(code, WARNING, "change", warning, explained))
        if (indicator.unchanged_is_unlikely and entry.value is not None and last is not None
                and entry.value == last and entry.value > 0):
            problems.append(Problem(code, WARNING, "unchanged", _(
                "%(field)s is exactly last year's figure (%(value)s). Check that it was "
                "counted anew this year; if it is right, explain why.")
                % {"field": indicator.label, "value": _plain(entry.value)} if words else "",
                explained))
    problems.extend(_stock_flow(indicators, entries, previous, year))
    if quality is not None:
        for finding in quality.findings(indicators, entries, previous, described,
                                        thresholds):
            entry = entries.get(finding.code, Entry())
            problems.append(Problem(finding.code, WARNING, finding.check, finding.message,
                                    bool(entry.explanation.strip())))
    return problems


def autosave_problems(indicators: Mapping[str, Indicator], entries: Mapping[str, Entry],
                      previous: Mapping[str, Decimal | None], year: int, quality,
                      shown: Container[str], thresholds: Mapping[str, int] | None = None
                      ) -> dict[str, list[Problem]]:
    """The problems an autosave reply needs, by code, without the cost of a whole page's.

    The checks (`check_figures`, the quality checks included) run on the filled figures
    and the derived ones (ratios use them): every problem of a filled figure is the
    page's, with its severity and whether it is explained; its message is written only
    for the figures the reply shows (`shown`: the saved one and its related ones), the
    others' are counted (progress) with an empty message. An empty required figure has
    one problem, “missing”. `thresholds`: the region's own warning thresholds.
    """
    checked, counted = {}, []
    for code, indicator in indicators.items():
        entry = entries.get(code)
        if indicator.is_derived or code in shown or (entry is not None and entry.is_filled):
            checked[code] = indicator
        elif indicator.required and indicator.in_force(year):
            counted.append(code)
    problems: dict[str, list[Problem]] = {}
    for problem in check_figures(checked, entries, previous, year, quality=quality,
                                 described=shown, thresholds=thresholds):
        problems.setdefault(problem.code, []).append(problem)
    for code in counted:
        problems.setdefault(code, []).append(Problem(code, MISSING, "required", ""))
    return problems


def _stock_flow(indicators, entries, previous, year) -> Iterable[Problem]:
    stock_indicator = indicators.get(STOCK)
    if stock_indicator is None or not stock_indicator.in_force(year):
        return []
    stock = entries.get(STOCK, Entry()).value
    inflow = entries.get(STOCK_INFLOW, Entry()).value
    outflow = entries.get(STOCK_OUTFLOW, Entry()).value
    last_stock = previous.get(STOCK)
    if None in (stock, inflow, outflow, last_stock):
        return []
    expected = last_stock + inflow - outflow
    if stock == expected:
        return []
    explained = bool(entries.get(STOCK, Entry()).explanation.strip())
    return [Problem(STOCK, WARNING, "stock_flow", _(
        "%(field)s (%(stock)s) does not follow from last year's stock %(last)s + acquisitions "
        "%(inflow)s − withdrawn %(outflow)s = %(expected)s (difference %(difference)s). Correct "
        "one of the figures, or explain the difference (e.g. stock-taking).")
        % {"field": stock_indicator.label, "stock": _plain(stock), "last": _plain(last_stock),
           "inflow": _plain(inflow), "outflow": _plain(outflow), "expected": _plain(expected),
           "difference": _signed(stock - expected)}, explained)]


def _signed(value: Decimal) -> str:
    """+186 / −186 (a real minus sign), grouped like the other figures."""
    return ("+" if value > 0 else "−" if value < 0 else "") + _plain(abs(value))


# Loading a submission's figures ---------------------------------------------------------------

def submission_entries(submission) -> dict[str, Entry]:
    return {
        code: Entry(value, not_applicable, explanation)
        for code, value, not_applicable, explanation in submission.values.values_list(
            "indicator__code", "value", "not_applicable", "explanation")
    }


def previous_values(submission) -> dict[str, Decimal | None]:
    """Last year's values of the same library (any status: it is what the library said)."""
    from submissions.models import Value

    return dict(Value.objects.filter(
        submission__library_id=submission.library_id,
        submission__year__year=submission.year.year - 1,
    ).values_list("indicator__code", "value"))


def submission_region_id(submission) -> int:
    """The submission's region: its library's when loaded, else its reporting year's
    (a year belongs to the region of its libraries)."""
    if Submission.library.is_cached(submission):
        return submission.library.region_id
    return submission.year.region_id


def region_thresholds(region_id: int) -> dict[str, int]:
    """A region's own warning thresholds (`RegionThreshold`): code → percent, one query.
    The change warnings of the region's libraries use them instead of the national
    default (`check_figures(thresholds=…)`)."""
    return dict(RegionThreshold.objects.filter(region_id=region_id)
                .values_list("indicator__code", "change_threshold_pct"))


# The quality checks' context ------------------------------------------------------------------
# A submission's quality checks (`check_figures(quality=…)`) need its region's peer figures,
# its own last years, the ratio limits, its events and last year's decisions. The quality
# app reads them, and it reads a library's figures to do so: it sits above this app, which
# imports nothing of it. It hands its reader in when Django starts
# (`quality.apps.QualityConfig.ready` → `use_quality`); a submission is never checked
# without it (`quality_reader` raises until then).

@dataclass(frozen=True)
class QualityReader:
    """What the quality app reads for the checks of a submission."""

    context: Callable  # (submission, peers=None, limits=None, history=None) → QualityChecks


_quality: list[QualityReader] = []


def use_quality(reader: QualityReader) -> None:
    _quality[:] = [reader]


def quality_reader() -> QualityReader:
    if not _quality:
        raise ImproperlyConfigured("The quality app is not installed: a submission's "
                                   "quality checks have no reader (see use_quality).")
    return _quality[0]


def check_submission(submission, indicators: Mapping[str, Indicator] | None = None
                     ) -> list[Problem]:
    """Every problem of a stored submission, the quality checks and the region's own
    thresholds included (nine queries)."""
    if indicators is None:  # what its region's libraries are asked (its own questions too)
        indicators = {ind.code: ind for ind in Indicator.objects.for_region(
            submission_region_id(submission)).select_related("parent")}
    return check_figures(indicators, submission_entries(submission),
                         previous_values(submission), submission.year.year,
                         quality=quality_reader().context(submission),
                         thresholds=region_thresholds(submission_region_id(submission)))


def explanation_after(current, data) -> str:
    """A figure's explanation once `data` (a `services.FigureInput`) is stored over
    `current` (a Value, or None): the one typed (stripped), else the stored one kept (no
    explanation sent is not an empty one). `services.value_write` stores it; the autosave
    checks the figure with it before the write."""
    if data.explanation is not None:
        return data.explanation.strip()
    return current.explanation if current is not None else ""
