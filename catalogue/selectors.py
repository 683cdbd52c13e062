"""The catalogue, read one way: `catalogue(year, entered=…)`, every indicator by code with
its chapter and total in one query; and what the autosave keeps of it in the process
(`cached_catalogue`, checked against `catalogue_version`, read with the autosave's
locking query)."""

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import get_language

from catalogue.models import Chapter, Indicator, RatioLimit, RegionThreshold, Section, in_scope


@dataclass(frozen=True)
class Limit:
    """One ratio limit, as the checks need it (see `catalogue.models.RatioLimit`)."""

    numerator: str
    denominator: str
    low: Decimal | None
    high: Decimal | None
    name: str


def ratio_limits() -> tuple[Limit, ...]:
    return tuple(Limit(limit.numerator, limit.denominator, limit.low, limit.high, limit.name)
                 for limit in RatioLimit.objects.all())


def every_region_threshold() -> dict[int, dict[str, int]]:
    """Every region's own warning thresholds: region id → code → percent (one query)."""
    result: dict[int, dict[str, int]] = {}
    for region_id, code, pct in RegionThreshold.objects.values_list(
            "region_id", "indicator__code", "change_threshold_pct"):
        result.setdefault(region_id, {})[code] = pct
    return result


def entry_chapters(region=None):
    """The chapters a library fills in (not the regional-only ones), with their sections:
    the template's and, with `region` (a Region or its id), its own questions' part
    (`Chapter.REGIONAL`, only when the region has some) with its own sections."""
    from django.db.models import Exists, OuterRef, Prefetch

    own = (Indicator.objects.filter(region=region, chapter=OuterRef("pk")) if region
           else Indicator.objects.none())
    own_sections = (Section.objects.filter(region=region, chapter=OuterRef("pk")) if region
                    else Section.objects.none())
    return (Chapter.objects.filter(regional_only=False)
            .filter(~Q(number=Chapter.REGIONAL) | Exists(own) | Exists(own_sections))
            .prefetch_related(Prefetch("sections", Section.objects.filter(in_scope(region)))))


EVERY = "every"  # `catalogue(region=EVERY)`: the template and every region's own questions


def catalogue(year: int | None = None, *, entered: bool = False,
              region=None) -> dict[str, Indicator]:
    """The catalogue: every indicator by code in the report's order (chapter, order), with
    its chapter and its total ("of which" parent), in one query. The one way to read it.

    `year`: only the indicators in force that year; `entered`: only those a library
    enters (without the derived ones, as the forms and workbooks list them); `region`
    (a Region or its id): the national template and that region's own questions — what
    its libraries are asked —, None: the national template only (the national report,
    dashboard and comparison), `EVERY`: every region's too (the open data, marked).
    """
    indicators = Indicator.objects.select_related("chapter", "parent", "region").order_by(
        "chapter__number", "order", "pk")
    if region != EVERY:
        indicators = indicators.for_region(region)
    if entered:
        indicators = indicators.entered()
    if year is not None:
        indicators = indicators.in_force(year)
    return {indicator.code: indicator for indicator in indicators}


def years_in_force(row) -> range:
    """The years an indicator or a section is in force, as a range (`in_force(year)` of
    the models is `year in years_in_force(row)`)."""
    return range(row.valid_from or 0, (row.valid_to if row.valid_to is not None else 9999) + 1)


@dataclass(frozen=True)
class Figure:
    """One indicator as the autosave's checks read it (`submissions.validation`,
    `quality.checks`, the progress): the model's attributes and properties the checks use,
    computed once when the kept catalogue is built (its names in the language it was
    built for), so a save calls no model method. `in_force(year)` is a membership test of
    `years_in_force`."""

    code: str
    pk: int
    parent_id: int | None
    parent: "Figure | None"
    chapter_id: int
    order: int
    kind: str
    name: str
    label: str
    is_derived: bool
    is_bool: bool
    required: bool
    change_threshold_pct: int | None
    unchanged_is_unlikely: bool
    max_value: Decimal | None
    formula: str
    in_force: Callable[[int], bool]


@dataclass(frozen=True)
class TextSection:
    """A text section as the progress counts it: its chapter and the years in force."""

    pk: int
    chapter_id: int
    in_force: Callable[[int], bool]


def figures_of(indicators: dict[str, Indicator]) -> dict[str, Figure]:
    """The plain `Figure` of every indicator, in the active language."""
    figures: dict[str, Figure] = {}
    by_pk = {ind.pk: ind for ind in indicators.values()}

    def plain(ind: Indicator) -> Figure:
        if ind.code not in figures:
            parent = by_pk.get(ind.parent_id) or ind.parent if ind.parent_id else None
            figures[ind.code] = Figure(
                ind.code, ind.pk, ind.parent_id, plain(parent) if parent else None,
                ind.chapter_id, ind.order, ind.kind, ind.name, ind.label, ind.is_derived,
                ind.is_bool, ind.required, ind.change_threshold_pct,
                ind.unchanged_is_unlikely, ind.max_value, ind.formula,
                years_in_force(ind).__contains__)
        return figures[ind.code]

    for indicator in indicators.values():
        plain(indicator)
    return {code: figures[code] for code in indicators}


