"""The national level: every region's latest published version of a year, side by side.

Only published versions reach the national level. A region that has not published the
year is listed as "not published", never with its live figures.

The national report is the same `ReportData` as a region's (so the same HTML, PDF, XLSX,
CSV and JSON renderers serve it). Each table holds, per indicator, the national total
and then a row per region:

- a region's row is exactly the row of its own published report (values, % change,
  missing libraries), read from the snapshot;
- the national total sums the regions' entered figures (the per-library figures frozen
  in each snapshot) and computes every ratio from those sums with `catalogue.derived`
  (a ratio of sums, never a mean of the regions' ratios), rounded and compared year on
  year by the same rules as a region table (`reports.region_tables`).

Reads, whatever the number of regions and libraries: regions (1), the latest published
version of each region for the year with its region sums (1; one more while some
versions predate the sums kept in snapshots), the catalogue (1), the chapters (1), the
library count (1).
"""

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from catalogue.derived import compute_derived
from catalogue.models import Chapter, Indicator
from catalogue.selectors import catalogue
from core.i18n import pick
from figures.selectors import ACCEPTED_ONLY
from libraries.models import Library, Region
from reports.consolidated import INT, TEXT, ChapterData, ListTable, ReportData
from reports.definitions import REGION_TABLES, TableSpec
from reports.models import NATIONAL, JobState, PdfJob, PublishedReport
from reports.region_tables import YEARS_SHOWN, RegionTable, RegionTables, TableRow, _row
from reports.renderers import tables_as_dict
from submissions.models import Submission

NATIONAL_SLUG = "latvija"
NOT_PUBLISHED = gettext_lazy("not published")


def national_name() -> str:
    return pick("Latvija", "Latvia")


@dataclass(frozen=True)
class NationalRow(TableRow):
    """A row of a national table: the national total (no region) or one region's row."""

    region_slug: str = ""
    region_name: str = ""
    published: bool = True

    @property
    def is_total(self) -> bool:
        return not self.region_slug


@dataclass(frozen=True)
class RegionStatus:
    """Where a region's figures for the year come from: a published version, or nothing."""

    slug: str
    name: str
    libraries: int  # libraries of the region in the portal
    version: int | None = None
    published_pk: int | None = None
    published_on: str = ""
    counted_libraries: int = 0  # libraries counted in that version's totals

    @property
    def is_published(self) -> bool:
        return self.version is not None


@dataclass(frozen=True)
class NationalReport:
    year: int
    data: ReportData  # what the renderers take
    regions: tuple[RegionStatus, ...]

    @property
    def published_regions(self) -> tuple[RegionStatus, ...]:
        return tuple(region for region in self.regions if region.is_published)


# Reads --------------------------------------------------------------------------------------

def latest_published_versions(year: int):
    """The newest published version of `year` for every region that has one (one query).

    Rows carry the snapshot's region tables and region sums only (not the texts, not the
    per-library figures).
    """
    newest = (PublishedReport.objects.filter(region=OuterRef("region"), year=year)
              .order_by("-version").values("version")[:1])
    return (PublishedReport.objects.filter(year=year)
            .annotate(newest=Subquery(newest)).filter(version=F("newest"))
            .values("pk", "region_id", "version", "published_at",
                    "snapshot__report__tables", "snapshot__sums"))


def _region_sums(versions: list[dict], years) -> dict[int, dict[int, dict[str, Decimal]]]:
    """{published pk: {year: {code: sum}}}: the snapshot's sums, or (for a version published
    before snapshots kept them) its per-library figures added up (one more query then)."""
    sums = {row["pk"]: {year: {code: Decimal(str(value))
                               for code, value in ((row["snapshot__sums"] or {})
                                                   .get(str(year)) or {}).items()
                               if value is not None}
                        for year in years}
            for row in versions if row["snapshot__sums"] is not None}
    older = [row["pk"] for row in versions if row["snapshot__sums"] is None]
    if older:
        for row in PublishedReport.objects.filter(pk__in=older).values("pk",
                                                                       "snapshot__figures"):
            sums[row["pk"]] = _sums(row["snapshot__figures"], years)
    return sums


def regions_with_library_counts():
    """Every region in Latvian order with its number of libraries (one query)."""
    return Region.objects.annotate(library_count=Count("libraries")).order_by(
        *Region._meta.ordering)


