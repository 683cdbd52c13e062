"""Issue 10, item 4: a library merged into another in the consolidated report.

Audriņu pagasta bibliotēka (A) is merged into Maltas pagasta bibliotēka (B) from 2023. The
2023 report's three-year tables (2021–2023) compare A + B before with the merged B after,
the same libraries (`figures.coverage.Coverage.same_libraries`), so the merge is not a
growth; every table says so in a note under it, carried by the report model so the page,
PDF, DOCX, XLSX, CSV and JSON print the same words. A is no missing library in 2023, and
the per-library views show A up to 2022 and B from 2023 with the merge noted.
"""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from cycle import network
from reports.consolidated import build_report, localised, report_from_dict, report_to_dict
from reports.docx import render_docx
from reports.exports import render_csv, render_xlsx
from reports.region_tables import build_region_tables
from reports.renderers import render_json
from reports.services import report_publish
from tests.factories import (
    LibraryFactory,
    accepted_visits,
)

pytestmark = pytest.mark.django_db

NOTE_LV = ("Audriņu pagasta bibliotēka un Maltas pagasta bibliotēka apvienotas no 2023. gada "
           "(darbu turpina Maltas pagasta bibliotēka): 2022. gada kopsummās ir abas "
           "bibliotēkas, 2023. gada – apvienotā, tāpēc 2023. gada izmaiņa salīdzina tās "
           "pašas bibliotēkas un nerāda apvienošanu kā pieaugumu.")
NOTE_EN = ("Audriņu pagasta bibliotēka and Maltas pagasta bibliotēka merged from 2023 "
           "(Maltas pagasta bibliotēka carries on): the totals of 2022 hold both libraries, "
           "those of 2023 the merged one, so the change in 2023 compares the same libraries "
           "and shows no growth from the merge.")
VALUES_NOTE_LV = ("Audriņu pagasta bibliotēka un Maltas pagasta bibliotēka apvienotas no 2023. "
                  "gada (darbu turpina Maltas pagasta bibliotēka): 2022. gada kopsummās ir abas "
                  "bibliotēkas, 2023. gada – apvienotā.")
CHART_NOTE_LV = ("Apvienotas no 2023. gada: Audriņu pagasta bibliotēka un Maltas pagasta "
                 "bibliotēka; līdz 2022. gadam kopsummās ir abas.")
LIBRARY_NOTE_LV = ("Audriņu pagasta bibliotēka un Maltas pagasta bibliotēka apvienotas no 2023. "
                   "gada: no tā gada darbu turpina Maltas pagasta bibliotēka, un tās skaitļos "
                   "ir abas bibliotēkas, tāpēc tās izmaiņa pāri apvienošanai nav rādīta.")


def _network(region, figures, merge_from=None, *, absorbed="audrinu", into="maltas"):
    """Accepted submissions with visits (and the same population and users) per library."""
    accepted_visits(region, figures)
    if merge_from is not None:
        libraries = {library.slug: library for library in region.libraries.all()}
        network.library_merge(region=region, user=None, library=libraries[absorbed],
                              into=libraries[into], from_year=merge_from)


@pytest.fixture
def third(region):
    return LibraryFactory(region=region, name="Čornajas pagasta bibliotēka", slug="cornajas")


@pytest.fixture
def merged(region, library, other_library, third):
    """2021: 90 + 190 + 50 visits; 2022: 100 + 200 + 50; from 2023 Malta counts 330 for
    both libraries and Čornaja 55: the region 350 → 385, +10 %, not the merge."""
    _network(region, {2021: {library: 90, other_library: 190, third: 50},
                      2022: {library: 100, other_library: 200, third: 50},
                      2023: {other_library: 330, third: 55}}, merge_from=2023)


@pytest.fixture
def not_merged(region, library, other_library, third):
    _network(region, {2021: {library: 90, other_library: 190, third: 50},
                      2022: {library: 100, other_library: 200, third: 50},
                      2023: {library: 110, other_library: 220, third: 55}})


def _report(region, year=2023, language="lv"):
    with translation.override(language):
        return build_report(region, year)


def _visits(data):
    return next(row for row in data.find_table("main_indicators").rows
                if row.code == "visits.total")


