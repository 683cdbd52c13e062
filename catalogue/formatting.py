"""Numbers shown to people, the Latvian way: every page, chart, export and email uses these."""

from decimal import Decimal

from django.utils.formats import number_format

from catalogue.derived import round_half_away


def format_number(value, decimals: int = 0) -> str:
    """A number the Latvian way (6 441; 20,8), rounded half away from zero to `decimals`.

    Django's number_format cuts surplus digits off (2,4959 → "2,49"); rounding first
    makes every page, chart and export show the report's rounding (2,50).
    """
    if value is None:
        return "–"
    rounded = round_half_away(Decimal(str(value)), decimals)
    if rounded == 0:
        rounded = abs(rounded)  # an exact −0,3 % shows as 0, not −0
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_change(value, points: bool) -> str:
    """A change as shown: "+5 %", "−1,7 p.p."; exact changes are rounded here."""
    if value is None:
        return ""
    places = 1 if points else 0
    sign = "+" if round_half_away(Decimal(str(value)), places) > 0 else ""
    text = format_number(value, places)
    return f"{sign}{text}" + (" p.p." if points else " %")
