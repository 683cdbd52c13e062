"""Per-library breakdown of one indicator: each library's value and share of the region total."""

from dataclasses import dataclass
from decimal import Decimal

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from catalogue.derived import compute_derived, parse_formula, round_half_away
from catalogue.formatting import format_number
from catalogue.selectors import catalogue
from figures.selectors import indicator_by_library
from libraries.collation import latvian_sort_key
from libraries.models import Library, latvian_order
from reports.definitions import TableSpec
from reports.region_tables import build_region_tables


@dataclass(frozen=True)
class BreakdownRow:
    library: str
    slug: str
    value: Decimal | None
    share: Decimal | None
    note: str = ""  # the library carries on for one merged into it (`MergeNote.library_text`)

    @property
    def name_key(self):
        return latvian_sort_key(self.library)

    @property
    def value_key(self):
        return (self.value is not None, self.value or Decimal(0))

    @property
    def share_key(self):
        return (self.share is not None, self.share or Decimal(0))


@dataclass(frozen=True)
class Breakdown:
    code: str
    label: str
    unit: str
    decimals: int
    year: int
    total: Decimal | None
    shows_share: bool
    reported: int
    rows: tuple[BreakdownRow, ...]


def _terms(code: str, indicators) -> set[str]:
    """Entered codes behind a (possibly derived-on-derived) indicator."""
    indicator = indicators[code]
    if not indicator.is_derived:
        return {code}
    found: set[str] = set()
    for term in parse_formula(indicator.formula).codes:
        found |= _terms(term, indicators) if term in indicators else set()
    return found


def build_breakdown(region, year: int, code: str, statuses) -> Breakdown | None:
    """A fixed number of queries whatever the number of libraries."""
    indicators = catalogue(region=region)
    indicator = indicators.get(code)
    if indicator is None:
        return None
    formula = parse_formula(indicator.formula) if indicator.is_derived else None
    if formula is not None and formula.counts_libraries:
        return None
    shows_share = formula is None or not formula.denominator
    terms = _terms(code, indicators)
    formulas = {c: ind.formula for c, ind in indicators.items() if ind.is_derived}
    values = indicator_by_library(region, year, terms, statuses)
    decimals = indicator.decimals if indicator.is_derived else (
        2 if indicator.kind == indicator.Kind.FTE else 0)
    per_library: dict[int, Decimal | None] = {}
    for library_id, entered in values.items():
        if indicator.is_derived:
            per_library[library_id] = compute_derived(formulas, entered).get(code)
        else:
            per_library[library_id] = entered.get(code)
    region_tables = build_region_tables(
        region, year, statuses,
        specs=(TableSpec("one", "", "", 0, (code,), show_change=False),))
    region_row = region_tables.tables[0].rows[0]
    total = region_row.values[-1]
    raw_total = sum((v for v in per_library.values() if v is not None), Decimal(0))
    # A library merged into another (or closed) by `year` has no row from then on; the
    # one it was merged into says so.
    notes: dict[str, list[str]] = {}
    for merge in region_tables.merges:
        if merge.from_year <= year:
            notes.setdefault(merge.into, []).append(merge.library_text)
    rows = []
    for pk, name, slug in (Library.objects.filter(region=region).reporting_in(year)
                           .order_by(latvian_order()).values_list("pk", "name", "slug")):
        value = per_library.get(pk)
        share = None
        if shows_share and value is not None and raw_total:
            share = round_half_away(value / raw_total * 100, 1)
        rows.append(BreakdownRow(library=name, slug=slug,
                                 value=round_half_away(value, decimals), share=share,
                                 note=" ".join(notes.get(name, ()))))
    return Breakdown(code=code, label=indicator.name, unit=indicator.get_unit_display(),
                     decimals=decimals, year=year, total=total, shows_share=shows_share,
                     reported=sum(1 for v in per_library.values() if v is not None),
                     rows=tuple(rows))


class BreakdownTable(tables.Table):
    library = tables.Column(verbose_name=_("Library"), order_by=("name_key",))
    value = tables.Column(verbose_name=_("Value"), order_by=("value_key",),
                          attrs={"td": {"class": "num"}, "th": {"class": "num"}})
    share = tables.Column(verbose_name=_("Share of the region total (%)"),
                          order_by=("share_key",),
                          attrs={"td": {"class": "num"}, "th": {"class": "num"}})

    class Meta:
        attrs = {"class": "figures breakdown"}
        template_name = "django_tables2/table.html"

    def __init__(self, *args, decimals: int = 0, **kwargs):
        self.decimals = decimals
        super().__init__(*args, **kwargs)

    def render_library(self, value, record):
        if not record.note:
            return value
        return format_html('{}<br><small class="table-note">{}</small>', value, record.note)

    def render_value(self, value):
        return format_number(value, self.decimals)

    def render_share(self, value):
        return format_number(value, 1)


def breakdown_table(result: Breakdown, request) -> BreakdownTable:
    table = BreakdownTable(list(result.rows), decimals=result.decimals,
                           exclude=() if result.shows_share else ("share",))
    tables.RequestConfig(request, paginate=False).configure(table)
    return table