# The report model -------------------------------------------------------------------------
def test_every_table_notes_the_merge_and_the_change_compares_the_same_libraries(
        region, merged):
    data = _report(region)
    row = _visits(data)
    assert row.values == (330, 350, 385)
    assert row.missing == (0, 0, 0)
    assert [round(change) for change in row.changes[1:]] == [6, 10]  # not +28 % at the merge
    with translation.override("lv"):
        for table in data.tables.tables:
            assert table.notes == ((NOTE_LV,) if table.show_change else (VALUES_NOTE_LV,))
        assert data.find_table("alise_usage").notes == (VALUES_NOTE_LV,)
    with translation.override("en"):
        assert data.find_table("main_indicators").notes == (NOTE_EN,)


def test_the_merged_library_is_neither_counted_nor_missing_after_the_merge(region, merged):
    data = _report(region)
    assert (data.counted_libraries, data.library_total) == (2, 2)
    assert data.missing_libraries == ()
    before = _report(region, 2022)  # the year before: A reports as ever
    assert (before.counted_libraries, before.library_total, before.missing_libraries) == (
        3, 3, ())
    assert _visits(before).values[-1] == 350


def test_the_charts_note_the_merge(region, merged):
    data = _report(region)
    trends = [spec for spec in data.charts if spec.kind == "line"]
    assert trends and all(spec.note == CHART_NOTE_LV for spec in trends)
    comparison = next(spec for spec in data.charts if spec.key == "comparison")
    assert comparison.labels == ("Maltas pagasta bibliotēka", "Čornajas pagasta bibliotēka")
    assert comparison.note.endswith(LIBRARY_NOTE_LV)
    assert comparison.note.startswith("Oranžās joslas")  # its own note stays first
    # drawn, the notes are under the charts on the page, in the PDF and the DOCX
    assert trends[0].draw().note == CHART_NOTE_LV


def test_no_merge_no_note(region, not_merged):
    data = _report(region)
    assert all(table.notes == () for table in data.tables.tables)
    assert _visits(data).values == (330, 350, 385)
    comparison = next(spec for spec in data.charts if spec.key == "comparison")
    assert "apvienotas" not in comparison.note.lower()
    assert all(spec.note == "" for spec in data.charts if spec.kind == "line")


def test_a_merge_before_the_years_shown_gives_no_note(region, library, other_library, third):
    """Merged from 2021: the 2023 report's tables (2021–2023) do not reach over it."""
    _network(region, {2020: {library: 90, other_library: 190, third: 50},
                      2021: {other_library: 300, third: 50},
                      2022: {other_library: 310, third: 50},
                      2023: {other_library: 330, third: 55}}, merge_from=2021)
    data = _report(region)
    assert all(table.notes == () for table in data.tables.tables)
    assert all("apvienotas" not in spec.note.lower() for spec in data.charts)
    assert _report(region, 2021).find_table("main_indicators").notes != ()  # 2019–2021 does


def test_the_note_survives_the_snapshot_and_follows_the_language(region, merged):
    data = report_from_dict(json.loads(json.dumps(report_to_dict(_report(region)))))
    with translation.override("en"):
        assert localised(data).find_table("main_indicators").notes == (NOTE_EN,)
    with translation.override("lv"):
        assert data.find_table("staff").notes == (NOTE_LV,)


def test_an_earlier_published_snapshot_stays_as_it_was(region, merged):
    """A version published before the notes existed has no `merges`: no note appears."""
    snapshot = report_to_dict(_report(region))
    for table in snapshot["tables"]["tables"]:
        del table["merges"]
    del snapshot["tables"]["merges"]
    for chapter in snapshot["chapters"]:
        for table in chapter["tables"]:
            del table["merges"]
    data = report_from_dict(snapshot)
    assert all(table.notes == () for table in data.tables.tables)
    assert _visits(data).changes == _visits(_report(region)).changes


# The renderers ----------------------------------------------------------------------------
def test_the_report_page_shows_the_note_under_the_tables(client_for, region, merged,
                                                         methodologist):
    html = client_for(methodologist).get(reverse("reports:report") + "?year=2023"
                                         ).content.decode()
    table = html.index('id="tbl-main_indicators"')
    note = html.index(f'<p class="table-legend table-note" role="note">{NOTE_LV}</p>', table)
    assert note < html.index("<table", table + 10)  # right under its own table
    assert html.count(NOTE_LV) == 8  # every table with changes
    assert html.count(CHART_NOTE_LV) == 7  # every trend chart
    assert html.count(VALUES_NOTE_LV) == 1  # BIS ALISE (no changes)
    assert LIBRARY_NOTE_LV in html  # under the libraries compared
    assert "Kopsummās trūkst" not in html and "missing-libraries" not in html
    assert "+10" in html


