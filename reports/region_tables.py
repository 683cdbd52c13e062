"""The region tables for a year beside the two years before it: built once, rendered many ways.

The renderers (HTML page, JSON, PDF, DOCX, XLSX, CSV) hold no arithmetic: every
value, change and missing-library count is computed here. Values and changes are kept
exact (euros with cents, ratios and % changes unrounded); `TableRow.decimals` says how
many places people are shown, and only the display (`reports.tables.format_number`,
the XLSX number formats) rounds.
"""

from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import pairwise

from django.utils.translation import gettext

from catalogue.derived import change_pct, change_points, compute_derived, parse_formula
from catalogue.models import Chapter, Indicator
from catalogue.selectors import catalogue
from figures.selectors import ACCEPTED_ONLY, region_year_totals
from libraries.models import Library
from reports.definitions import REGION_TABLES, TableSpec

YEARS_SHOWN = 3
# The table of a region's own questions (`Indicator.region`), in their part of the
# report after the template's chapters; only in that region's report.
REGIONAL_TABLE = TableSpec(key="regional", title_lv="Reģiona papildu jautājumi",
                           title_en="The region's own questions", chapter=Chapter.REGIONAL,
                           rows=())


@dataclass(frozen=True)
class TableRow:
    code: str
    label: str
    level: int
    unit: str
    decimals: int
    is_percentage: bool
    values: tuple[Decimal | None, ...]
    changes: tuple[Decimal | None, ...]
    missing: tuple[int, ...]

    @property
    def change_in_points(self) -> bool:
        return self.is_percentage

    @property
    def change_decimals(self) -> int:
        """Places a change is shown with: 1 for percentage points, whole percent otherwise."""
        return 1 if self.is_percentage else 0

    @property
    def change_fractions(self) -> tuple[Decimal | None, ...]:
        """% changes as fractions (5 % → 0.05), for spreadsheet cells formatted as percent."""
        if self.is_percentage:
            return self.changes
        return tuple(None if change is None else change / 100 for change in self.changes)


@dataclass(frozen=True)
class MergeNote:
    """Library `absorbed` was merged into `into` from `from_year` (names as the report
    prints them), a year the three-year tables reach over (`cycle.network.library_merge`)."""

    absorbed: str
    into: str
    from_year: int

    @property
    def words(self) -> dict:
        return {"absorbed": self.absorbed, "into": self.into, "year": self.from_year,
                "before": self.from_year - 1}

    @property
    def totals_text(self) -> str:
        """Under a region table with changes: why the change across the merge stands."""
        return gettext(
            "%(absorbed)s and %(into)s merged from %(year)s (%(into)s carries on): the "
            "totals of %(before)s hold both libraries, those of %(year)s the merged one, so "
            "the change in %(year)s compares the same libraries and shows no growth from "
            "the merge.") % self.words

    @property
    def values_text(self) -> str:
        """Under a region table without changes."""
        return gettext(
            "%(absorbed)s and %(into)s merged from %(year)s (%(into)s carries on): the "
            "totals of %(before)s hold both libraries, those of %(year)s the merged "
            "one.") % self.words

    @property
    def chart_text(self) -> str:
        """Under a chart of the region's totals over the years (short: charts are small)."""
        return gettext(
            "Merged from %(year)s: %(absorbed)s and %(into)s; the totals up to %(before)s "
            "hold both.") % self.words

    @property
    def library_text(self) -> str:
        """Beside the merged library's own figures (a table or chart of the libraries)."""
        return gettext(
            "%(absorbed)s and %(into)s merged from %(year)s: from then on %(into)s "
            "carries on and its figures hold both libraries, so its change across the "
            "merge is not shown.") % self.words


@dataclass(frozen=True)
class RegionTable:
    key: str
    title: str
    chapter: int
    show_change: bool
    rows: tuple[TableRow, ...]
    # Merges the table's years reach over: each gives a note under the table.
    merges: tuple[MergeNote, ...] = ()

    @property
    def notes(self) -> tuple[str, ...]:
        """The footnotes under the table, in the language chosen (every renderer)."""
        return tuple(merge.totals_text if self.show_change else merge.values_text
                     for merge in self.merges)


