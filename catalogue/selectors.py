"""The catalogue, read one way: `catalogue(year, entered=…)`, every indicator by code with
its chapter and total in one query; and what the autosave keeps of it in the process
(`cached_catalogue`, checked against `catalogue_version`, read with the autosave's
locking query)."""

import functools
import threading
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

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


@dataclass(frozen=True)
class Catalogue:
    """What the autosave keeps of the catalogue: every indicator by code (with its total
    and chapter), the entry chapters with their sections, the ratio limits, the
    figures whose problems each figure's reply shows besides its own, and every region's
    own warning thresholds (region id → code → percent)."""

    indicators: dict[str, Indicator]
    chapters: list[Chapter]
    limits: tuple
    related: dict[str, list[str]]  # code → `related_codes`
    thresholds: dict[int, dict[str, int]] = field(default_factory=dict)


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
    autosave, kept per region in the process while its version
    (`catalogue_version`, read with the save's first query) stays the same, so a change
    (a threshold on the catalogue page, a region's own threshold, an edit in the admin, a
    migration) is used by the very next save. The objects are shared between requests
    and only read."""
    key = catalogue_version() if version is None else version
    with _catalogue_lock:
        kept = _catalogue_cache.get(region)
        if kept is not None and kept[0] == key:
            return kept[1]
    indicators = catalogue(region=region)
    value = Catalogue(indicators, list(entry_chapters(region)), ratio_limits(),
                      {code: related_codes(ind, indicators) for code, ind in indicators.items()},
                      every_region_threshold())
    with _catalogue_lock:
        _catalogue_cache[region] = (key, value)
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