@dataclass(frozen=True)
class Catalogue:
    """What the autosave keeps of the catalogue: every indicator by code (with its total
    and chapter), the entry chapters with their sections, the ratio limits, the
    figures whose problems each figure's reply shows besides its own, and every region's
    own warning thresholds (region id → code → percent); for the checks, every
    indicator as a plain `Figure` (`figures`, in the language it was kept for), the codes
    a library enters (`entered`) and the entry chapters' text sections (`sections`)."""

    indicators: dict[str, Indicator]
    chapters: list[Chapter]
    limits: tuple
    related: dict[str, list[str]]  # code → `related_codes`
    thresholds: dict[int, dict[str, int]] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    entered: frozenset = frozenset()
    sections: tuple = ()  # TextSection of the entry chapters


_catalogue_cache: dict = {}


_catalogue_lock = threading.Lock()


@functools.cache
def _version():
    """The catalogue's version as one scalar subquery: the indicators' count, highest id
    and last change (`updated_at`, set by every save: the catalogue page's services and
    the admin), the sections' count, the ratio limits' count and last change, and the
    regions' own thresholds' count and last change, as one text. Built once per process:
    a query copies the expressions it is given."""
    from django.db import connection
    from django.db.models import TextField
    from django.db.models.expressions import RawSQL

    ratio_limit = RatioLimit

    def one(model, *aggregates):
        table = connection.ops.quote_name(model._meta.db_table)
        values = " || ',' || ".join(f"COALESCE(CAST({aggregate} AS TEXT), '')"
                                    for aggregate in aggregates)
        return f"(SELECT {values} FROM {table})"  # noqa: S608 (no user input)

    parts = [one(Indicator, "COUNT(*)", "MAX(id)", "MAX(updated_at)"),
             one(Section, "COUNT(*)", "MAX(id)", "SUM(valid_to)"),
             one(ratio_limit, "COUNT(*)", "MAX(updated_at)"),
             one(RegionThreshold, "COUNT(*)", "MAX(updated_at)")]
    return RawSQL(" || ';' || ".join(parts), (), output_field=TextField())  # noqa: S611


def catalogue_version_column():
    """The catalogue's version as one column of another query (the autosave's locking
    read of its submission: `submissions.selectors.locking_columns`)."""
    return _version()


def with_catalogue_version(queryset):
    """`queryset` with the catalogue's version read in the same query (the autosave's
    locking read of its submission), so checking the kept catalogue costs no query."""
    return queryset.annotate(catalogue_version=_version())


def catalogue_version(row=None) -> str:
    """The catalogue's version: of a row read `with_catalogue_version`, or read now (one
    query). Any change of the catalogue changes it."""
    if row is None:
        row = with_catalogue_version(Indicator.objects.order_by()).values(
            "catalogue_version").first()
        return row["catalogue_version"] if row else ""
    return row.catalogue_version


def cached_catalogue(version: str | None = None, region: int | None = None) -> Catalogue:
    """The catalogue a region's libraries are asked (`catalogue(region=…)`, their entry
    chapters and sections: the template and the region's own questions) for the
    autosave, kept per region and language (its `figures`' names) in the process while its version
    (`catalogue_version`, read with the save's first query) stays the same, so a change
    (a threshold on the catalogue page, a region's own threshold, an edit in the admin, a
    migration) is used by the very next save. The objects are shared between requests
    and only read."""
    key = catalogue_version() if version is None else version
    place = (region, get_language())
    with _catalogue_lock:
        kept = _catalogue_cache.get(place)
        if kept is not None and kept[0] == key:
            return kept[1]
    indicators = catalogue(region=region)
    chapters = list(entry_chapters(region))
    value = Catalogue(indicators, chapters, ratio_limits(),
                      {code: related_codes(ind, indicators) for code, ind in indicators.items()},
                      every_region_threshold(), figures_of(indicators),
                      frozenset(code for code, ind in indicators.items() if not ind.is_derived),
                      tuple(TextSection(section.pk, chapter.pk,
                                        years_in_force(section).__contains__)
                            for chapter in chapters for section in chapter.sections.all()))
    with _catalogue_lock:
        _catalogue_cache[place] = (key, value)
    return value


def forget_catalogue() -> None:
    """Drop the kept catalogue (tests that change it in place; the autosave's
    kept quality inputs: `submissions.selectors.forget_kept`)."""
    with _catalogue_lock:
        _catalogue_cache.clear()


def related_codes(indicator: Indicator, indicators: dict[str, Indicator]) -> list[str]:
    """Figures whose problems may change with this one (its total, its parts, the stock)."""
    codes = {ind.code for ind in indicators.values()
             if ind.parent_id == indicator.pk or ind.pk == indicator.parent_id}
    if indicator.code.startswith("collection."):
        codes.add("collection.stock")
    codes.discard(indicator.code)
    return sorted(codes)
