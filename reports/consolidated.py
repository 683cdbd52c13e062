"""The consolidated report of a region and year: built once, rendered many ways.

`build_report(region, year, statuses)` reads everything the report needs in a fixed
number of queries (whatever the number of libraries) and returns a frozen
`ReportData` tree: the chapters in the template's order with their sections (the
regional text beside the libraries' own texts), the region tables placed in their
chapters, the lists (projects, merged training events, the regional main library's
events, improvement works), yes/no counts naming the libraries, the libraries
missing from the totals, the appendix pictures and the data of the report's charts
(the dashboard's trends, library comparison and peer groups, computed by
`figures.dashboard` from the report's own per-library figures).

Every figure is computed here (or in `region_tables` / `catalogue.derived`); the
HTML, PDF, XLSX, CSV and JSON renderers only format. `report_to_dict` and
`report_from_dict` turn the tree into JSON and back, so a published version is
rendered from its frozen snapshot by the very same templates (and its charts from
the chart data in that snapshot, never from live figures).
"""

import dataclasses
import types
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext

from catalogue.models import Chapter, Indicator, Section, in_scope
from catalogue.selectors import catalogue
from core.i18n import pick
from figures.chart_words import chart_spec_reworded
from figures.charts import LINE_CHART, ChartSpec
from figures.dashboard import build_dashboard
from figures.selectors import ACCEPTED_ONLY, library_figures
from figures.sources import CURRENT, CURRENT_ALL, FigureSource, LibraryInfo
from figures.tiles import DEFAULT_METRIC, needed_codes
from libraries.models import Library, latvian_order
from quality.selectors import context_notes, events_by_year
from reports.definitions import TABLES_BY_KEY
from reports.latvian import attribution
from reports.models import RegionalEvent, RegionalText
from reports.region_tables import MergeNote, RegionTable, RegionTables, build_region_tables
from submissions.models import (
    ChapterText,
    ImprovementWork,
    Picture,
    Project,
    Submission,
    TrainingEvent,
    Value,
)

SCHEMA_VERSION = 2  # 2: chart data (`charts`) and picture ids

# Column kinds of the list tables: how a renderer shows a cell (no arithmetic).
TEXT, INT, DEC1, EUR = "text", "int", "dec1", "eur"
NUMERIC_KINDS = (INT, DEC1, EUR)
DECIMALS = {INT: 0, DEC1: 1, EUR: 2}


@dataclass(frozen=True)
class LibraryText:
    library: str
    slug: str
    html: str
    attribution: str


@dataclass(frozen=True)
class SectionData:
    code: str
    title: str
    prompt: str
    regional_html: str
    library_texts: tuple[LibraryText, ...]


@dataclass(frozen=True)
class YesNoSentence:
    """What the report prints for a yes/no question, ready to join (no logic in templates).

    “34 no 35 bibliotēkām; nav: Pušas pagasta bibliotēka” is `summary`, then
    `names_label` and `names` (empty when nobody needs naming).
    """

    summary: str
    names_label: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class YesNoCount:
    code: str
    label: str
    count: int
    answered: int
    libraries: tuple[str, ...]  # the libraries that answered yes
    no_libraries: tuple[str, ...] = ()  # those that answered no (not in snapshots before it)

    @property
    def everyone(self) -> bool:
        return self.count > 0 and self.count == self.answered

    @property
    def names_the_exceptions(self) -> bool:
        """More than half answered yes: the report names those that answered no instead."""
        knows_the_noes = len(self.no_libraries) == self.answered - self.count
        return self.count * 2 > self.answered and knows_the_noes

    @property
    def sentence(self) -> YesNoSentence:
        summary = ngettext("%(count)s of %(total)s library", "%(count)s of %(total)s libraries",
                           self.answered) % {"count": self.count, "total": self.answered}
        if self.everyone:
            everyone = gettext("all that answered")
            return YesNoSentence(f"{summary} ({everyone})", "", ())
        if self.names_the_exceptions:
            return YesNoSentence(summary, pgettext("yes/no answers", "no"), self.no_libraries)
        return YesNoSentence(summary, pgettext("yes/no answers", "yes"), self.libraries)


@dataclass(frozen=True)
class ListTable:
    key: str
    title: str
    chapter: int
    headers: tuple[str, ...]
    kinds: tuple[str, ...]
    rows: tuple[tuple, ...]
    note: str = ""