def national_digest(year: int) -> str:
    """What the national report of `year` is made from, as a short digest (two queries).

    The regions (with their number of libraries), the newest published version of each
    for the year and the portal's number of libraries: the national PDF is made again
    only when one of them changes (a region publishes, a library or region is added).
    """
    newest = {row["region_id"]: row["pk"] for row in latest_published_versions(year)
              .values("region_id", "pk")}
    regions = [f"{region.pk}:{region.slug}:{region.library_count}:{newest.get(region.pk, '')}"
               for region in regions_with_library_counts()]
    text = f"{year}|{sum(int(part.split(':')[2]) for part in regions)}|" + ",".join(regions)
    return hashlib.sha256(text.encode()).hexdigest()


def national_pdf_job(year: int, language: str):
    """The national PDF of `year` in `language` made (or being made) from today's published
    versions, or None (three queries). A failed job is not offered again."""
    return (PdfJob.objects.filter(scope=NATIONAL, year=year, language=language,
                                  source_key=national_digest(year))
            .exclude(state=JobState.FAILED).order_by("-pk").first())


def published_years() -> list[int]:
    """Years with at least one published version, newest first (one query)."""
    return sorted(set(PublishedReport.objects.values_list("year", flat=True)), reverse=True)


@dataclass(frozen=True)
class CampaignProgress:
    """How far a region's campaign for the year is: counts only, no figures."""

    slug: str
    name: str
    libraries: int
    submissions: int
    submitted: int  # handed in: waiting for review or accepted
    accepted: int
    version: int | None
    published_pk: int | None


def campaign_progress(year: int) -> list[CampaignProgress]:
    """Per region: libraries, submissions, handed in, accepted, latest published (3 queries)."""
    counts = {
        row["library__region"]: row for row in
        Submission.objects.filter(year__year=year).values("library__region").annotate(
            total=Count("pk"),
            submitted=Count("pk", filter=Q(status__in=(Submission.Status.SUBMITTED,
                                                       Submission.Status.ACCEPTED))),
            accepted=Count("pk", filter=Q(status=Submission.Status.ACCEPTED)))}
    published = {row["region_id"]: row for row in latest_published_versions(year)
                 .values("pk", "region_id", "version")}
    result = []
    for region in regions_with_library_counts():
        row = counts.get(region.pk, {})
        version = published.get(region.pk, {})
        result.append(CampaignProgress(
            slug=region.slug, name=region.name, libraries=region.library_count,
            submissions=row.get("total", 0), submitted=row.get("submitted", 0),
            accepted=row.get("accepted", 0), version=version.get("version"),
            published_pk=version.get("pk")))
    return result


# Building -----------------------------------------------------------------------------------

def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _region_rows(tables_snapshot: dict) -> dict[str, dict]:
    """{code: row dict} of a published version's region tables (first occurrence)."""
    rows: dict[str, dict] = {}
    for table in (tables_snapshot or {}).get("tables") or ():
        for row in table.get("rows") or ():
            rows.setdefault(row["code"], row)
    return rows


def _sums(figures_snapshot: dict, years) -> dict[int, dict[str, Decimal]]:
    """A region's sums per year and entered code, from the snapshot's per-library figures."""
    sums: dict[int, dict[str, Decimal]] = {}
    for year in years:
        year_sums: dict[str, Decimal] = {}
        for values in ((figures_snapshot or {}).get(str(year)) or {}).values():
            for code, value in (values or {}).items():
                if value is not None:
                    year_sums[code] = year_sums.get(code, 0) + Decimal(str(value))
        sums[year] = year_sums
    return sums


@dataclass(frozen=True)
class PublishedRegion:
    """A region at the national level: its status and, if published, its frozen figures."""

    status: RegionStatus
    sums: dict[int, dict[str, Decimal]]  # year → entered code → the region's sum
    library_counts: dict[int, int]  # year → libraries counted
    rows: dict[str, dict]  # code → the row of its published region tables


