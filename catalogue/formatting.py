"""Numbers shown to people, the Latvian way: every page, chart, export and email uses these."""

import functools
from decimal import Decimal

from django.utils.formats import get_format, number_format
from django.utils.translation import get_language

from catalogue.derived import round_half_away


def format_number(value, decimals: int = 0) -> str:
    """A number the Latvian way (6 441; 20,8), rounded half away from zero to `decimals`.

    Django's number_format cuts surplus digits off (2,4959 → "2,49"); rounding first
    makes every page, chart and export show the report's rounding (2,50).
    """
    if value is None:
        return "–"
    rounded = round_half_away(value if isinstance(value, Decimal) else Decimal(str(value)),
                              decimals)
    if rounded == 0:
        rounded = abs(rounded)  # an exact −0,3 % shows as 0, not −0
    separators = _separators(get_language())
    if separators is None or not rounded.is_finite():
        return number_format(rounded, decimal_pos=decimals, use_l10n=True,
                             force_grouping=True)
    # Django's number_format, written for groups of three (the region table formats
    # thousands of numbers): the same text, a tenth of the time.
    decimal_separator, thousand_separator = separators
    integer, _point, fraction = f"{rounded:,.{decimals}f}".partition(".")
    text = integer.replace(",", thousand_separator)
    return f"{text}{decimal_separator}{fraction}" if fraction else text


@functools.lru_cache(maxsize=8)
def _separators(language: str | None) -> tuple[str, str] | None:
    """The language's decimal and thousand separators when it groups by three, else None
    (then Django formats)."""
    if get_format("NUMBER_GROUPING", language, True) != 3:
        return None
    return (get_format("DECIMAL_SEPARATOR", language, True),
            get_format("THOUSAND_SEPARATOR", language, True))


def format_change(value, points: bool) -> str:
    """A change as shown: "+5 %", "−1,7 p.p."; exact changes are rounded here."""
    if value is None:
        return ""
    places = 1 if points else 0
    sign = "+" if round_half_away(Decimal(str(value)), places) > 0 else ""
    text = format_number(value, places)
    return f"{sign}{text}" + (" p.p." if points else " %")