@dataclass(frozen=True)
class PictureData:
    number: int
    caption: str
    library: str
    path: str
    submission_id: int | None = None
    picture_id: int | None = None


@dataclass(frozen=True)
class AppendixGroup:
    chapter: int
    chapter_title: str
    pictures: tuple[PictureData, ...]


@dataclass(frozen=True)
class ChapterData:
    number: int
    title: str
    regional_only: bool
    sections: tuple[SectionData, ...]
    tables: tuple[RegionTable, ...]
    lists: tuple[ListTable, ...]
    yes_no: tuple[YesNoCount, ...]

    @property
    def has_print_content(self) -> bool:
        """Anything the PDF shows beside the title (it leaves out sections without a text)."""
        return bool(self.tables or self.lists or self.yes_no
                    or any(section.regional_html for section in self.sections))


@dataclass(frozen=True)
class ReportData:
    region_name: str
    region_slug: str
    main_library: str
    year: int
    statuses: tuple[str, ...]
    compiled_on: str
    compiled_by: str
    library_total: int
    counted_libraries: int
    missing_libraries: tuple[str, ...]
    tables: RegionTables
    chapters: tuple[ChapterData, ...]
    lists: tuple[ListTable, ...]
    appendices: tuple[AppendixGroup, ...]
    charts: tuple[ChartSpec, ...] = ()
    context_notes: tuple[str, ...] = ()  # closures, renovations… (quality.ContextEvent)
    version: int | None = None
    published_on: str = ""

    @property
    def years(self) -> tuple[int, ...]:
        return self.tables.years

    @property
    def is_final(self) -> bool:
        return tuple(self.statuses) == tuple(ACCEPTED_ONLY)

    @property
    def is_published(self) -> bool:
        return self.version is not None

    @property
    def report_name(self) -> str:
        """"Public libraries' annual report" in the language chosen."""
        return gettext("Public libraries' annual report")

    @property
    def title(self) -> str:
        """The report's full title in the language chosen (pages, PDF, DOCX, XLSX)."""
        return gettext("%(region)s: Public libraries' annual report %(year)s") % {
            "region": self.region_name, "year": self.year}

    def all_tables(self) -> list[RegionTable | ListTable]:
        """Every table of the report in the report's order (for XLSX and CSV)."""
        return [item for chapter in self.chapters for item in (*chapter.tables, *chapter.lists)]

    def find_table(self, key: str) -> RegionTable | ListTable | None:
        return next((table for table in self.all_tables() if table.key == key), None)


# Building ---------------------------------------------------------------------------------

# The list tables' titles and column headers, (Latvian, English), by key.
LIST_LABELS = {
    "training": (("Apmeklētie profesionālās pilnveides pasākumi",
                  "Professional development events attended"),
                 (("Datums", "Date"), ("Norises vieta / platforma", "Place / platform"),
                  ("Organizētājs", "Organiser"), ("Nosaukums un tēmas", "Title and topics"),
                  ("Stundu skaits", "Hours"), ("Dalībnieku skaits", "Participants"),
                  ("Bibliotēkas", "Libraries"))),
    "projects": (("Projektu apkopojums", "Projects"),
                 (("Bibliotēka", "Library"), ("Projekta nosaukums", "Title"),
                  ("Finansētājs", "Funders"), ("Summa (EUR)", "Amount (EUR)"),
                  ("Īss apraksts, norises laiks", "Description and period"),
                  ("Atbalstīts / neatbalstīts", "Supported"))),
    "improvements": (("Uzlabošanas darbi bibliotēkās", "Improvement works in the libraries"),
                     (("Bibliotēka", "Library"), ("Paveiktais", "What was done"),
                      ("Izmaksas (EUR)", "Cost (EUR)"))),
    "regional_events": (("Reģiona galvenās bibliotēkas rīkotie pasākumi",
                         "Events of the regional main library"),
                        (("Datums", "Date"), ("Norises vieta", "Place"),
                         ("Organizētājs", "Organiser"),
                         ("Nosaukums un tēmas", "Title and topics"),
                         ("Stundu skaits", "Hours"), ("Dalībnieku skaits", "Participants"))),
}


def list_title(key: str) -> str:
    return pick(*LIST_LABELS[key][0])


def list_headers(key: str) -> tuple[str, ...]:
    return tuple(pick(*pair) for pair in LIST_LABELS[key][1])