def published_regions(year: int) -> list[PublishedRegion]:
    """Every region with the figures of its latest published version of `year` (2 queries;
    3 while some versions predate the sums kept in snapshots).

    A region without a published version of `year` comes with empty figures.
    """
    years = tuple(range(year - YEARS_SHOWN + 1, year + 1))
    rows = list(latest_published_versions(year))
    versions = {row["region_id"]: row for row in rows}
    sums = _region_sums(rows, years)
    result = []
    for region in regions_with_library_counts():
        version = versions.get(region.pk)
        if version is None:
            result.append(PublishedRegion(
                status=RegionStatus(slug=region.slug, name=region.name,
                                    libraries=region.library_count),
                sums={}, library_counts={}, rows={}))
            continue
        tables_snapshot = version["snapshot__report__tables"] or {}
        counts = dict(zip(tables_snapshot.get("years") or (),
                          tables_snapshot.get("library_counts") or (), strict=False))
        published_at = version["published_at"]
        result.append(PublishedRegion(
            status=RegionStatus(
                slug=region.slug, name=region.name, libraries=region.library_count,
                version=version["version"], published_pk=version["pk"],
                published_on=timezone.localtime(published_at).strftime("%d.%m.%Y.")
                if published_at else "",
                counted_libraries=counts.get(year, 0)),
            sums=sums[version["pk"]],
            library_counts={y: counts.get(y, 0) for y in years},
            rows=_region_rows(tables_snapshot)))
    return result


def build_national_tables(year: int, *, indicators: dict[str, Indicator] | None = None,
                          specs: tuple[TableSpec, ...] = REGION_TABLES,
                          ) -> tuple[RegionTables, tuple[RegionStatus, ...]]:
    """The national tables and where each region's figures come from."""
    years = tuple(range(year - YEARS_SHOWN + 1, year + 1))
    if indicators is None:
        indicators = catalogue()
    by_id = {indicator.pk: indicator for indicator in indicators.values()}
    formulas = {code: ind.formula for code, ind in indicators.items() if ind.is_derived}
    regions = published_regions(year)
    national_sums: dict[int, dict[str, Decimal]] = {y: {} for y in years}
    library_counts = dict.fromkeys(years, 0)
    for region in regions:
        for y in years:
            library_counts[y] += region.library_counts.get(y, 0)
            for code, value in region.sums.get(y, {}).items():
                national_sums[y][code] = national_sums[y].get(code, 0) + value
    per_year_values = []
    for y in years:
        values: dict[str, Decimal | None] = dict(national_sums[y])
        values.update(compute_derived(formulas, national_sums[y], library_counts[y]))
        per_year_values.append(values)
    tables = []
    for spec in specs:
        codes = [code for code in spec.rows if code in indicators]
        in_table = {indicators[code].pk for code in codes}
        rows: list[NationalRow] = []
        for code in codes:
            region_rows = [(region.status, region.rows.get(code)) for region in regions]
            missing = [{code: sum(row["missing"][index] for _region, row in region_rows
                                  if row is not None)}
                       for index in range(len(years))]
            total = _row(indicators[code], per_year_values, missing, by_id, in_table)
            rows.append(NationalRow(**vars(total)))
            for region, row in region_rows:
                published = row is not None
                rows.append(NationalRow(
                    code=code, label=f"{total.label}: {region.name}", level=total.level + 1,
                    unit=total.unit, decimals=total.decimals,
                    is_percentage=total.is_percentage,
                    values=tuple(_decimal(value) for value in row["values"]) if published
                    else (None,) * len(years),
                    changes=tuple(_decimal(value) for value in row["changes"]) if published
                    else (None,) * len(years),
                    missing=tuple(row["missing"]) if published else (0,) * len(years),
                    region_slug=region.slug, region_name=region.name, published=published))
        tables.append(RegionTable(key=spec.key, title=spec.title, chapter=spec.chapter,
                                  show_change=spec.show_change, rows=tuple(rows)))
    data = RegionTables(region_name=national_name(), year=year, years=years,
                        statuses=tuple(ACCEPTED_ONLY),
                        library_counts=tuple(library_counts[y] for y in years),
                        tables=tuple(tables))
    return data, tuple(region.status for region in regions)


def _regions_table(statuses: tuple[RegionStatus, ...]) -> ListTable:
    return ListTable(
        key="regions", title=gettext("Regions and their published versions"), chapter=0,
        headers=(gettext("Region"), gettext("Version"), gettext("Published"),
                 gettext("Libraries counted"), gettext("Libraries in the region")),
        kinds=(TEXT, INT, TEXT, INT, INT),
        rows=tuple((status.name, status.version,
                    status.published_on if status.is_published else str(NOT_PUBLISHED),
                    status.counted_libraries if status.is_published else None,
                    status.libraries) for status in statuses),
        note=gettext("Only published versions are counted; a region that has not published "
                     "the year is shown as not published."))


