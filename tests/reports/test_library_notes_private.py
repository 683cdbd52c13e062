"""A library's own notes never leave the library and its methodologist (issue 21 item 6):
not in the consolidated report, its XLSX / DOCX / CSV / JSON exports, the published
version, the library's workbook, nor the open data."""

import io
import zipfile

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from catalogue.models import Chapter, Indicator
from reports.consolidated import build_report
from reports.services import report_publish
from submissions.models import LibraryNote, Submission
from tests.reports.conftest import make_network

SECRET = "Privāta piezīme 7Q4Z: skaitīts pēc Facebook"


@pytest.fixture
def noted(region, methodologist, django_capture_on_commit_callbacks):
    """Three libraries, 2019–2021 accepted; the first keeps notes on 2021 figures and a
    chapter (and one on 2020) before the 2021 report is published."""
    libraries = make_network(region, 3)
    visits = Indicator.objects.get(code="visits.total")
    for code, year in (("visits.total", 2021), ("users.active", 2021), ("loans.total", 2020)):
        LibraryNote.objects.create(library=libraries[0], year=year, text=SECRET,
                                   indicator=Indicator.objects.get(code=code))
    LibraryNote.objects.create(library=libraries[0], year=2021, text=SECRET,
                               chapter=Chapter.objects.get(pk=visits.chapter_id))
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        published = report_publish(region=region, year=2021, user=methodologist)
    return libraries, published


def _unzipped(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(name).decode("utf-8", "replace")
                       for name in archive.namelist())


def _body(response) -> str:
    assert response.status_code == 200, response
    content = (b"".join(response.streaming_content) if response.streaming
               else response.content)
    if content[:2] == b"PK":
        return _unzipped(content)
    return content.decode("utf-8", "replace")


def test_a_note_is_in_no_report_and_no_export(client_for, methodologist, noted):
    libraries, published = noted
    client = client_for(methodologist)
    pages = [
        reverse("reports:report") + "?year=2021",
        reverse("reports:report") + "?year=2021&status=all",
        reverse("reports:region_tables") + "?year=2021",
        reverse("reports:published_detail", kwargs={"pk": published.pk}),
        reverse("reports:xlsx") + "?year=2021",
        reverse("reports:xlsx") + f"?published={published.pk}",
        reverse("reports:docx") + "?year=2021",
        reverse("reports:breakdown", kwargs={"code": "visits.total"}) + "?year=2021",
    ]
    pages += [reverse("reports:csv", kwargs={"key": table.key}) + "?year=2021"
              for table in build_report(libraries[0].region, 2021).all_tables()]
    assert len(pages) > 10
    for url in pages:
        assert SECRET not in _body(client.get(url)), url

    out = io.StringIO()
    call_command("export_report", year=2021, format="json", stdout=out)
    assert out.getvalue().strip() and SECRET not in out.getvalue()
    assert SECRET not in str(published.snapshot)

    # the library's own workbook of the year holds its figures, not its notes
    submission = Submission.objects.get(library=libraries[0], year__year=2021)
    assert SECRET not in _body(client.get(
        reverse("workbooks:download", kwargs={"pk": submission.pk})))


def test_a_note_is_not_in_the_open_data(client, noted):
    urls = ["/api/v1/values?year_from=2019", "/api/v1/values?year_from=2019&format=csv",
            "/api/v1/libraries", "/api/v1/reports", "/api/v1/indicators",
            "/api/v1/packages/2021.zip", "/data/"]
    for url in urls:
        assert SECRET not in _body(client.get(url)), url
