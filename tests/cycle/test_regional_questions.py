"""A region's own questions (issue 21, item 2): a region's methodologist adds a figure and
a text section asked only of its libraries from a year on. Here Ludza (the foreign
region) adds them for 2023: they are in Ludza's forms, autosave, workbook, submit checks,
board, review, triage, report (a part of its own after the template's chapters) and
exports, and nowhere in Rēzekne's nor the national report; the open data marks them as
regional. No one else changes them."""

import io
import json

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from catalogue import selectors as catalogue_selectors
from catalogue.models import Chapter, Indicator, Section
from catalogue.selectors import EVERY, catalogue_version
from cycle import catalogue
from cycle.models import CatalogueChange, RegionChange
from figures.selectors import ALL_STATUSES
from reports.consolidated import build_report, report_to_dict
from reports.docx import render_docx
from reports.exports import render_csv, render_xlsx
from reports.pdf import render_print_html
from review.selectors import board_rows, submission_review
from review.triage import triage_queue
from submissions import selectors as entry_selectors
from submissions.models import ChapterText
from submissions.selectors import year_changes
from submissions.validation import MISSING, check_submission
from tests.factories import (
    ReportingYearFactory,
    SubmissionFactory,
    librarian_of,
    set_values,
)
from workbooks.workbook import build_workbook, read_workbook

pytestmark = pytest.mark.django_db

CODE = "ludzas_novads.reading_afternoons"
SECTION = "ludzas_novads.local_history"


@pytest.fixture
def two_regions(region, library, foreign_region, foreign_library):
    """Rēzekne and Ludza: 2022 closed and accepted, 2023 open with a draft each."""
    drafts = {}
    for owner, lib in ((region, library), (foreign_region, foreign_library)):
        closed = ReportingYearFactory(region=owner, year=2022, is_open=False)
        last = SubmissionFactory(library=lib, year=closed, status="accepted")
        set_values(last, **{"visits.total": 6000, "population.total": 1000})
        year = ReportingYearFactory(region=owner, year=2023, is_open=True)
        drafts[owner.slug] = SubmissionFactory(library=lib, year=year)
        set_values(drafts[owner.slug], **{"visits.total": 6100, "population.total": 1000})
    return drafts


@pytest.fixture
def own_questions(two_regions, foreign_region, foreign_methodologist):
    """Ludza's own figure (required, 50 % threshold) and text section from 2023."""
    indicator = catalogue.indicator_add(
        user=foreign_methodologist, region=foreign_region, chapter=None, valid_from=2023,
        code="reading_afternoons", name_lv="Lasīšanas pēcpusdienas",
        name_en="Reading afternoons", kind="count", unit="number", order=1,
        change_threshold_pct=50)
    section = catalogue.section_add(
        user=foreign_methodologist, region=foreign_region, valid_from=2023,
        code="local_history", title_lv="Novadpētniecība ar skolām",
        title_en="Local history with schools")
    catalogue_selectors.forget_catalogue()
    return indicator, section


def _add(client, region_slug, code="reading_afternoons", year=2023):
    return client.post(reverse("cycle:own_indicator_add"), {
        "region": region_slug, "year": year, "own-valid_from": year, "own-code": code,
        "own-name_lv": "Lasīšanas pēcpusdienas", "own-name_en": "Reading afternoons",
        "own-kind": "count", "own-unit": "number", "own-order": 1,
        "own-change_threshold_pct": 50, "own-required": "on"})


def test_the_regions_methodologist_adds_its_own_questions_on_its_catalogue_page(
        client_for, two_regions, foreign_region, foreign_methodologist, methodologist):
    client = client_for(foreign_methodologist)
    version = catalogue_version()
    assert _add(client, foreign_region.slug).status_code == 302
    response = client.post(reverse("cycle:own_section_add"), {
        "region": foreign_region.slug, "year": 2023, "section-valid_from": 2023,
        "section-code": "local_history", "section-title_lv": "Novadpētniecība",
        "section-title_en": "Local history", "section-order": 1})
    assert response.status_code == 302
    indicator = Indicator.objects.get(code=CODE)  # in the region's namespace
    section = Section.objects.get(code=SECTION)
    assert (indicator.region, indicator.chapter.number, indicator.valid_from) == (
        foreign_region, Chapter.REGIONAL, 2023)
    assert (section.region, section.chapter.number) == (foreign_region, Chapter.REGIONAL)
    assert catalogue_version() != version  # the autosave's kept catalogue is renewed
    # recorded in Ludza's own change log, not the national one
    assert set(RegionChange.objects.values_list("region", "subject")) == {
        (foreign_region.pk, CODE), (foreign_region.pk, SECTION)}
    assert not CatalogueChange.objects.exists()
    page = client.get(reverse("cycle:catalogue"), {"year": 2023}).content.decode()
    assert CODE in page and "Local history" in page
    # Rēzekne's methodologist sees none of it
    page = client_for(methodologist).get(reverse("cycle:catalogue"), {"year": 2023})
    assert CODE not in page.content.decode()
    assert "has no questions of its own yet" in page.content.decode()


