"""Every view: anonymous → login, librarian → 403, municipality → 403 on the methodologist's
views (published versions only), methodologist → 200."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from catalogue.models import Section
from reports.latvian import attribution
from reports.models import PdfJob, RegionalEvent, RegionalText
from reports.services import report_publish
from submissions.models import ChapterText, Project, Submission
from tests.reports.conftest import add_picture

REVIEWER_GETS = [
    ("reports:report", {}, "?year=2021"),
    ("reports:report", {}, "?year=2021&status=all"),
    ("reports:regional_text", {"year": 2021, "section": "0-priorities"}, ""),
    ("reports:regional_events", {"year": 2021}, ""),
    ("reports:xlsx", {}, "?year=2021"),
    ("reports:docx", {}, "?year=2021"),
    ("reports:csv", {"key": "main_indicators"}, "?year=2021"),
    ("reports:breakdown", {"code": "users.active"}, "?year=2021"),
    ("reports:breakdown", {"code": "derived.coverage_pct"}, "?year=2021&sort=-value"),
]


@pytest.fixture
def published(region, methodologist, network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the PDF job runs on commit
        return report_publish(region=region, year=2021, user=methodologist)


def _url(name, kwargs, query):
    return reverse(name, kwargs=kwargs) + query


@pytest.mark.parametrize(("name", "kwargs", "query"), REVIEWER_GETS)
def test_reviewer_views(client_for, name, kwargs, query, network, librarian, municipality,
                        methodologist, admin_user):
    url = _url(name, kwargs, query)
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]
    assert client_for(librarian).get(url).status_code == 403
    assert client_for(municipality).get(url).status_code == 403
    assert client_for(methodologist).get(url).status_code == 200
    assert client_for(admin_user).get(url).status_code == 200


@pytest.mark.parametrize("name", ["reports:published", "reports:published_detail",
                                  "reports:pdf_status", "reports:pdf_download"])
def test_published_views_are_open_to_the_municipality(client_for, name, published, librarian,
                                                      municipality, methodologist):
    kwargs = {} if name == "reports:published" else {
        "pk": published.pk if name == "reports:published_detail" else published.pdf_job.pk}
    url = reverse(name, kwargs=kwargs)
    assert client_for(None).get(url).status_code == 302
    assert client_for(librarian).get(url).status_code == 403
    assert client_for(municipality).get(url).status_code == 200
    assert client_for(methodologist).get(url).status_code == 200


def test_published_exports_are_open_to_the_municipality(client_for, published, municipality):
    client = client_for(municipality)
    response = client.get(reverse("reports:xlsx") + f"?published={published.pk}")
    assert response.status_code == 200
    assert client.get(reverse("reports:csv", kwargs={"key": "projects"})
                      + f"?published={published.pk}").status_code == 200


def test_municipality_cannot_see_a_live_pdf_job(client_for, region, methodologist,
                                               municipality, network):
    client_for(methodologist).post(reverse("reports:pdf_start"), {"year": 2021})
    job = PdfJob.objects.get()
    assert client_for(municipality).get(
        reverse("reports:pdf_status", kwargs={"pk": job.pk})).status_code == 403


def test_the_pdf_status_page_polls_politely_without_meta_refresh(client_for, methodologist,
                                                                 network):
    """A static script follows the job (no meta refresh); without it, a "Refresh" link."""
    client_for(methodologist).post(reverse("reports:pdf_start"), {"year": 2021})
    job = PdfJob.objects.get()  # queued: the task runs on commit, which tests never reach
    url = reverse("reports:pdf_status", kwargs={"pk": job.pk})
    html = client_for(methodologist).get(url).content.decode()
    assert 'http-equiv="refresh"' not in html
    assert "js/pdf-status.js" in html
    assert f'href="{url}" data-refresh-link' in html
    assert 'data-finished="false"' in html
    assert "<script>" not in html and " onclick=" not in html
    job.state = "done"
    job.save(update_fields=["state"])
    html = client_for(methodologist).get(url).content.decode()
    assert "js/pdf-status.js" not in html
    assert 'data-finished="true"' in html


def test_pdf_start_download(client_for, methodologist, librarian, municipality, network,
                            real_pdf, django_capture_on_commit_callbacks):
    url = reverse("reports:pdf_start")
    assert client_for(None).post(url, {"year": 2021}).status_code == 302
    assert client_for(librarian).post(url, {"year": 2021}).status_code == 403
    assert client_for(municipality).post(url, {"year": 2021}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(methodologist).post(url, {"year": 2021, "status": "all"})
    job = PdfJob.objects.get()
    assert response["Location"] == reverse("reports:pdf_status", kwargs={"pk": job.pk})
    assert job.scope == "all"
    status = client_for(methodologist).get(response["Location"])
    assert b"pdf_download" not in status.content
    assert reverse("reports:pdf_download", kwargs={"pk": job.pk}).encode() in status.content
    download = client_for(methodologist).get(reverse("reports:pdf_download",
                                                     kwargs={"pk": job.pk}))
    assert b"".join(download.streaming_content)[:4] == b"%PDF"
    # Latvian/neutral file name: "-nav-galigs" when not-accepted submissions are included.
    assert 'filename="rezeknes-novads-2021-nav-galigs.pdf"' in download["Content-Disposition"]


def test_publish_view(client_for, methodologist, municipality, librarian, network):
    url = reverse("reports:publish", kwargs={"year": 2021})
    assert client_for(None).post(url).status_code == 302
    assert client_for(librarian).post(url).status_code == 403
    assert client_for(municipality).post(url).status_code == 403
    response = client_for(methodologist).post(url, {"note": "Pirmā versija"})
    assert response.status_code == 302
    listing = client_for(municipality).get(reverse("reports:published"))
    assert "Pirmā versija" in listing.content.decode()


def test_publishing_twice_without_changes_gives_one_version(client_for, region,
                                                            methodologist, network):
    """A double click: the second request is refused with a message, not a new version."""
    from reports.models import PublishedReport
    from tests.factories import set_values

    client = client_for(methodologist)
    url = reverse("reports:publish", kwargs={"year": 2021})
    first = client.post(url)
    second = client.post(url, follow=True)
    versions = PublishedReport.objects.filter(region=region, year=2021)
    assert versions.count() == 1
    only = versions.get()
    assert first["Location"] == reverse("reports:published_detail", kwargs={"pk": only.pk})
    assert second.redirect_chain[-1][0] == first["Location"]
    html = second.content.decode()
    assert "Kopš 1. versijas nekas nav mainījies; jauna versija nav vajadzīga." in html
    # A correction in between: a second version, and the message names it.
    set_values(Submission.objects.get(library=network[0], year__year=2021),
               **{"users.active": 1000})
    third = client.post(url, follow=True)
    assert versions.count() == 2
    assert "2. versija" in third.content.decode()
    assert "nekas nav mainījies" not in third.content.decode()


def test_publish_button_disables_itself(client_for, methodologist, network):
    html = client_for(methodologist).get(reverse("reports:report"), {"year": 2021}
                                         ).content.decode()
    form = re.search(r'<form[^>]*class="publish-form"[^>]*>', html).group(0)
    assert "data-submit-once" in form
    assert "js/publish.js" in html


def test_region_tables_show_the_municipality_published_figures_only(
        client_for, methodologist, municipality, network, region):
    url = reverse("reports:region_tables") + "?year=2021"
    response = client_for(municipality).get(url)
    assert response.status_code == 200
    assert response.context["data"] is None
    report_publish(region=region, year=2021, user=methodologist)
    Submission.objects.filter(library=network[0], year__year=2021).update(status="submitted")
    response = client_for(municipality).get(url + "&status=all")
    data = response.context["data"]
    assert data.is_final
    assert data.library_counts[-1] == 5
    assert client_for(methodologist).get(url).context["data"].library_counts[-1] == 4


def test_regional_text_editor_inserts_a_quote_and_saves(client_for, methodologist, network,
                                                        region):
    submission = Submission.objects.get(library=network[0], year__year=2021)
    text = ChapterText.objects.get(submission=submission)
    section = text.section
    url = reverse("reports:regional_text", kwargs={"year": 2021, "section": section.code})
    client = client_for(methodologist)
    response = client.post(url, {"html": "<p>Ievads</p>", "quote": str(text.pk)})
    html = response.context["form"].initial["html"]
    assert html.startswith("<p>Ievads</p>")
    assert attribution(network[0].name) in html
    assert "<blockquote><p>Teksts</p>" in html
    assert RegionalText.objects.count() == 0
    response = client.post(url, {"html": html + '<p onclick="x">Beigas</p>', "save": "1"})
    assert response.status_code == 302
    saved = RegionalText.objects.get()
    assert "onclick" not in saved.html
    assert "blockquote" in saved.html


def test_chapter_12_has_no_library_texts(client_for, methodologist, network):
    section = Section.objects.filter(chapter__number=12).first()
    response = client_for(methodologist).get(
        reverse("reports:regional_text", kwargs={"year": 2021, "section": section.code}))
    assert response.context["library_texts"] == []


def test_regional_events_add_edit_delete(client_for, methodologist, municipality, network):
    client = client_for(methodologist)
    url = reverse("reports:regional_events", kwargs={"year": 2021})
    response = client.post(url, {"date_from": "2021-03-31", "title": "Seminārs",
                                 "organiser": "RCB", "place": "MS Teams",
                                 "participants": 31, "hours": "5"})
    assert response.status_code == 302
    event = RegionalEvent.objects.get()
    edit = reverse("reports:regional_event_edit", kwargs={"pk": event.pk})
    delete = reverse("reports:regional_event_delete", kwargs={"pk": event.pk})
    assert client_for(municipality).get(edit).status_code == 403
    assert client_for(municipality).post(delete).status_code == 403
    assert client.get(edit).status_code == 200
    client.post(edit, {"date_from": "2021-03-31", "title": "Seminārs 2", "participants": 30,
                       "hours": "5"})
    event.refresh_from_db()
    assert event.title == "Seminārs 2"
    report = client.get(reverse("reports:report") + "?year=2021")
    assert "Seminārs 2" in report.content.decode()
    client.post(delete)
    assert not RegionalEvent.objects.exists()


def test_xlsx_keeps_formula_like_text_as_text(client_for, methodologist, network):
    Project.objects.filter(pk=Project.objects.first().pk).update(title="=cmd|' /C calc'!A0")
    response = client_for(methodologist).get(reverse("reports:xlsx") + "?year=2021")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Projektu apkopojums"]
    titles = [sheet.cell(row=row, column=2) for row in range(4, sheet.max_row + 1)]
    formula = next(cell for cell in titles if str(cell.value).startswith("=cmd"))
    assert formula.data_type == "s"
    amounts = [sheet.cell(row=row, column=4).value for row in range(4, sheet.max_row + 1)]
    assert all(isinstance(amount, int | float) for amount in amounts)


def test_csv_escapes_formula_like_text(client_for, methodologist, network):
    Project.objects.filter(pk=Project.objects.first().pk).update(title="=1+2")
    response = client_for(methodologist).get(
        reverse("reports:csv", kwargs={"key": "projects"}) + "?year=2021")
    assert "'=1+2" in response.content.decode("utf-8-sig")
    unknown = client_for(methodologist).get(reverse("reports:csv", kwargs={"key": "nope"}))
    assert unknown.status_code == 404


def test_breakdown_shares_and_latvian_order(client_for, methodologist, network):
    response = client_for(methodologist).get(
        reverse("reports:breakdown", kwargs={"code": "users.active"}) + "?year=2021")
    result = response.context["result"]
    assert [row.library for row in result.rows] == sorted(row.library for row in result.rows)
    assert sum(row.share for row in result.rows) == pytest.approx(100, abs=0.5)
    assert result.total == sum(row.value for row in result.rows)


def test_unknown_section_or_published_version_is_404(client_for, methodologist, municipality,
                                                     network):
    assert client_for(methodologist).get(reverse(
        "reports:regional_text", kwargs={"year": 2021, "section": "nope"})).status_code == 404
    assert client_for(municipality).get(reverse(
        "reports:published_detail", kwargs={"pk": 999})).status_code == 404


def test_appendix_pictures_are_served_only_through_access_checked_views(
        client_for, region, methodologist, municipality, librarian, network):
    submission = Submission.objects.get(library=network[0], year__year=2021)
    picture = add_picture(submission, caption="Lasītāju aptaujas rezultāti")
    live = client_for(methodologist).get(reverse("reports:report") + "?year=2021")
    html = live.content.decode()
    own_view = reverse("entry:picture",
                       kwargs={"pk": submission.pk, "picture_pk": picture.pk})
    assert f'src="{own_view}"' in html
    assert f"Lasītāju aptaujas rezultāti ({network[0].name})" in html
    assert "/media/" not in html
    assert client_for(methodologist).get(own_view)["Content-Type"] == "image/png"
    assert client_for(municipality).get(own_view).status_code == 403

    published = report_publish(region=region, year=2021, user=methodologist)
    url = reverse("reports:published_picture", kwargs={"pk": published.pk, "number": 1})
    detail = client_for(municipality).get(
        reverse("reports:published_detail", kwargs={"pk": published.pk}))
    assert f'src="{url}"' in detail.content.decode()
    assert client_for(None).get(url).status_code == 302
    assert client_for(librarian).get(url).status_code == 403
    response = client_for(municipality).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    assert client_for(methodologist).get(url).status_code == 200
    assert client_for(municipality).get(reverse(
        "reports:published_picture", kwargs={"pk": published.pk, "number": 2})).status_code == 404


def test_regional_text_editor_offers_the_quote_to_the_script(client_for, methodologist, network):
    submission = Submission.objects.get(library=network[0], year__year=2021)
    text = ChapterText.objects.get(submission=submission)
    response = client_for(methodologist).get(reverse(
        "reports:regional_text", kwargs={"year": 2021, "section": text.section.code}))
    html = response.content.decode()
    assert "js/regional-text.js" in html
    assert 'data-quote="&lt;blockquote&gt;&lt;p&gt;Teksts&lt;/p&gt;' in html
    assert attribution(network[0].name) in html


def test_download_names_are_latvian_or_neutral(client_for, methodologist, published, network):
    client = client_for(methodologist)

    def name(url):
        response = client.get(url)
        assert response.status_code == 200
        return response["Content-Disposition"].split('filename="', 1)[1].rstrip('"')

    assert name(reverse("reports:xlsx") + "?year=2021") == "rezeknes-novads-2021.xlsx"
    assert name(reverse("reports:xlsx") + "?year=2021&status=all") == (
        "rezeknes-novads-2021-nav-galigs.xlsx")
    assert name(reverse("reports:xlsx") + f"?published={published.pk}") == (
        "rezeknes-novads-2021-v1.xlsx")
    assert name(reverse("reports:csv", kwargs={"key": "expenses"}) + "?year=2021") == (
        "rezeknes-novads-2021-bibliotekas-izdevumi.csv")
    download = client.get(reverse("reports:pdf_download", kwargs={"pk": published.pdf_job.pk}))
    assert 'filename="rezeknes-novads-2021-v1.pdf"' in download["Content-Disposition"]


def test_csv_is_for_latvian_excel(client_for, methodologist, network):
    """`;` between cells, decimal comma, no thousands separator, BOM; numbers unquoted."""
    response = client_for(methodologist).get(
        reverse("reports:csv", kwargs={"key": "main_indicators"}) + "?year=2021")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Rādītājs;2019;2020;2021;")
    coverage = next(line for line in lines if line.startswith("Bibliotekārais aptvērums"))
    cells = coverage.split(";")
    assert all(re.fullmatch(r"-?\d+(,\d+)?", cell) for cell in cells[1:4]), cells


def test_reports_index_lists_the_methodologists_report_pages(client_for, region, network,
                                                            librarian, municipality,
                                                            methodologist):
    url = reverse("reports:index")
    assert url == "/reports/"
    assert client_for(None).get(url).status_code == 302
    assert client_for(librarian).get(url).status_code == 403
    assert client_for(municipality).get(url)["Location"] == reverse("reports:published")
    response = client_for(methodologist).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("reports:report", "reports:region_tables", "reports:published"):
        assert reverse(name) in html
    assert "Apkopotais pārskats 2021" in html


def test_a_published_version_reads_in_english_when_english_is_chosen(
        client_for, region, methodologist, municipality, network):
    """Published in Latvian; the municipality, having chosen English, reads it in English."""
    published = report_publish(region=region, year=2021, user=methodologist, make_pdf=False)
    client = client_for(municipality)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("reports:published_detail", kwargs={"pk": published.pk})
                      ).content.decode()
    assert "Rēzeknes novads: Public libraries&#x27; annual report 2021" in html
    assert "5. Services and access" in html
    assert "Main indicators" in html  # the table's title
    assert '<th scope="row">Active users</th>' in html
    assert '<th scope="row">Aktīvo lietotāju skaits</th>' not in html
    assert "Projects" in html and "Amount (EUR)" in html
    assert "Pakalpojumu piedāvājums un pieejamība" not in html
    assert "Bibliotēkas pamatrādītāji" not in html
    latvian = client_for(municipality).get(
        reverse("reports:published_detail", kwargs={"pk": published.pk})).content.decode()
    assert "5. Pakalpojumu piedāvājums un pieejamība" in latvian
