"""The catalogue for a year: add from a year, retire from a year, change a threshold —
nationally (the national template, `/national/catalogue/`). Earlier years' forms,
workbooks, reports and exports do not change; a code is never reused. A region's
methodologist reads it and sets only their region's own thresholds."""

from io import BytesIO, StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from catalogue.models import Chapter, Indicator, RegionThreshold
from cycle import catalogue
from cycle.models import CatalogueChange
from figures.selectors import ALL_STATUSES
from reports.region_tables import build_region_tables
from submissions import selectors as entry_selectors
from submissions.models import ReportingYear
from tests.factories import ReportingYearFactory, SubmissionFactory, set_values
from workbooks.workbook import build_workbook, catalogue_for

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("cycle:catalogue")
NATIONAL_CATALOGUE = reverse("national:catalogue")
ADD = reverse("national:indicator_add")


@pytest.fixture
def closed_2022(region, library):
    """2022 reported and closed (with figures); 2023 open."""
    year = ReportingYearFactory(region=region, year=2022, is_open=False)
    submission = SubmissionFactory(library=library, year=year, status="accepted")
    set_values(submission, **{"visits.total": 6044, "users.active": 482})
    ReportingYearFactory(region=region, year=2023, is_open=True)
    return submission


def _new_indicator(**extra) -> dict:
    return {"valid_from": 2023, "code": "events.online", "name_lv": "Tiešsaistes pasākumi",
            "name_en": "Online events", "kind": "count", "unit": "number",
            "chapter": Chapter.objects.get(number=4).pk, "order": 999,
            "change_threshold_pct": 50, "required": "on", **extra}


def _cells(xlsx: bytes) -> dict:
    """Every sheet's cell values but the time it was made (`_meta` generated_at)."""
    book = load_workbook(BytesIO(xlsx))
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()
                          if row[0].value != "generated_at"]
            for sheet in book.worksheets}


def _export(year: int) -> str:
    out = StringIO()
    call_command("export_report", "--year", str(year), "--format", "json", stdout=out)
    return out.getvalue()


def test_an_indicator_added_from_2023_leaves_2022_as_it_was(client_for, region, closed_2022,
                                                            methodologist, national):
    workbook_before = catalogue_for(2022)
    export_before = _export(2022)
    response = client_for(national).post(ADD, {"year": 2023, **_new_indicator()})
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="events.online")
    assert (indicator.valid_from, indicator.change_threshold_pct) == (2023, 50)
    assert indicator in catalogue_for(2023)
    assert catalogue_for(2022) == workbook_before
    assert _export(2022) == export_before
    state_2022 = entry_selectors.submission_state(closed_2022)
    assert "events.online" not in {ind.code for ind in state_2022.in_force()}
    assert _cells(build_workbook(closed_2022, catalogue_for(2022))) == _cells(
        build_workbook(closed_2022, workbook_before))
    change = CatalogueChange.objects.get()
    assert (change.subject, change.user) == ("events.online", national)
    page = client_for(methodologist).get(CATALOGUE, {"year": 2023}).content.decode()
    assert "<code>events.online</code>" in page
    assert "<code>events.online</code>" not in client_for(methodologist).get(
        CATALOGUE, {"year": 2022}).content.decode()


@translation.override("en")  # the messages are read in English
def test_a_code_is_never_reused_and_closed_years_are_refused(region, closed_2022, national):
    data = _new_indicator(code="visits.total", chapter=Chapter.objects.get(number=4),
                          required=True)
    with pytest.raises(ValidationError, match="already used"):
        catalogue.indicator_add(user=national, **data)
    retired = Indicator.objects.get(code="visits.virtual")
    catalogue.indicator_retire(user=national, indicator=retired,
                               from_year=2023)
    with pytest.raises(ValidationError, match="already used"):
        catalogue.indicator_add(user=national,
                                **{**data, "code": "visits.virtual"})
    with pytest.raises(ValidationError, match="earliest year"):
        catalogue.indicator_add(user=national,
                                **{**data, "code": "events.online", "valid_from": 2022})