def test_a_code_is_never_reused_and_closed_years_stay(client_for, own_questions,
                                                      foreign_region, foreign_methodologist):
    indicator, _section = own_questions
    client = client_for(foreign_methodologist)
    page = _add(client, foreign_region.slug).content.decode()
    assert "already used" in page
    catalogue.indicator_retire(user=foreign_methodologist, indicator=indicator,
                               from_year=2024)
    assert "already used" in _add(client, foreign_region.slug, year=2024).content.decode()
    # 2022 is closed in Ludza: its form does not change
    assert "already closed or published in" in _add(
        client, foreign_region.slug, code="other", year=2022).content.decode()
    assert Indicator.objects.filter(region=foreign_region).count() == 1


@pytest.mark.parametrize("who", ["methodologist", "librarian", "municipality",
                                 "other_librarian"])
def test_no_one_else_changes_a_regions_own_questions(client_for, request, own_questions,
                                                     foreign_region, who):
    """Rēzekne's methodologist, librarians and municipality can neither add Ludza's own
    questions nor retire them (403 naming Ludza, 404 through their own region)."""
    indicator, section = own_questions
    client = client_for(request.getfixturevalue(who))
    assert _add(client, foreign_region.slug, code="x").status_code == 403
    for kind, item in (("indicator", indicator), ("section", section)):
        url = reverse("cycle:own_retire", args=[kind, item.pk])
        assert client.post(url, {"region": foreign_region.slug, "from_year": 2023}
                           ).status_code == 403
        if who == "methodologist":  # through Rēzekne: not one of Rēzekne's
            assert client.post(url, {"from_year": 2023}).status_code == 404
    assert client.get(reverse("cycle:catalogue"), {"region": foreign_region.slug}
                      ).status_code == 403
    indicator.refresh_from_db()
    section.refresh_from_db()
    assert indicator.valid_to is None and section.valid_to is None
    assert not Indicator.objects.filter(code__endswith=".x").exists()


def test_anonymous_is_sent_to_log_in(client_for, own_questions, foreign_region):
    response = _add(client_for(None), foreign_region.slug, code="x")
    assert response.status_code == 302 and "login" in response.url


def test_the_national_methodologist_may_retire_a_regions_own_question(
        client_for, own_questions, foreign_region, national):
    indicator, _section = own_questions
    client = client_for(national)
    # found from the region's national page; the catalogue page leads back there and
    # offers none of the region methodologist's screens (each would answer 403)
    region_page = reverse("national:region", args=[foreign_region.slug])
    catalogue_url = f'{reverse("cycle:catalogue")}?region={foreign_region.slug}'
    assert catalogue_url in client.get(region_page).content.decode()
    page = client.get(reverse("cycle:catalogue"), {"region": foreign_region.slug})
    assert page.status_code == 200
    assert region_page in page.content.decode()
    for screen in ("cycle:years", "cycle:people", "cycle:network"):
        assert f'href="{reverse(screen)}"' not in page.content.decode()
        assert client.get(reverse(screen)).status_code == 403
    response = client.post(reverse("cycle:own_retire", args=["indicator", indicator.pk]),
                           {"region": foreign_region.slug, "from_year": 2024})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.valid_to == 2023
    assert RegionChange.objects.filter(region=foreign_region, subject=CODE,
                                       user=national, text__contains="retired").exists()
    # the national page retires the template's only
    assert client.post(reverse("national:indicator_retire", args=[indicator.pk]),
                       {"from_year": 2024}).status_code == 404