def localised_headers(key: str, headers: tuple[str, ...]) -> tuple[str, ...]:
    """A list table's headers in the active language, each column by its own words, so a
    version published before its columns were reordered (the regional events once had
    participants before hours) keeps its order."""
    words = {word: pair for pair in LIST_LABELS[key][1] for word in pair}
    return tuple(pick(*words[header]) if header in words else header for header in headers)


def _period(date_from: date, date_to: date | None) -> str:
    """A date or a period as the report writes it: 21.01.2021. or 02.09.–09.11.2021.

    Plain text, as the exports carry it (XLSX, CSV, DOCX, JSON: nothing invisible to
    break sorting, search or reading the dates); the page and the PDF add their line
    break after the dash (`reports.templatetags.report_format.list_cells`).
    """
    start = date_from.strftime("%d.%m.%Y.")
    if not date_to or date_to == date_from:
        return start
    if date_to.year == date_from.year:
        start = date_from.strftime("%d.%m.")
    return f"{start}–{date_to.strftime('%d.%m.%Y.')}"


LIBRARIES_NAMED = 4  # a merged event attended by more libraries shows their number


def _attending(names: list[str]) -> str:
    if len(names) <= LIBRARIES_NAMED:
        return "; ".join(names)
    return ngettext("%(count)s library", "%(count)s libraries", len(names)) % {
        "count": len(names)}


def _region_submissions(region, year: int, statuses):
    return {"submission__library__region": region, "submission__year__year": year,
            "submission__status__in": statuses}


def _training_table(region, year, statuses) -> ListTable:
    """Events attended, merged: the same title, dates and organiser are one row."""
    merged: dict[tuple, dict] = {}
    events = (TrainingEvent.objects.filter(**_region_submissions(region, year, statuses))
              .select_related("submission__library")
              .order_by("date_from", "date_to", "pk"))
    for event in events:
        key = (event.title.strip().casefold(), event.date_from, event.date_to,
               event.organiser.strip().casefold())
        row = merged.get(key)
        if row is None:
            row = merged[key] = {"event": event, "participants": 0, "libraries": []}
        row["participants"] += event.participants
        name = event.submission.library.name
        if name not in row["libraries"]:
            row["libraries"].append(name)
    rows = tuple(
        (_period(row["event"].date_from, row["event"].date_to), row["event"].place,
         row["event"].organiser, row["event"].title, row["event"].hours,
         Decimal(row["participants"]), _attending(row["libraries"]))
        for row in merged.values())
    return ListTable(
        key="training", chapter=4,
        title=list_title("training"), headers=list_headers("training"),
        kinds=(TEXT, TEXT, TEXT, TEXT, DEC1, INT, TEXT), rows=rows)


def _projects_table(region, year, statuses) -> ListTable:
    projects = (Project.objects.filter(**_region_submissions(region, year, statuses))
                .select_related("submission__library")
                .order_by(latvian_order("submission__library__name"), "pk"))
    rows = tuple(
        (project.submission.library.name, project.title, project.funders, project.amount,
         project.description, str(project.get_support_display()))
        for project in projects)
    return ListTable(
        key="projects", chapter=9, title=list_title("projects"),
        headers=list_headers("projects"),
        kinds=(TEXT, TEXT, TEXT, EUR, TEXT, TEXT), rows=rows)


def _improvements_table(region, year, statuses) -> ListTable:
    works = (ImprovementWork.objects.filter(**_region_submissions(region, year, statuses))
             .select_related("submission__library")
             .order_by(latvian_order("submission__library__name"), "pk"))
    rows = tuple((work.submission.library.name, work.description, work.cost) for work in works)
    return ListTable(
        key="improvements", chapter=3,
        title=list_title("improvements"), headers=list_headers("improvements"),
        kinds=(TEXT, TEXT, EUR), rows=rows)


def _regional_events_table(region, year) -> ListTable:
    events = RegionalEvent.objects.filter(region=region, year=year).order_by("date_from", "pk")
    rows = tuple(
        (_period(event.date_from, event.date_to), event.place, event.organiser, event.title,
         event.hours, Decimal(event.participants))
        for event in events)
    return ListTable(
        key="regional_events", chapter=12,
        title=list_title("regional_events"), headers=list_headers("regional_events"),
        kinds=(TEXT, TEXT, TEXT, TEXT, DEC1, INT), rows=rows)