def test_retiring_from_2023_keeps_it_in_2022(region, closed_2022, national):
    indicator = Indicator.objects.get(code="loans.total")
    retired = catalogue.indicator_retire(user=national,
                                         indicator=indicator, from_year=2023)
    assert {i.code for i in retired} >= {"loans.total", "loans.books", "loans.children"}
    codes_2023 = {i.code for i in catalogue_for(2023)}
    codes_2022 = {i.code for i in catalogue_for(2022)}
    assert "loans.total" not in codes_2023 and "loans.books" not in codes_2023
    assert "loans.total" in codes_2022 and "loans.books" in codes_2022
    with pytest.raises(ValidationError):
        catalogue.indicator_retire(user=national,
                                   indicator=Indicator.objects.get(code="visits.total"),
                                   from_year=2022)


def test_changing_the_default_threshold_from_the_national_page(client_for, region,
                                                             closed_2022, national):
    indicator = Indicator.objects.get(code="visits.total")
    client_for(national).post(
        reverse("national:indicator_threshold", args=[indicator.pk]),
        {"change_threshold_pct": "45", "year": 2023})
    indicator.refresh_from_db()
    assert indicator.change_threshold_pct == 45
    assert "45 %" in CatalogueChange.objects.get(subject="visits.total").text


def test_anonymous_is_sent_to_log_in(client_for, region, closed_2022):
    for page in (CATALOGUE, NATIONAL_CATALOGUE):
        response = client_for(None).get(page)
        assert response.status_code == 302 and reverse("login") in response["Location"]
    client_for(None).post(ADD, _new_indicator())
    assert not Indicator.objects.filter(code="events.online").exists()


@pytest.mark.parametrize("who", ["librarian", "municipality"])
def test_other_roles_are_refused(client_for, request, region, closed_2022, who):
    client = client_for(request.getfixturevalue(who))
    indicator = Indicator.objects.get(code="visits.total")
    assert client.get(CATALOGUE).status_code == 403
    assert client.get(NATIONAL_CATALOGUE).status_code == 403
    assert client.post(ADD, _new_indicator()).status_code == 403
    assert client.post(reverse("national:indicator_retire", args=[indicator.pk]),
                       {"from_year": 2023}).status_code == 403
    for url in (reverse("national:indicator_threshold", args=[indicator.pk]),
                reverse("cycle:indicator_threshold", args=[indicator.pk])):
        assert client.post(url, {"change_threshold_pct": 1}).status_code == 403
    indicator.refresh_from_db()
    assert indicator.valid_to is None and indicator.change_threshold_pct != 1
    assert not RegionThreshold.objects.exists()
    assert not Indicator.objects.filter(code="events.online").exists()


def test_a_methodologist_of_another_region_works_only_under_their_region(
        client_for, region, closed_2022, foreign_methodologist):
    client = client_for(foreign_methodologist)
    assert client.get(CATALOGUE, {"region": region.slug}).status_code == 403
    indicator = Indicator.objects.get(code="visits.total")
    assert client.post(reverse("cycle:indicator_threshold", args=[indicator.pk]),
                       {"region": region.slug, "change_threshold_pct": 999}
                       ).status_code == 403
    assert not RegionThreshold.objects.exists()


@pytest.mark.parametrize(("extra", "field", "message"), [
    # an “of which” row of loans.total (chapter 5) put in chapter 4: it would stand apart
    # from its total on the form
    ({"parent": "loans.total", "chapter": 4}, "chapter", "choose the chapter of loans.total"),
    ({"parent": "finance.expenses_total", "chapter": 2}, "kind",
     "choose the kind of finance.expenses_total"),
    ({"kind": "eur", "unit": "number"}, "unit", "counted in “EUR”"),
])
def test_a_mistaken_indicator_is_refused_at_its_field_and_nothing_is_added(
        client_for, region, closed_2022, national, extra, field, message):
    """Added indicators cannot be deleted (a code is never reused), so the form catches
    a chapter away from the row's total, a kind unlike the total's and a unit that does
    not fit the kind — at the field, saying what to choose."""
    data = _new_indicator(code="loans.e_books", **{
        key: Indicator.objects.get(code=value).pk if key == "parent" else value
        for key, value in extra.items()})
    if "chapter" in extra:
        data["chapter"] = Chapter.objects.get(number=extra["chapter"]).pk
    response = client_for(national).post(ADD, data)
    assert response.status_code == 200
    form = response.context["add_form"]
    assert message in " ".join(form.errors[field])
    assert not Indicator.objects.filter(code="loans.e_books").exists()