def test_asked_of_that_regions_libraries_only(client_for, own_questions, two_regions,
                                             region, foreign_region, library,
                                             foreign_library):
    """Forms, autosave, workbook, submit checks, what changed this year: Ludza's draft has
    the question, Rēzekne's does not."""
    rezekne, ludza = two_regions[region.slug], two_regions[foreign_region.slug]
    assert CODE in catalogue_selectors.catalogue(2023, region=foreign_region)
    assert CODE not in catalogue_selectors.catalogue(2023, region=region)
    assert CODE not in catalogue_selectors.catalogue(2023)  # the national template
    assert CODE not in catalogue_selectors.catalogue(2022, region=foreign_region)
    assert CODE in catalogue_selectors.catalogue(region=EVERY)

    chapter = reverse("entry:chapter", args=[ludza.pk, Chapter.REGIONAL])
    ludza_librarian = client_for(librarian_of(foreign_library, "ludza-librarian"))
    page = ludza_librarian.get(chapter).content.decode()
    assert "Reading afternoons" in page
    assert "Local history with schools" in page
    overview = ludza_librarian.get(reverse("entry:submission", args=[ludza.pk])).content.decode()
    assert f"#{entry_selectors.field_id(CODE)}" in overview  # what changed this year
    rezekne_librarian = client_for(librarian_of(library, "rezekne-librarian"))
    assert rezekne_librarian.get(reverse("entry:chapter", args=[rezekne.pk, Chapter.REGIONAL])
                                 ).status_code == 404
    overview = rezekne_librarian.get(reverse("entry:submission", args=[rezekne.pk]))
    assert CODE not in overview.content.decode()
    assert [c.indicator.code for c in year_changes(rezekne)] == []
    assert CODE in [c.indicator.code for c in year_changes(ludza)]

    # the autosave takes Ludza's figure and text, refuses them for Rēzekne
    autosave = reverse("entry:autosave", args=[ludza.pk])
    reply = ludza_librarian.post(autosave, {"kind": "figure", "code": CODE, "value": "12"})
    assert reply.status_code == 200, reply.content
    reply = ludza_librarian.post(autosave, {"kind": "text", "section": SECTION,
                                            "html": "<p>Trīs stundas ar skolām.</p>"})
    assert reply.status_code == 200, reply.content
    for kind, code in (("figure", CODE), ("text", SECTION)):
        reply = rezekne_librarian.post(reverse("entry:autosave", args=[rezekne.pk]),
                                       {"kind": kind, "code": code, "section": code,
                                        "value": "12", "html": "<p>x</p>"})
        assert reply.status_code == 404, (kind, reply.content)  # not a field of its report
    assert ludza.values.get(indicator__code=CODE).value == 12
    assert not rezekne.values.filter(indicator__region__isnull=False).exists()

    # the workbook: Ludza's has the row and reads it back, Rēzekne's has none
    read = read_workbook(build_workbook(ludza), ludza, save=False)
    assert read.values[CODE] == 12
    assert CODE.encode() not in _sheet_text(build_workbook(rezekne))
    assert CODE not in read_workbook(build_workbook(rezekne), rezekne, save=False).values


def _sheet_text(content: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist()
                        if name.endswith(".xml"))


def _ludza_2024(ludza, value_2023, value_2024):
    """Ludza's 2023 accepted with the question answered, 2024 open with a draft."""
    set_values(ludza, **{CODE: value_2023})
    ludza.status = "accepted"
    ludza.save(update_fields=["status"])
    ludza.year.is_open = False
    ludza.year.save(update_fields=["is_open"])
    draft = SubmissionFactory(library=ludza.library, year=ReportingYearFactory(
        region=ludza.library.region, year=2024, is_open=True))
    set_values(draft, **{"visits.total": 6100, "population.total": 1000, CODE: value_2024})
    return draft