def build_national_report(year: int, *, user=None) -> NationalReport:
    """The national report of `year` as a ReportData (five queries)."""
    indicators = catalogue()
    tables, statuses = build_national_tables(year, indicators=indicators)
    chapters = [ChapterData(number=0, title=gettext("Regions"), regional_only=False,
                            sections=(), tables=(), lists=(_regions_table(statuses),),
                            yes_no=())]
    for chapter in Chapter.objects.order_by("number"):
        chapter_tables = tuple(table for table in tables.tables
                               if table.chapter == chapter.number)
        if chapter_tables:
            chapters.append(ChapterData(number=chapter.number, title=chapter.title,
                                        regional_only=False, sections=(),
                                        tables=chapter_tables, lists=(), yes_no=()))
    compiled_by = ""
    if user is not None and user.is_authenticated:
        compiled_by = user.get_full_name() or user.get_username()
    data = ReportData(
        region_name=national_name(), region_slug=NATIONAL_SLUG, main_library="",
        year=year, statuses=tuple(ACCEPTED_ONLY),
        compiled_on=timezone.localdate().strftime("%d.%m.%Y."), compiled_by=compiled_by,
        library_total=Library.objects.count(),
        counted_libraries=sum(status.counted_libraries for status in statuses),
        missing_libraries=(), tables=tables, chapters=tuple(chapters),
        lists=(chapters[0].lists[0],), appendices=(), charts=())
    return NationalReport(year=year, data=data, regions=statuses)


def national_as_dict(report: NationalReport) -> dict:
    """The national tables as JSON data: each row names its region (None: the total)."""
    result = tables_as_dict(report.data.tables)
    for table in report.data.tables.tables:
        for row, out in zip(table.rows, result["tables"][table.key]["rows"], strict=True):
            out["region"] = row.region_slug or None
            out["published"] = row.published
    result["regions"] = [
        {"slug": status.slug, "name": status.name, "published": status.is_published,
         "version": status.version, "published_on": status.published_on or None,
         "libraries_counted": status.counted_libraries, "libraries": status.libraries}
        for status in report.regions]
    return result


def render_national_json(report: NationalReport) -> str:
    return json.dumps(national_as_dict(report), ensure_ascii=False, indent=2)


# Drill-down: one region's libraries and one library, from the region's published version --

def published_libraries(published_pk: int) -> tuple[dict, dict]:
    """(figures, libraries) frozen in a published version (one query): figures by year
    (text) → library slug → code, libraries by slug → {name, kind, population}."""
    row = (PublishedReport.objects.filter(pk=published_pk)
           .values("snapshot__figures", "snapshot__libraries").first()) or {}
    return row.get("snapshot__figures") or {}, row.get("snapshot__libraries") or {}


def library_values(figures_snapshot: dict, slug: str, year: int,
                   formulas: dict[str, str]) -> dict[str, Decimal | None]:
    """A library's entered figures of `year` and every ratio computed from them."""
    entered = {code: _decimal(value) for code, value in
               ((figures_snapshot.get(str(year)) or {}).get(slug) or {}).items()}
    values: dict[str, Decimal | None] = dict(entered)
    if entered:
        values.update(compute_derived(
            formulas, {code: value for code, value in entered.items() if value is not None}, 1))
    return values


def library_tables(figures_snapshot: dict, slug: str, name: str, year: int, *,
                   indicators: dict[str, Indicator]) -> RegionTables:
    """The report's tables for one library, from a published version's frozen figures."""
    years = tuple(range(year - YEARS_SHOWN + 1, year + 1))
    by_id = {indicator.pk: indicator for indicator in indicators.values()}
    formulas = {code: ind.formula for code, ind in indicators.items() if ind.is_derived}
    per_year_values = [library_values(figures_snapshot, slug, y, formulas) for y in years]
    no_missing = [{} for _y in years]
    tables = []
    for spec in REGION_TABLES:
        codes = [code for code in spec.rows if code in indicators]
        in_table = {indicators[code].pk for code in codes}
        tables.append(RegionTable(
            key=spec.key, title=spec.title, chapter=spec.chapter, show_change=spec.show_change,
            rows=tuple(_row(indicators[code], per_year_values, no_missing, by_id, in_table)
                       for code in codes)))
    counts = tuple(int(bool((figures_snapshot.get(str(y)) or {}).get(slug))) for y in years)
    return RegionTables(region_name=name, year=year, years=years,
                        statuses=tuple(ACCEPTED_ONLY), library_counts=counts,
                        tables=tuple(tables))