@dataclass(frozen=True)
class RegionTables:
    region_name: str
    year: int
    years: tuple[int, ...]
    statuses: tuple[str, ...]
    library_counts: tuple[int, ...]
    tables: tuple[RegionTable, ...]
    merges: tuple[MergeNote, ...] = ()

    @property
    def is_final(self) -> bool:
        return tuple(self.statuses) == tuple(ACCEPTED_ONLY)

    def table(self, key: str) -> RegionTable:
        return next(table for table in self.tables if table.key == key)


def _level(indicator: Indicator, by_id: dict[int, Indicator],
           in_table: set[int] | None = None) -> int:
    """How deep an "of which" row sits (0 for a total), without touching the database.

    Only ancestors shown in the same table count (`in_table`: their ids): a row whose
    total is in another table is not indented under an unrelated row above it.
    """
    level, parent_id = 0, indicator.parent_id
    while parent_id is not None:
        if in_table is None or parent_id in in_table:
            level += 1
        parent_id = by_id[parent_id].parent_id
    return level


def _year_values(indicators, totals) -> tuple[dict[str, Decimal | None], dict[str, int]]:
    """Entered sums plus every derived value for one year, and missing libraries per code."""
    formulas = {code: ind.formula for code, ind in indicators.items() if ind.is_derived}
    values: dict[str, Decimal | None] = dict(totals.sums)
    values.update(compute_derived(formulas, totals.sums, totals.library_count))
    # Missing: every library that should report this year (it has a submission) but whose
    # figure is not in the total, because it left the figure empty or its submission is not
    # counted (e.g. not yet accepted).
    expected = max(totals.expected_count, totals.library_count)
    missing = {code: expected - totals.reported.get(code, 0)
               for code, ind in indicators.items() if not ind.is_derived}

    def missing_behind(code: str) -> int:
        if code not in missing:
            terms = parse_formula(formulas[code]).codes if code in formulas else ()
            missing[code] = max((missing_behind(term) for term in terms), default=0)
        return missing[code]

    for code in formulas:
        missing_behind(code)
    return values, missing


def _row(indicator: Indicator, per_year_values, per_year_missing, by_id,
         in_table: set[int] | None = None) -> TableRow:
    raw = [values.get(indicator.code) for values in per_year_values]
    missing = tuple(year_missing.get(indicator.code, 0) for year_missing in per_year_missing)
    change = change_points if indicator.is_percentage else change_pct
    # A change between totals that lack libraries would compare different sets of
    # libraries (e.g. 1 accepted of 35 against all 35): it is left out, not guessed.
    changes = [None] + [
        None if missing_before or missing_now else change(before, now, places=None)
        for (before, now), (missing_before, missing_now) in zip(
            pairwise(raw), pairwise(missing), strict=True)]
    decimals = indicator.decimals if indicator.is_derived else (
        2 if indicator.kind == Indicator.Kind.FTE else 0)
    return TableRow(
        code=indicator.code,
        label=indicator.name,
        level=_level(indicator, by_id, in_table),
        unit=indicator.unit,
        decimals=decimals,
        is_percentage=indicator.is_percentage,
        values=tuple(raw),
        changes=tuple(changes),
        missing=missing,
    )


def _added_rows(specs: tuple[TableSpec, ...], indicators: dict[str, Indicator],
                year: int) -> dict[str, list[str]]:
    """The tables that take indicators the methodologist added to the catalogue from a
    year on (`cycle.catalogue.indicator_add`), in force in `year`: table key → its codes.

    An “of which” row stands right under its total's rows in the total's table; any other
    added figure ends the first table of its chapter. A yes / no indicator, or one whose
    chapter has no table, is not placed. Earlier years' reports, where it is not in force,
    are unchanged.
    """
    listed = {code for spec in specs for code in spec.rows}
    new = [indicator for code, indicator in indicators.items()
           if code not in listed and indicator.valid_from is not None
           and not indicator.is_derived and not indicator.is_bool
           and indicator.in_force(year)]
    if not new:
        return {}
    by_id = {indicator.pk: indicator for indicator in indicators.values()}
    rows = {spec.key: [code for code in spec.rows if code in indicators] for spec in specs}
    for indicator in sorted(new, key=lambda ind: (ind.order, ind.code)):
        parent = by_id.get(indicator.parent_id)
        target = next((key for key, codes in rows.items()
                       if parent is not None and parent.code in codes), None)
        if target is not None:
            codes = rows[target]
            # after the total and every row beneath it
            at = codes.index(parent.code) + 1
            while at < len(codes) and _descends_from(indicators[codes[at]], parent, by_id):
                at += 1
            codes.insert(at, indicator.code)
            continue
        target = next((spec.key for spec in specs
                       if spec.chapter == indicator.chapter.number), None)
        if target is not None:
            rows[target].append(indicator.code)
    return rows