def test_the_page_of_a_region_without_a_merge_has_no_note(client_for, region, not_merged,
                                                          methodologist):
    html = client_for(methodologist).get(reverse("reports:report") + "?year=2023"
                                         ).content.decode()
    assert "table-note" not in html
    assert "apvienotas" not in html.lower()


def test_the_xlsx_shows_the_note_under_each_table(region, merged):
    data = _report(region)
    with translation.override("lv"):
        workbook = load_workbook(io.BytesIO(render_xlsx(data)))
    sheet = workbook["Bibliotēkas pamatrādītāji"]
    texts = [sheet.cell(row=row, column=1).value for row in range(1, sheet.max_row + 1)]
    assert texts[-1] == NOTE_LV
    assert texts[-2] is None  # an empty row between the table and its note
    assert sheet.auto_filter.ref.endswith(str(len(texts) - 2))  # the filter leaves it out
    visits = next(row for row in range(4, sheet.max_row)
                  if sheet.cell(row=row, column=1).value == "Bibliotēkas apmeklējums")
    assert sheet.cell(row=visits, column=6).value == pytest.approx(0.10)
    assert workbook["Projektu apkopojums"].max_row <= 4  # a list has no merge note
    without = load_workbook(io.BytesIO(render_xlsx(build_report(region, 2022))))
    sheet = without["Bibliotēkas pamatrādītāji"]
    assert all(sheet.cell(row=row, column=1).value != NOTE_LV
               for row in range(1, sheet.max_row + 1))


def test_the_docx_shows_the_note_under_each_table(region, merged):
    data = _report(region)
    with translation.override("lv"):
        document = Document(io.BytesIO(render_docx(data)))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs.count(NOTE_LV) == 8  # under the tables
    assert paragraphs.count(CHART_NOTE_LV) == 7  # under the trend charts
    assert paragraphs.count(VALUES_NOTE_LV) == 1
    assert any(text.endswith(LIBRARY_NOTE_LV) for text in paragraphs)


def test_the_csv_and_json_carry_the_note(region, merged):
    data = _report(region)
    with translation.override("lv"):
        text = render_csv(data, data.find_table("main_indicators"))
        payload = json.loads(render_json(build_region_tables(region, 2023)))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[-2:] == [[], [NOTE_LV]]
    assert payload["tables"]["main_indicators"]["notes"] == [NOTE_LV]
    plain = render_csv(data, data.find_table("projects"))
    assert NOTE_LV not in plain


def test_the_print_html_shows_the_note(region, merged, methodologist, rendered,
                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(region=region, year=2023, user=methodologist)
    (html,) = rendered
    assert NOTE_LV in html and CHART_NOTE_LV in html and LIBRARY_NOTE_LV in html


def test_the_region_tables_page_shows_the_note(client_for, region, merged, methodologist):
    html = client_for(methodologist).get(reverse("reports:region_tables") + "?year=2023"
                                         ).content.decode()
    assert html.count(NOTE_LV) == 8 and html.count(VALUES_NOTE_LV) == 1


# The libraries one by one -----------------------------------------------------------------
def _breakdown(client, year):
    response = client.get(reverse("reports:breakdown", kwargs={"code": "visits.total"}),
                          {"year": year})
    return response.context["result"], response.content.decode()


def test_the_breakdown_shows_the_absorbed_library_up_to_the_merge_and_then_the_merged_one(
        client_for, region, merged, methodologist):
    client = client_for(methodologist)
    result, html = _breakdown(client, 2022)
    assert [(row.library, row.value, row.note) for row in result.rows] == [
        ("Audriņu pagasta bibliotēka", Decimal(100), ""),
        ("Čornajas pagasta bibliotēka", Decimal(50), ""),
        ("Maltas pagasta bibliotēka", Decimal(200), "")]
    assert "apvienotas" not in html.lower()
    result, html = _breakdown(client, 2023)
    assert [(row.library, row.value) for row in result.rows] == [
        ("Čornajas pagasta bibliotēka", Decimal(55)), ("Maltas pagasta bibliotēka", Decimal(330))]
    assert result.rows[1].note == LIBRARY_NOTE_LV
    assert f'<small class="table-note">{LIBRARY_NOTE_LV}</small>' in html
    assert "Ziņas sniegušas 2 no 2 bibliotēkām." in html