def _yes_no_counts(region, year, statuses, bool_indicators, names) -> dict[int, list[YesNoCount]]:
    """Per chapter, each yes/no question's count and both lists: who said yes, who said no."""
    yes: dict[str, list[int]] = {code: [] for code in bool_indicators}
    no: dict[str, list[int]] = {code: [] for code in bool_indicators}
    rows = (Value.objects.filter(**_region_submissions(region, year, statuses),
                                 indicator__kind=Indicator.Kind.BOOL, value__isnull=False)
            .values_list("indicator__code", "submission__library_id", "value"))
    for code, library_id, value in rows:
        if code not in yes:
            continue
        (yes if value else no)[code].append(library_id)
    order = {pk: index for index, pk in enumerate(names)}

    def named(ids: list[int]) -> tuple[str, ...]:
        ids = sorted(ids, key=lambda pk: order.get(pk, len(order)))
        return tuple(names[pk] for pk in ids if pk in names)

    by_chapter: dict[int, list[YesNoCount]] = {}
    for code, indicator in bool_indicators.items():
        by_chapter.setdefault(indicator.chapter.number, []).append(YesNoCount(
            code=code, label=indicator.name, count=len(yes[code]),
            answered=len(yes[code]) + len(no[code]),
            libraries=named(yes[code]), no_libraries=named(no[code])))
    return by_chapter


def _sections(region, year, statuses, chapters) -> dict[int, list[SectionData]]:
    regional = {text.section_id: text.html
                for text in RegionalText.objects.filter(region=region, year=year)}
    library_texts: dict[int, list[LibraryText]] = {}
    texts = (ChapterText.objects.filter(**_region_submissions(region, year, statuses))
             .exclude(html="").select_related("submission__library")
             .order_by(latvian_order("submission__library__name"), "pk"))
    for text in texts:
        library = text.submission.library
        library_texts.setdefault(text.section_id, []).append(LibraryText(
            library=library.name, slug=library.slug, html=text.html,
            attribution=attribution(library.name)))
    result: dict[int, list[SectionData]] = {}
    for section in Section.objects.filter(in_scope(region)).select_related("chapter").order_by(
            "chapter__number", "order", "pk"):
        if not section.in_force(year):
            continue
        regional_only = section.chapter.regional_only
        result.setdefault(section.chapter.number, []).append(SectionData(
            code=section.code, title=section.title, prompt=section.prompt,
            regional_html=regional.get(section.pk, ""),
            library_texts=() if regional_only else tuple(library_texts.get(section.pk, ()))))
    return result


def _appendices(region, year, statuses, chapter_titles) -> tuple[AppendixGroup, ...]:
    pictures = (Picture.objects.filter(**_region_submissions(region, year, statuses))
                .select_related("chapter", "submission__library")
                .order_by("chapter__number", "pk"))
    groups: dict[int, list[PictureData]] = {}
    for number, picture in enumerate(pictures, start=1):
        groups.setdefault(picture.chapter.number, []).append(PictureData(
            number=number, caption=picture.caption, library=picture.submission.library.name,
            path=picture.image.name, submission_id=picture.submission_id,
            picture_id=picture.pk))
    return tuple(AppendixGroup(chapter=chapter, chapter_title=chapter_titles.get(chapter, ""),
                               pictures=tuple(items))
                 for chapter, items in groups.items())


def _with_merge_notes(spec: ChartSpec, merges: tuple[MergeNote, ...]) -> ChartSpec:
    """The chart's note plus the merges it shows: under a trend of the region's totals
    that both libraries are in the totals before, under a chart of the libraries the
    merged library's own."""
    if spec.kind == LINE_CHART:
        notes = [merge.chart_text for merge in merges]
    else:
        notes = [merge.library_text for merge in merges if merge.into in spec.labels]
    if not notes:
        return spec
    return dataclasses.replace(spec, note=" ".join(filter(None, (spec.note, *notes))))


