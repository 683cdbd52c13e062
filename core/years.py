"""The year a page shows: one rule for every page that picks a year.

A page offers some years; the year asked for (`?year=`, or a posted `year`) is shown when
it is one of them, else the page's default. The defaults are named here, so a page says
which one it uses instead of writing its own:

- `newest`: the newest year offered (published years, a library's events);
- `newest_closed`: the newest closed reporting year, else the newest (a region's report
  and tables: the last complete year);
- `open_else_newest`: the open reporting year, else the newest (the completeness board:
  the year being collected).

Reporting years are passed as objects with `.year` and `.is_open` (ReportingYear rows);
this module imports no model.
"""

from collections.abc import Iterable


def asked_year(request) -> int | None:
    """The year the request asks for, or None (absent or not a number)."""
    raw = request.GET.get("year") or request.POST.get("year") or ""
    try:
        return int(raw)
    except ValueError:
        return None


def choose_year(request, offered: Iterable[int], default: int | None) -> int | None:
    """The year asked for when it is offered, else `default`."""
    asked = asked_year(request)
    return asked if asked is not None and asked in set(offered) else default


def newest(years: Iterable[int]) -> int | None:
    return max(years, default=None)


def newest_closed(reporting_years: Iterable) -> int | None:
    reporting_years = list(reporting_years)
    return newest(y.year for y in reporting_years if not y.is_open) or newest(
        y.year for y in reporting_years)


def open_else_newest(reporting_years: Iterable) -> int | None:
    reporting_years = list(reporting_years)
    return newest(y.year for y in reporting_years if y.is_open) or newest(
        y.year for y in reporting_years)