def test_an_of_which_row_in_its_totals_chapter_is_added_and_listed_under_it(
        client_for, region, closed_2022, methodologist, national):
    data = _new_indicator(code="loans.e_books", name_lv="t. sk. e-grāmatas",
                          name_en="of which e-books",
                          parent=Indicator.objects.get(code="loans.total").pk,
                          chapter=Chapter.objects.get(number=5).pk)
    assert client_for(national).post(ADD, data).status_code == 302
    page = client_for(methodologist).get(CATALOGUE, {"year": 2023}).content.decode()
    # the name as the catalogue has it, once: no “of which: of which …”
    assert "of which: of which" not in page and "of which e-books" in page
    assert "of which row of loans.total" in page


def test_an_added_indicator_reaches_the_report_of_its_years_under_its_total(
        region, library, closed_2022, national):
    """Added from 2023 and filled in: the 2023 report's table shows it under loans.total
    (its 2021 and 2022 empty, not “libraries missing”, no change from them); the 2022
    report has no such row."""
    catalogue.indicator_add(
        user=national, valid_from=2023, code="loans.e_books",
        name_lv="t. sk. e-grāmatas", name_en="of which e-books", kind="count",
        unit="number", chapter=Chapter.objects.get(number=5), order=1000,
        parent=Indicator.objects.get(code="loans.total"))
    year_2023 = ReportingYear.objects.get(region=region, year=2023)
    submission = SubmissionFactory(library=library, year=year_2023, status="accepted")
    set_values(submission, **{"loans.total": 15000, "loans.books": 7000,
                              "loans.e_books": 120})
    table = build_region_tables(region, 2023, ALL_STATUSES).table("main_indicators")
    codes = [row.code for row in table.rows]
    assert codes.index("loans.e_books") > codes.index("loans.total")
    assert codes.index("loans.e_books") < codes.index("derived.coverage_pct")
    row = table.rows[codes.index("loans.e_books")]
    assert row.level == 1 and row.label in ("t. sk. e-grāmatas", "of which e-books")
    assert row.values == (None, None, 120)
    assert row.missing[:2] == (0, 0) and row.changes == (None, None, None)
    earlier = build_region_tables(region, 2022, ALL_STATUSES).table("main_indicators")
    assert "loans.e_books" not in [r.code for r in earlier.rows]


def test_an_added_indicator_carries_the_forms_of_its_sentences(client_for, region, closed_2022,
                                                               national):
    """The facts' grammar (reports.facts) is entered with the indicator on the national page;
    left empty, the names stand in."""
    client = client_for(national)
    assert 'name="phrase_lv"' in client.get(NATIONAL_CATALOGUE, {"year": 2023}).content.decode()
    client.post(ADD, {"year": 2023, **_new_indicator(
        phrase_lv="tiešsaistes pasākumi", gender_lv="m", plural_lv="on",
        phrase_en="online events", plural_en="on")})
    added = Indicator.objects.get(code="events.online")
    assert (added.phrase_lv, added.gender_lv, added.plural_lv, added.phrase_en,
            added.plural_en) == ("tiešsaistes pasākumi", "m", True, "online events", True)
    client.post(ADD, {"year": 2023, **_new_indicator(code="events.hybrid")})
    plain = Indicator.objects.get(code="events.hybrid")
    assert (plain.phrase_lv, plain.phrase_en, plain.gender_lv) == (
        "Tiešsaistes pasākumi", "Online events", "m")