def _descends_from(indicator: Indicator, total: Indicator, by_id) -> bool:
    parent_id = indicator.parent_id
    while parent_id is not None:
        if parent_id == total.pk:
            return True
        parent_id = by_id[parent_id].parent_id
    return False


def _since_in_force(row: TableRow, indicator: Indicator, years: tuple[int, ...]) -> TableRow:
    """Before an added indicator was asked for, its years are empty, not “libraries
    missing”, and no change is shown from them."""
    if indicator.valid_from is None or indicator.valid_from <= years[0]:
        return row
    asked = [y >= indicator.valid_from for y in years]
    return replace(
        row,
        values=tuple(v if ok else None for v, ok in zip(row.values, asked, strict=True)),
        missing=tuple(m if ok else 0 for m, ok in zip(row.missing, asked, strict=True)),
        changes=tuple(c if ok and (i == 0 or asked[i - 1]) else None
                      for i, (c, ok) in enumerate(zip(row.changes, asked, strict=True))))


def merges_shown(region, years: tuple[int, ...]) -> tuple[MergeNote, ...]:
    """The region's merges that fall between the first and the last of `years` (one query).

    Across such a merge the region's totals compare both libraries (before) with the
    merged one (after): the same libraries, so the change stands (the rule of
    `figures.coverage.Coverage.same_libraries`); the tables say so in a note.
    """
    merged = (Library.objects.filter(region=region, merged_into__isnull=False,
                                     closed_from__gt=years[0], closed_from__lte=years[-1])
              .order_by("closed_from", "name")
              .values_list("name", "merged_into__name", "closed_from"))
    return tuple(MergeNote(absorbed=absorbed, into=into, from_year=from_year)
                 for absorbed, into, from_year in merged)


def build_region_tables(region, year: int, statuses=ACCEPTED_ONLY,
                        specs: tuple[TableSpec, ...] = REGION_TABLES, *,
                        indicators: dict[str, Indicator] | None = None) -> RegionTables:
    """Every region table for `year` and the two years before it (four queries).

    `indicators` is the catalogue (`catalogue.selectors.catalogue(region=region)`) if the
    caller has it already (then three queries). A library merged into another between the
    years shown puts a note under every table (`RegionTable.notes`). The region's own
    questions in force in `year` make a table of their own (`REGIONAL_TABLE`, its rows
    placed like added ones: an “of which” row under its total).
    """
    years = tuple(range(year - YEARS_SHOWN + 1, year + 1))
    if indicators is None:
        indicators = catalogue(region=region)
    if any(ind.region_id is not None and ind.in_force(year) and not ind.is_bool
           for ind in indicators.values()):
        specs = (*specs, REGIONAL_TABLE)
    by_id = {indicator.pk: indicator for indicator in indicators.values()}
    totals = region_year_totals(region, years, statuses)
    per_year = [_year_values(indicators, totals[y]) for y in years]
    per_year_values = [values for values, _missing in per_year]
    per_year_missing = [missing for _values, missing in per_year]
    merges = merges_shown(region, years)
    added = _added_rows(specs, indicators, year)
    tables = []
    for spec in specs:
        codes = added.get(spec.key) or [code for code in spec.rows if code in indicators]
        in_table = {indicators[code].pk for code in codes}
        tables.append(RegionTable(
            key=spec.key, title=spec.title, chapter=spec.chapter, show_change=spec.show_change,
            rows=tuple(_since_in_force(
                _row(indicators[code], per_year_values, per_year_missing, by_id, in_table),
                indicators[code], years) for code in codes),
            merges=merges))
    tables = tuple(tables)
    return RegionTables(
        region_name=region.name, year=year, years=years, statuses=tuple(statuses),
        library_counts=tuple(totals[y].library_count for y in years), tables=tables,
        merges=merges,
    )
