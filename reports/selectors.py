"""Reads of published report versions and of what the facts of a report need."""

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils import translation

from catalogue.models import Indicator
from catalogue.selectors import catalogue
from figures.selectors import ACCEPTED_ONLY, indicator_by_library
from libraries.models import Library
from quality.checks import PEER_FIGURES
from quality.models import ContextEvent
from quality.peers import POPULATION
from reports.consolidated import build_report, report_from_dict
from reports.facts import EventNote, FactInputs, Forms, LibraryFigures, build_facts
from reports.models import PublishedReport
from review.models import TextHintDismissal
from submissions.text_checks import check_text


def published_versions(region):
    """The region's published report versions, newest year and version first."""
    return (PublishedReport.objects.filter(region=region)
            .select_related("published_by").order_by("-year", "-version"))


def latest_published(region, year: int | None = None):
    """The newest published version of `year` (or of any year), or None."""
    versions = published_versions(region)
    if year is not None:
        versions = versions.filter(year=year)
    return versions.first()


def published_picture_file(published: PublishedReport, number: int):
    """An appendix picture of a published version as (open file, content type): only a
    picture its own snapshot names, from the version's own copy (never by MEDIA_URL);
    Http404 otherwise. The reports' page and the public page serve it."""
    picture = next((picture for group in report_from_dict(published.snapshot["report"])
                    .appendices for picture in group.pictures if picture.number == number),
                   None)
    if picture is None or not picture.path:
        raise Http404
    try:
        handle = default_storage.open(picture.path, "rb")
    except (FileNotFoundError, SuspiciousFileOperation, ValueError):
        raise Http404 from None
    return handle, "image/png" if picture.path.lower().endswith(".png") else "image/jpeg"


def has_published(region) -> bool:
    return published_versions(region).exists()


def fact_inputs(region, data):
    """What the facts of a built report need beside it (`reports.facts.FactInputs`, seven
    queries whatever the number of libraries): the catalogue's grammar, each library's
    figure of the year and the year before for the entered figures of the tables with a
    change, the year's population served and peer figures of each library (read with the
    year's figures), the year's context events (those libraries are left out of the peer
    groups) and the libraries closed or merged from the year."""
    year = data.years[-1]
    forms = {row["code"]: Forms(phrase_lv=row["phrase_lv"], phrase_en=row["phrase_en"],
                                gender_lv=row["gender_lv"] or "m",
                                plural_lv=row["plural_lv"], plural_en=row["plural_en"])
             for row in Indicator.objects.values("code", "phrase_lv", "phrase_en", "gender_lv",
                                                 "plural_lv", "plural_en")}
    entered = set(Indicator.objects.entered().exclude(kind=Indicator.Kind.BOOL)
                  .values_list("code", flat=True))
    codes = {row.code for chapter in data.chapters for table in chapter.tables
             if table.show_change for row in table.rows if row.code in entered}
    peer_codes = {POPULATION, *PEER_FIGURES}
    read = indicator_by_library(region, year, codes | peer_codes, data.statuses)
    now = {pk: kept for pk, values in read.items()
           if (kept := {code: value for code, value in values.items() if code in codes})}
    before = indicator_by_library(region, year - 1, codes, data.statuses)
    names = dict(Library.objects.filter(region=region).values_list("pk", "name"))
    peers = {names[pk]: {code: values.get(code) for code in peer_codes}
             for pk, values in read.items()}
    libraries = {
        code: tuple(LibraryFigures(library=names[pk],
                                   previous=before.get(pk, {}).get(code),
                                   current=now.get(pk, {}).get(code))
                    for pk in sorted(set(now) | set(before), key=lambda pk: names[pk]))
        for code in sorted(codes)}
    events, left_out = [], set()
    for event in (ContextEvent.objects.for_region_year(region, year)
                  .select_related("library").order_by("library__name", "date_from")):
        left_out.add(event.library.name)
        labels = {}
        for language in ("lv", "en"):
            with translation.override(language):
                labels[language] = str(event.get_kind_display())
        events.append(EventNote(library=event.library.name, kind=event.kind,
                                label_lv=labels["lv"], label_en=labels["en"],
                                date_from=event.date_from, date_to=event.date_to,
                                reason=event.reason))
    for name, into in (Library.objects.filter(region=region, closed_from=year)
                       .order_by("name").values_list("name", "merged_into__name")):
        events.append(EventNote(library=name, kind="merged" if into else "closed",
                                into=into or ""))
    return FactInputs(forms=forms, libraries=libraries, events=tuple(events), peers=peers,
                      peers_left_out=frozenset(left_out))


def report_facts(region, year: int, statuses=None):
    """The facts of the region's live report of `year` (accepted figures by default)."""
    data = build_report(region, year, statuses or ACCEPTED_ONLY)
    return build_facts(data, fact_inputs(region, data))


def region_text_hints(region, data) -> list[dict]:
    """The hints of the region's texts against the report's own figures, before publishing
    (`submissions.text_checks`; two queries): per hint its section, the hint and the
    dismissal a methodologist gave."""
    figures = {row.code: (row.values[-2], row.values[-1])
               for table in data.tables.tables for row in table.rows}
    indicators = catalogue(region=region).values()
    dismissals = {item.key: item for item in TextHintDismissal.objects.filter(
        region=region, year=data.year)}
    return [{"section": section, "hint": hint, "dismissal": dismissals.get(hint.key)}
            for chapter in data.chapters for section in chapter.sections
            if section.regional_html
            for hint in check_text(section.regional_html, figures, indicators)]