def _charts(region, year: int, statuses, years, libraries, indicators,
            merges: tuple[MergeNote, ...] = ()) -> tuple[ChartSpec, ...]:
    """The dashboard's charts of the report's figures: trends, comparison, peer groups.

    One query (the libraries' figures of the report's years); every number comes from
    `figures.dashboard` (and so from `catalogue.derived`), over the same submissions
    as the report's tables. The libraries carry their merges (`figures.sources.Merge`),
    so the dashboard counts both libraries before a merge as the merged one; `merges`
    (those the tables' years reach over) are noted under the charts they touch.
    """
    if DEFAULT_METRIC not in indicators:
        return ()
    figures = library_figures(region, years, statuses, codes=needed_codes(indicators))
    source = FigureSource(
        kind=CURRENT if statuses == tuple(ACCEPTED_ONLY) else CURRENT_ALL,
        region_name=region.name,
        libraries={slug: LibraryInfo(slug=slug, name=name, kind=kind, closed_from=closed_from,
                                     merged_into=merged_into or "")
                   for _pk, slug, name, kind, _active, closed_from, merged_into in libraries},
        figures=figures, indicators=indicators, events=events_by_year(region))
    if year not in source.years:
        return ()
    dashboard = build_dashboard(source, year)
    keys = (*dashboard.trend_keys, "comparison", *dashboard.group_chart_keys)
    return tuple(_with_merge_notes(dashboard.chart_specs[key], merges)
                 for key in keys if key in dashboard.chart_specs)


def build_report(region, year: int, statuses=ACCEPTED_ONLY, *, user=None) -> ReportData:
    """The whole report of `region` for `year` (and the two years before it for the tables).

    A fixed number of queries whatever the number of libraries.
    """
    statuses = tuple(statuses)
    indicators = catalogue(region=region)  # the template and the region's own questions
    tables = build_region_tables(region, year, statuses, indicators=indicators)
    chapters = list(Chapter.objects.order_by("number"))
    chapter_titles = {chapter.number: chapter.title for chapter in chapters}
    region_libraries = list(Library.objects.filter(region=region).order_by(latvian_order())
                            .values_list("pk", "slug", "name", "kind", "active", "closed_from",
                                         "merged_into__slug"))
    names = {pk: name for pk, _slug, name, _kind, active, *_merge in region_libraries
             if active}
    # The libraries that report for the year: one closed or merged into another by then
    # is neither counted nor missing (`Library.objects.reporting_in`).
    libraries = [(pk, name) for pk, _slug, name, _kind, active, closed_from, _into
                 in region_libraries if active and (closed_from is None or closed_from > year)]
    counted = set(Submission.objects.filter(library__region=region, year__year=year,
                                            status__in=statuses)
                  .values_list("library_id", flat=True))
    bool_indicators = {indicator.code: indicator for indicator in
                       Indicator.objects.filter(kind=Indicator.Kind.BOOL).in_force(year)
                       .for_region(region)
                       .select_related("chapter").order_by("chapter__number", "order")}
    yes_no = _yes_no_counts(region, year, statuses, bool_indicators, names)
    sections = _sections(region, year, statuses, chapters)
    lists = (_improvements_table(region, year, statuses), _training_table(region, year, statuses),
             _projects_table(region, year, statuses), _regional_events_table(region, year))
    chapter_data = tuple(
        ChapterData(
            number=chapter.number, title=chapter.title, regional_only=chapter.regional_only,
            sections=tuple(sections.get(chapter.number, ())),
            tables=tuple(table for table in tables.tables if table.chapter == chapter.number),
            lists=tuple(table for table in lists if table.chapter == chapter.number),
            yes_no=tuple(yes_no.get(chapter.number, ())))
        for chapter in chapters if chapter.number != Chapter.APPENDICES)
    # the region's own questions: a part of their own after the template's chapters, only
    # when the region asks some that year
    chapter_data = tuple(chapter for chapter in chapter_data
                         if chapter.number != Chapter.REGIONAL
                         or chapter.tables or chapter.sections or chapter.yes_no)
    compiled_by = ""
    if user is not None and user.is_authenticated:
        compiled_by = user.get_full_name() or user.get_username()
    return ReportData(
        region_name=region.name, region_slug=region.slug, main_library=region.main_library,
        year=year, statuses=statuses,
        compiled_on=timezone.localdate().strftime("%d.%m.%Y."), compiled_by=compiled_by,
        library_total=len(libraries), counted_libraries=len(counted),
        missing_libraries=tuple(name for pk, name in libraries if pk not in counted),
        tables=tables, chapters=chapter_data, lists=lists,
        appendices=_appendices(region, year, statuses, chapter_titles),
        charts=_charts(region, year, statuses, tables.years, region_libraries, indicators,
                       tables.merges),
        context_notes=context_notes(region, year),
    )


# Labels in the language chosen --------------------------------------------------------------

