"""A whole second year, end to end, on the demo: the methodologist closes 2022 and opens
2023 from the portal; one librarian fills in 2023 on the web form and submits, another
uploads the workbook and submits; the methodologist accepts and publishes; the
municipality's dashboard shows the trends 2019–2023.

(The 2022 figures, and the 2023 figures of the other 33 libraries, are put in directly:
they are what the rest of the network handed in, not what this test is about.)
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator, ReportingYear, Submission, Value
from libraries.models import User
from reports.models import PublishedReport
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
    assert ReportingYear.objects.get(year=2023).deadline == AHEAD