def test_checked_reviewed_and_triaged_like_the_rest(client_for, own_questions, two_regions,
                                                  region, foreign_region,
                                                  foreign_methodologist, methodologist):
    """Missing, it holds Ludza's submit (required) and Rēzekne's not, and the board counts
    it; next year a jump past its threshold (50 %) warns, is on the review page and in
    Ludza's triage queue, not in Rēzekne's."""
    rezekne, ludza = two_regions[region.slug], two_regions[foreign_region.slug]
    assert any(p.code == CODE and p.severity == MISSING for p in check_submission(ludza))
    assert not any(p.code == CODE for p in check_submission(rezekne))
    # the same figures in both: Ludza's board counts one empty required field more
    ludza_row = next(r for r in board_rows(foreign_region, 2023)
                     if r.library.pk == ludza.library_id)
    rezekne_row = next(r for r in board_rows(region, 2023)
                       if r.library.pk == rezekne.library_id)
    assert ludza_row.missing == rezekne_row.missing + 1

    draft = _ludza_2024(ludza, 10, 40)  # +300 %
    assert any(p.code == CODE and p.kind == "change" for p in check_submission(draft))
    review = submission_review(draft)
    assert CODE in {row.indicator.code for block in review.chapters for row in block.figures}
    assert any(item.code == CODE for item in triage_queue(foreign_region, 2024))
    assert not any(item.code == CODE for item in triage_queue(region, 2023))
    page = client_for(foreign_methodologist).get(reverse("review:submission",
                                                         args=[draft.pk]))
    assert page.status_code == 200
    assert "Reading afternoons" in page.content.decode()
    # Rēzekne's methodologist does not see Ludza's report at all
    assert client_for(methodologist).get(reverse("review:submission", args=[draft.pk])
                                         ).status_code in (403, 404)


def test_in_the_regions_report_in_a_part_of_its_own(own_questions, two_regions, region,
                                                   foreign_region):
    rezekne, ludza = two_regions[region.slug], two_regions[foreign_region.slug]
    set_values(ludza, **{CODE: 12})
    ChapterText.objects.create(submission=ludza, section=own_questions[1],
                               html="<p>Trīs stundas ar skolām.</p>")
    data = build_report(foreign_region, 2023, ALL_STATUSES)
    last = data.chapters[-1]
    assert last.number == Chapter.REGIONAL  # after the template's chapters
    assert [row.code for table in last.tables for row in table.rows] == [CODE]
    assert last.tables[0].rows[0].values[-1] == 12
    assert [s.code for s in last.sections] == [SECTION]
    assert "Trīs stundas ar skolām" in last.sections[0].library_texts[0].html
    as_json = json.dumps(report_to_dict(data), ensure_ascii=False)
    assert CODE in as_json and "Trīs stundas ar skolām" in as_json
    assert "Lasīšanas pēcpusdienas;;;12;" in render_csv(data, last.tables[0])
    sheets = load_workbook(io.BytesIO(render_xlsx(data)))
    assert ["Lasīšanas pēcpusdienas", None, None, 12] in [
        list(row[:4]) for row in sheets.worksheets[-1].iter_rows(values_only=True)]
    html = render_print_html(data)  # the PDF's
    assert html.index("Lasīšanas pēcpusdienas") > html.index(data.chapters[-2].title)
    docx = "\n".join(cell.text for table in Document(io.BytesIO(render_docx(data))).tables
                      for row in table.rows for cell in row.cells)
    assert "Lasīšanas pēcpusdienas" in docx

    rezekne_report = build_report(region, 2023, ALL_STATUSES)
    assert all(chapter.number != Chapter.REGIONAL for chapter in rezekne_report.chapters)
    assert CODE not in json.dumps(report_to_dict(rezekne_report), ensure_ascii=False)
    assert "Lasīšanas pēcpusdienas" not in render_print_html(rezekne_report)
    assert rezekne.status == "draft"


def test_out_of_the_national_report_and_in_the_open_data_marked(
        client_for, own_questions, two_regions, region, foreign_region, foreign_methodologist,
        methodologist):
    from reports.national import build_national_report, render_national_json
    from reports.services import report_publish
    from submissions.models import Submission

    ludza = two_regions[foreign_region.slug]
    set_values(ludza, **{CODE: 12})
    Submission.objects.filter(year__year=2023).update(status="accepted")
    report_publish(region=foreign_region, year=2023, user=foreign_methodologist, note="",
                   make_pdf=False)
    report_publish(region=region, year=2023, user=methodologist, note="", make_pdf=False)
    national = build_national_report(2023)
    assert CODE not in render_national_json(national)
    assert "Reading afternoons" not in render_national_json(national)

    api = client_for(None)
    catalogue_rows = {row["code"]: row for row in api.get("/api/v1/indicators").json()}
    assert catalogue_rows[CODE]["scope"] == "regional"
    assert catalogue_rows[CODE]["scope_region"] == foreign_region.slug
    assert catalogue_rows["visits.total"]["scope"] == "national"
    assert catalogue_rows["visits.total"]["scope_region"] is None
    values = api.get("/api/v1/values", {"indicator": CODE}).json()["results"]
    assert [(v["region"], v["value"], v["scope"]) for v in values] == [
        (foreign_region.slug, 12, "regional")]
