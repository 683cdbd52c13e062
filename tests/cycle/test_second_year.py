"""A whole second year, end to end, on the demo: the methodologist closes 2022 and opens
2023 from the portal; one librarian fills in 2023 on the web form and submits, another
uploads the workbook and submits; the methodologist accepts and publishes; the
municipality's dashboard shows the trends 2019–2023. Beside it, Vidzeme (a synthetic
region of the demo, which asks its libraries a figure and a text of its own from 2023)
opens 2023: its librarian answers the region's own question, which is in Vidzeme's
form, review, triage, report and exports and nowhere in Rēzekne's or the national
report; Vidzeme's methodologist can change nothing Rēzekne's libraries are asked.

(The 2022 figures, and the 2023 figures of the other 33 libraries, are put in directly:
they are what the rest of the network handed in, not what this test is about.)
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from catalogue.models import Chapter, Indicator, Section
from demo import questions as demo_questions
from libraries.models import Region, User
from reports.models import PublishedReport
from submissions.models import ReportingYear, Submission, Value
from tests.demo_copy import demo_copy
from tests.review.helpers import next_year_inputs
from tests.workbooks.helpers import fill

pytestmark = pytest.mark.django_db

Status = Submission.Status
AHEAD = timezone.localdate() + timedelta(days=60)  # the page refuses a deadline passed


def _hand_in_as_last_year(year: int, *, skip=()) -> None:
    """Every library's `year` report accepted with last year's figures (bulk)."""
    drafts = list(Submission.objects.filter(year__year=year).exclude(library__slug__in=skip))
    last = {}
    for library_id, indicator_id, value, na in Value.objects.filter(
            submission__year__year=year - 1).values_list(
            "submission__library_id", "indicator_id", "value", "not_applicable"):
        last.setdefault(library_id, []).append((indicator_id, value, na))
    Value.objects.bulk_create(
        Value(submission=draft, indicator_id=indicator_id, value=value, not_applicable=na)
        for draft in drafts for indicator_id, value, na in last.get(draft.library_id, []))
    now = timezone.now()
    Submission.objects.filter(pk__in=[d.pk for d in drafts]).update(
        status=Status.ACCEPTED, submitted_at=now, accepted_at=now)


def _login(client_for, username):
    return client_for(User.objects.get(username=username))


@pytest.mark.slow  # a whole year through the pages and the workbooks
def test_a_whole_second_year(client_for, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    demo_copy()
    _hand_in_as_last_year(2022)
    methodologist = _login(client_for, "metodikis")
    years = reverse("cycle:years")

    # close 2022 (its deadline is still ahead in the demo) and open 2023
    year_2022 = ReportingYear.objects.get(year=2022)
    methodologist.post(reverse("cycle:year_close", args=[year_2022.pk]),
                       {"before_deadline": "1"})
    year_2022.refresh_from_db()
    assert not year_2022.is_open
    page = methodologist.post(reverse("cycle:year_open"),
                              {"year": "2023", "deadline": AHEAD.isoformat()}, follow=True)
    assert "2023 is open: 35 libraries have a draft" in page.content.decode()
    assert methodologist.get(years).status_code == 200

    # one librarian fills in 2023 on the web form and submits
    maltas = Submission.objects.select_related("library", "year").get(
        library__slug="maltas", year__year=2023)
    librarian = _login(client_for, "bibl-maltas")
    assert "Fill in the 2023 report" in librarian.get(
        reverse("entry:my_reports")).content.decode()
    autosave = reverse("entry:autosave", args=[maltas.pk])
    for code, figure in next_year_inputs(maltas).items():
        reply = librarian.post(autosave, {"kind": "figure", "code": code,
                                          "value": figure.raw or "",
                                          "na": "on" if figure.not_applicable else ""})
        assert reply.status_code == 200, (code, reply.content)
    # the library's own note on a 2022 figure shows beside the same figure in 2023
    # (issue 21 item 6); the 2022 report is closed, the note is still the library's
    maltas_2022 = Submission.objects.get(library__slug="maltas", year__year=2022)
    visits = Indicator.objects.select_related("chapter").get(
        code="visits.total")
    note = "Apmeklējumi skaitīti pēc vārtiem"
    librarian.post(reverse("entry:figure_note", kwargs={
        "pk": maltas_2022.pk, "number": visits.chapter.number, "code": visits.code}),
        {"text": note})
    chapter = librarian.get(reverse("entry:chapter", kwargs={
        "pk": maltas.pk, "number": visits.chapter.number})).content.decode()
    row = chapter[chapter.index('id="row-f-visits-total"'):]
    assert note in row[:row.index("</tr>", row.index('id="f-visits-total-detail"'))]

    librarian.post(reverse("entry:submit", args=[maltas.pk]))
    maltas.refresh_from_db()
    assert maltas.status == Status.SUBMITTED

    # another through the workbook
    dricanu = Submission.objects.select_related("library", "year").get(
        library__slug="dricanu", year__year=2023)
    other = _login(client_for, "bibl-dricanu")
    workbook = other.get(reverse("workbooks:download", args=[dricanu.pk]))
    figures, not_applicable = {}, []
    for code, figure in next_year_inputs(dricanu).items():
        if figure.not_applicable:
            not_applicable.append(code)
        else:
            figures[code] = Decimal(figure.raw)
    filled = fill(b"".join(workbook.streaming_content) if workbook.streaming
                  else workbook.content, {code: float(value) for code, value in figures.items()},
                  not_applicable=not_applicable)
    upload = other.post(reverse("workbooks:upload", args=[dricanu.pk]),
                        {"workbook": SimpleUploadedFile("dricanu-2023.xlsx", filled)})
    assert upload.status_code in (200, 302)
    upload = other.post(reverse("workbooks:confirm", args=[dricanu.pk]),
                        {"token": upload.context["token"]})
    assert upload.context["saved"], upload.content.decode()[:2000]
    other.post(reverse("entry:submit", args=[dricanu.pk]))
    dricanu.refresh_from_db()
    assert dricanu.status == Status.SUBMITTED, upload.content.decode()[:2000]

    # the rest of the network hands in; the methodologist accepts the two and publishes
    _hand_in_as_last_year(2023, skip=("maltas", "dricanu"))
    for submission in (maltas, dricanu):
        methodologist.post(reverse("review:accept", args=[submission.pk]))
        submission.refresh_from_db()
        assert submission.status == Status.ACCEPTED
    methodologist.post(reverse("reports:publish", args=[2023]))
    assert PublishedReport.objects.filter(year=2023).exists()

    # the municipality sees the trends 2019–2023
    municipality = _login(client_for, "pasvaldiba")
    dashboard = municipality.get(reverse("dashboards:dashboard")).content.decode()
    assert "Trends 2019–2023" in dashboard
    rezekne = Region.objects.get(slug="rezeknes-novads")
    assert ReportingYear.objects.get(region=rezekne, year=2023).deadline == AHEAD

    _vidzeme_asks_its_own_question(client_for, rezekne)


def _vidzeme_asks_its_own_question(client_for, rezekne):
    """Issue 21 item 2 in the same walk: Vidzeme's own question of 2023."""
    from reports.consolidated import build_report, report_to_dict
    from reports.exports import render_csv
    from reports.national import build_national_report, render_national_json

    vidzeme = Region.objects.get(slug=demo_questions.REGION)
    own = Indicator.objects.get(region=vidzeme)
    own_text = Section.objects.get(region=vidzeme)
    assert own.code == "vidzemes_paraugnovads.lasisanas_pecpusdienas"
    methodologist = _login(client_for, "metodikis-vidzeme")
    # another region's methodologist changes nothing Rēzekne's libraries are asked: no
    # question of Rēzekne's own, no retiring of the template, no Rēzekne threshold
    before = list(Indicator.objects.order_by("pk").values_list("code", "valid_to",
                                                               "change_threshold_pct"))
    loans = Indicator.objects.get(code="loans.total")
    assert methodologist.post(reverse("cycle:own_indicator_add"), {
        "region": rezekne.slug, "own-valid_from": 2024, "own-code": "x", "own-name_lv": "x",
        "own-name_en": "x", "own-kind": "count", "own-unit": "number", "own-order": 1,
    }).status_code == 403
    assert methodologist.post(reverse("national:indicator_retire", args=[loans.pk]),
                              {"from_year": 2024}).status_code == 403
    assert methodologist.post(reverse("cycle:indicator_threshold", args=[loans.pk]), {
        "region": rezekne.slug, "change_threshold_pct": 999}).status_code == 403
    assert list(Indicator.objects.order_by("pk").values_list(
        "code", "valid_to", "change_threshold_pct")) == before
    # nor may Rēzekne's methodologist retire Vidzeme's question
    assert _login(client_for, "metodikis").post(
        reverse("cycle:own_retire", args=["indicator", own.pk]),
        {"region": vidzeme.slug, "from_year": 2024}).status_code == 403
    catalogue_page = methodologist.get(reverse("cycle:catalogue"), {"year": 2023})
    assert own.code in catalogue_page.content.decode()

    # Vidzeme opens 2023; its librarian answers the region's own figure and text
    page = methodologist.post(reverse("cycle:year_open"), {
        "region": vidzeme.slug, "year": "2023", "deadline": AHEAD.isoformat()}, follow=True)
    assert "2023 is open: 14 libraries have a draft" in page.content.decode()
    draft = Submission.objects.select_related("library", "year").get(
        library__slug="vidzemes-paraugnovads-01", year__year=2023)
    librarian = _login(client_for, "bibl-vidzemes-paraugnovads-01")
    overview = librarian.get(reverse("entry:submission", args=[draft.pk])).content.decode()
    assert "Reading afternoons for children" in overview  # what changed this year
    chapter = librarian.get(reverse("entry:chapter", args=[draft.pk, Chapter.REGIONAL]))
    assert "Reading afternoons for children" in chapter.content.decode()
    assert "Local history work with schools" in chapter.content.decode()
    autosave = reverse("entry:autosave", args=[draft.pk])
    assert librarian.post(autosave, {"kind": "figure", "code": own.code, "value": "14"}
                          ).status_code == 200
    assert librarian.post(autosave, {"kind": "text", "section": own_text.code,
                                     "html": "<p>Četras stundas ar skolām.</p>"}
                          ).status_code == 200
    workbook = librarian.get(reverse("workbooks:download", args=[draft.pk]))
    content = (b"".join(workbook.streaming_content) if workbook.streaming
               else workbook.content)
    assert own.code.encode() in _xml_of(content)
    maltas_workbook = _login(client_for, "bibl-maltas").get(reverse(
        "workbooks:download", args=[Submission.objects.get(library__slug="maltas",
                                                           year__year=2023).pk]))
    assert own.code.encode() not in _xml_of(
        b"".join(maltas_workbook.streaming_content) if maltas_workbook.streaming
        else maltas_workbook.content)

    # reviewed, triaged and in the report of Vidzeme (its own part, last), with exports
    review = methodologist.get(reverse("review:submission", args=[draft.pk]))
    assert "Reading afternoons for children" in review.content.decode()
    assert methodologist.get(reverse("review:triage"), {"region": vidzeme.slug}
                             ).status_code == 200
    report = methodologist.get(reverse("reports:report"),
                               {"region": vidzeme.slug, "year": 2023, "status": "all"})
    html = report.content.decode()
    assert html.index('id="ch-14"') > html.index('id="ch-12"')  # after the template's
    assert "/reports/csv/regional/" in html  # its table's CSV beside the others
    assert "Local history work with schools" in html
    with translation.override("lv"):
        data = build_report(vidzeme, 2023, ("draft", "submitted", "accepted", "returned"))
        csv_text = render_csv(data, data.chapters[-1].tables[0])
    assert data.chapters[-1].number == Chapter.REGIONAL
    assert [row.values[-1] for row in data.chapters[-1].tables[0].rows] == [14]
    assert "Četras stundas ar skolām" in data.chapters[-1].sections[0].library_texts[0].html
    assert "Lasīšanas pēcpusdienas bērniem;;;14;" in csv_text

    # and nowhere in Rēzekne's published 2023 report, its form, or the national report
    maltas = Submission.objects.get(library__slug="maltas", year__year=2023)
    assert _login(client_for, "bibl-maltas").get(
        reverse("entry:chapter", args=[maltas.pk, Chapter.REGIONAL])).status_code == 404
    published = PublishedReport.objects.get(region=rezekne, year=2023)
    assert own.code not in str(published.snapshot)
    rezekne_report = build_report(rezekne, 2023)
    assert own.code not in str(report_to_dict(rezekne_report))
    assert own.code not in render_national_json(build_national_report(2023))


def _xml_of(content: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist()
                        if name.endswith(".xml"))
