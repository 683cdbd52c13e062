"""Derived indicators, computed in one place for a library or a whole region.

A formula is a sum of indicator codes, optionally divided by another sum and
multiplied by a constant:

    users.active / population.total * 100
    acquisition_funding.municipal + acquisition_funding.other

Terms may name other derived indicators. The totals passed in are a library's
own values or, for a region, the region's sums, so a region ratio is always the
ratio of the region's sums, never a mean of the libraries' ratios. The special
formula ``libraries`` counts the libraries behind a total.
"""

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

LIBRARY_COUNT = "libraries"
_CODE = r"[a-z][a-z0-9_.]*"
_SUM = rf"\(?\s*{_CODE}(?:\s*\+\s*{_CODE})*\s*\)?"
_FORMULA = re.compile(
    rf"^\s*(?P<numerator>{_SUM})\s*(?:/\s*(?P<denominator>{_SUM}))?"
    rf"\s*(?:\*\s*(?P<scale>\d+(?:\.\d+)?))?\s*$"
)


class FormulaError(ValueError):
    pass


@dataclass(frozen=True)
class Formula:
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()
    scale: Decimal = Decimal(1)
    counts_libraries: bool = False

    @property
    def codes(self) -> tuple[str, ...]:
        return self.numerator + self.denominator


def _codes(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.strip("() \t").split("+"))


@functools.lru_cache(maxsize=1024)  # the catalogue's few formulas, read on every check
def parse_formula(text: str) -> Formula:
    if text.strip() == LIBRARY_COUNT:
        return Formula(numerator=(), counts_libraries=True)
    match = _FORMULA.match(text)
    if not match:
        raise FormulaError(f"Cannot read the formula {text!r}.")
    denominator = match["denominator"]
    return Formula(
        numerator=_codes(match["numerator"]),
        denominator=_codes(denominator) if denominator else (),
        scale=Decimal(match["scale"] or 1),
    )


def _sum(codes: Iterable[str], values: Mapping[str, Decimal | None]) -> Decimal | None:
    present = [values[code] for code in codes if values.get(code) is not None]
    return sum(present, Decimal(0)) if present else None


def evaluate(formula: Formula, values: Mapping[str, Decimal | None],
             library_count: int | None = None) -> Decimal | None:
    """The formula's value; None when a part is missing or the divisor is zero."""
    if formula.counts_libraries:
        return None if library_count is None else Decimal(library_count)
    numerator = _sum(formula.numerator, values)
    if numerator is None:
        return None
    if not formula.denominator:
        return numerator * formula.scale
    denominator = _sum(formula.denominator, values)
    if not denominator:
        return None
    return numerator / denominator * formula.scale


def compute_derived(formulas: Mapping[str, str], values: Mapping[str, Decimal | None],
                    library_count: int | None = None) -> dict[str, Decimal | None]:
    """Every derived indicator from entered totals, resolving derived-on-derived terms.

    `formulas` maps a derived code to its formula text; `values` holds entered totals.
    """
    parsed = {code: parse_formula(text) for code, text in formulas.items()}
    known: dict[str, Decimal | None] = dict(values)
    results: dict[str, Decimal | None] = {}

    def resolve(code: str, trail: tuple[str, ...] = ()) -> Decimal | None:
        if code in results:
            return results[code]
        if code in trail:
            raise FormulaError(f"The formula of {code} refers to itself: {' → '.join(trail)}.")
        formula = parsed[code]
        for term in formula.codes:
            if term in parsed and term not in known:
                known[term] = resolve(term, (*trail, code))
        results[code] = evaluate(formula, known, library_count)
        known[code] = results[code]
        return results[code]

    for code in parsed:
        resolve(code)
    return results


def round_half_away(value: Decimal | None, places: int = 0) -> Decimal | None:
    """Round half away from zero, as the report does (−9.5 → −10, 2.205 → 2.21)."""
    if value is None:
        return None
    exponent = Decimal(1).scaleb(-places)
    return value.quantize(exponent, rounding=ROUND_HALF_UP)


def change_pct(previous: Decimal | None, current: Decimal | None,
               places: int | None = 0) -> Decimal | None:
    """% change on the previous year, rounded half away from zero to a whole number.

    `places=None` keeps it exact (the exports round only in their number formats).
    """
    if previous is None or current is None or previous == 0:
        return None
    change = (current - previous) / previous * 100
    return change if places is None else round_half_away(change, places)


def change_points(previous: Decimal | None, current: Decimal | None,
                  places: int | None = 1) -> Decimal | None:
    """Change of a percentage in percentage points (`places=None`: exact)."""
    if previous is None or current is None:
        return None
    change = current - previous
    return change if places is None else round_half_away(change, places)


def difference(previous: Decimal | None, current: Decimal | None) -> Decimal | None:
    """How much a figure moved on the previous year (None when either is missing)."""
    if previous is None or current is None:
        return None
    return current - previous


def share_pct(part: Decimal | None, whole: Decimal | None,
              places: int | None = 0) -> Decimal | None:
    """`part` as % of `whole` (a library's part of the region's change), rounded half away
    from zero; None when either is missing or the whole is zero."""
    if part is None or not whole:
        return None
    share = part / whole * 100
    return share if places is None else round_half_away(share, places)