def localised(data: ReportData) -> ReportData:
    """The report with its labels in the active language (three queries).

    A published snapshot keeps the labels of the language it was published in; shown to
    someone who chose the other language, its chapter, section, table, column and
    indicator labels are taken from the catalogue again by their numbers, codes and keys,
    and its charts' words (titles, legends, units, headers, “Median”) are written again
    from the charts' keys (`figures.chart_words.chart_spec_reworded`), so they are drawn
    in the reader's language. The figures, texts and names are the snapshot's own.
    """
    chapters = {chapter.number: chapter.title for chapter in Chapter.objects.all()}
    sections = {section.code: section for section in Section.objects.all()}
    catalogue_rows = {indicator.code: indicator for indicator in
                      Indicator.objects.only("code", "name_lv", "name_en", "unit")}
    indicators = {code: indicator.name for code, indicator in catalogue_rows.items()}
    replace = dataclasses.replace

    def table(item):
        if isinstance(item, ListTable):
            if item.key not in LIST_LABELS:
                return item
            return replace(item, title=list_title(item.key),
                           headers=localised_headers(item.key, item.headers))
        spec = TABLES_BY_KEY.get(item.key)
        rows = tuple(replace(row, label=indicators.get(row.code, row.label))
                     for row in item.rows)
        return replace(item, title=spec.title if spec else item.title, rows=rows)

    def section(item):
        known = sections.get(item.code)
        return replace(item, title=known.title, prompt=known.prompt) if known else item

    new_chapters = tuple(replace(
        chapter, title=chapters.get(chapter.number, chapter.title),
        sections=tuple(section(item) for item in chapter.sections),
        tables=tuple(table(item) for item in chapter.tables),
        lists=tuple(table(item) for item in chapter.lists),
        yes_no=tuple(replace(item, label=indicators.get(item.code, item.label))
                     for item in chapter.yes_no))
        for chapter in data.chapters)
    region_tables = replace(data.tables, tables=tuple(table(item) for item in data.tables.tables))
    return replace(
        data, chapters=new_chapters, tables=region_tables,
        lists=tuple(table(item) for item in data.lists),
        appendices=tuple(replace(group, chapter_title=chapters.get(group.chapter,
                                                                   group.chapter_title))
                         for group in data.appendices),
        charts=tuple(_chart_localised(spec, catalogue_rows, data) for spec in data.charts))


def _chart_localised(spec: ChartSpec, indicators: dict, data: ReportData) -> ChartSpec:
    """A frozen chart with its words in the active language, its numbers as published:
    titles, legends, units and headers from `figures.dashboard`, the merges' notes from
    the report's own (`RegionTables.merges`). A chart it cannot word again stays."""
    reworded = chart_spec_reworded(spec, indicators=indicators, year=data.year)
    if reworded is spec:
        return spec
    return _with_merge_notes(reworded, data.tables.merges)


# JSON round trip (the published snapshot) ------------------------------------------------

def _dump(value):
    if dataclasses.is_dataclass(value):
        return {field.name: _dump(getattr(value, field.name))
                for field in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_dump(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


def report_to_dict(data: ReportData) -> dict:
    """The report as plain JSON data (Decimals as strings, kept exact)."""
    return {"schema": SCHEMA_VERSION, **_dump(data)}


ZERO_WIDTH_SPACE = "\u200b"


def _list_cell(cell, kind: str):
    """A list table's cell of a snapshot: numbers as Decimals; text without the zero-width
    space that versions published before wrote into periods ("02.09.–\u200b09.11.2021.")."""
    if cell is None:
        return None
    if kind in NUMERIC_KINDS:
        return Decimal(cell)
    return cell.replace(ZERO_WIDTH_SPACE, "") if isinstance(cell, str) else cell


def _load(kind, value):
    if value is None:
        return None
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        loaded = {field.name: _load(hints[field.name], value[field.name])
                  for field in dataclasses.fields(kind) if field.name in value}
        if kind is ListTable:
            loaded["rows"] = tuple(
                tuple(_list_cell(cell, column)
                      for cell, column in zip(row, loaded["kinds"], strict=False))
                for row in value["rows"])
        return kind(**loaded)
    origin = typing.get_origin(kind)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_load(args[0], item) for item in value)
        return tuple(value)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _load(options[0], value) if len(options) == 1 else value
    if kind is Decimal:
        return Decimal(value)
    return value


def report_from_dict(snapshot: dict) -> ReportData:
    """The ReportData of a published snapshot (the inverse of `report_to_dict`)."""
    return _load(ReportData, {key: value for key, value in snapshot.items() if key != "schema"})
