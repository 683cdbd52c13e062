"""Numbers shown to people, the Latvian way: every page, chart, export and email uses these."""

from decimal import Decimal

from django.utils.formats import number_format

from indicators.derived import round_half_away


def format_number(value, decimals: int = 0) -> str:
    """A number the Latvian way (6 441; 20,8), rounded half away from zero to `decimals`.

    Django's number_format cuts surplus digits off (2,4959 → "2,49"); rounding first
    makes every page, chart and export show the report's rounding (2,50).
    """
    if value is None:
        return "–"
    rounded = round_half_away(Decimal(str(value)), decimals)
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_change(value, points: bool) -> str:
    if value is None:
        return ""
    sign = "+" if value > 0 else ""
    text = format_number(value, 1 if points else 0)
    return f"{sign}{text}" + (" p.p." if points else " %")
