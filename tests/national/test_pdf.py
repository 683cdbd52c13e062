"""The national PDF: made on the worker in the reader's language, reused while the
published versions it is made from are unchanged, for the national level only."""

import subprocess

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from libraries.models import Library
from reports.models import JobState, PdfJob
from reports.services import report_publish
from tests.factories import librarian_of
from tests.reports.conftest import STUB_PDF

START = reverse("national:pdf_start")


def national_jobs():
    return PdfJob.objects.filter(scope="national")


@pytest.fixture
def everyone(rezekne_published, methodologist, municipality, other_methodologist,
             other_municipality, national, admin_user):
    library = Library.objects.get(slug="rezeknes-novads-lib-1")
    return {
        "librarian": librarian_of(library, "national-pdf-librarian"),
        "methodologist": methodologist, "municipality": municipality,
        "other methodologist": other_methodologist,
        "other municipality": other_municipality,
        "national": national, "admin": admin_user,
    }


REFUSED = ("librarian", "methodologist", "municipality", "other methodologist",
           "other municipality")


@pytest.fixture(autouse=True)
def _latvian_afterwards():
    """An English request leaves English active in the thread: later tests expect Latvian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def english(client):
    client.cookies["django_language"] = "en"
    return client


def start(client, capture, year=2021):
    with capture(execute=True):
        response = client.post(START, {"year": year})
    return response


def test_only_the_national_level_and_administrators_make_and_read_the_national_pdf(
        client_for, everyone, rendered, django_capture_on_commit_callbacks):
    anonymous = client_for(None).post(START, {"year": 2021})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for role in REFUSED:
        assert client_for(everyone[role]).post(START, {"year": 2021}).status_code == 403, role
    assert not national_jobs().exists()
    response = start(client_for(everyone["national"]), django_capture_on_commit_callbacks)
    job = national_jobs().get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:pdf_status", kwargs={"pk": job.pk})
    assert job.is_national and job.region is None and job.state == JobState.DONE
    status = reverse("reports:pdf_status", kwargs={"pk": job.pk})
    download = reverse("reports:pdf_download", kwargs={"pk": job.pk})
    for role in REFUSED:
        client = client_for(everyone[role])
        assert client.get(status).status_code == 403, role
        assert client.get(download).status_code == 403, role
    assert client_for(None).get(download).status_code == 302
    for role in ("national", "admin"):
        client = client_for(everyone[role])
        assert client.get(status).status_code == 200
        response = client.get(download)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == STUB_PDF
        assert 'filename="latvija-2021.pdf"' in response["Content-Disposition"]


def test_the_pdf_is_not_rendered_in_the_request_and_the_status_page_polls(
        client_for, national, rezekne_published, rendered):
    client = client_for(national)
    page = client.get(reverse("national:report") + "?year=2021").content.decode()
    assert f'action="{START}"' in page  # offers to make it
    response = client.post(START, {"year": 2021})  # the worker has not run (no commit hook)
    job = national_jobs().get()
    assert rendered == [] and job.state == JobState.QUEUED
    html = client.get(response["Location"]).content.decode()
    assert "2021. gada nacionālā pārskata PDF" in html
    assert 'http-equiv="refresh"' not in html and "js/pdf-status.js" in html
    assert 'data-finished="false"' in html
    # the report page and the old download address now lead to the job being made
    page = client.get(reverse("national:report") + "?year=2021").content.decode()
    assert reverse("reports:pdf_status", kwargs={"pk": job.pk}) in page
    old = client.get(reverse("national:report_download", kwargs={"fmt": "pdf"}) + "?year=2021")
    assert old["Location"] == reverse("reports:pdf_status", kwargs={"pk": job.pk})


def test_english_reader_gets_an_english_pdf_and_latvian_stays_latvian(
        client_for, national, rezekne_published, rendered, django_capture_on_commit_callbacks):
    start(english(client_for(national)), django_capture_on_commit_callbacks)
    start(client_for(national), django_capture_on_commit_callbacks)
    english_job, latvian_job = national_jobs().order_by("pk")
    assert (english_job.language, latvian_job.language) == ("en", "lv")
    english_html, latvian_html = rendered
    assert "Regions and their published versions" in english_html
    assert "Latvia" in english_html
    assert "Reģioni un to publicētās versijas" in latvian_html
    assert "Regions and their published versions" not in latvian_html
    download = english(client_for(national)).get(
        reverse("national:report_download", kwargs={"fmt": "pdf"}) + "?year=2021")
    assert download["Location"] == reverse("reports:pdf_download", kwargs={"pk": english_job.pk})
    response = client_for(national).get(download["Location"])
    assert 'filename="latvija-2021-en.pdf"' in response["Content-Disposition"]


def test_a_finished_pdf_is_reused_until_a_region_publishes(
        client_for, national, admin_user, rezekne_published, other_region, methodologist,
        rendered, django_capture_on_commit_callbacks):
    first = start(client_for(national), django_capture_on_commit_callbacks)
    again = start(client_for(admin_user), django_capture_on_commit_callbacks)
    assert first["Location"] == again["Location"] and national_jobs().count() == 1
    assert len(rendered) == 1
    report_publish(region=other_region, year=2021, user=None, make_pdf=False)
    page = client_for(national).get(reverse("national:report") + "?year=2021").content.decode()
    assert f'action="{START}"' in page  # the finished PDF no longer matches the figures
    newer = start(client_for(national), django_capture_on_commit_callbacks)
    assert newer["Location"] != first["Location"] and national_jobs().count() == 2
    old, new = national_jobs().order_by("pk")
    assert old.source_key != new.source_key and len(rendered) == 2


def test_a_failed_pdf_is_made_again(client_for, national, rezekne_published, monkeypatch,
                                    django_capture_on_commit_callbacks):
    def broken(html):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr("reports.tasks.html_to_pdf", broken)
    start(client_for(national), django_capture_on_commit_callbacks)
    failed = national_jobs().get()
    assert failed.state == JobState.FAILED and "fonts missing" in failed.error
    monkeypatch.setattr("reports.tasks.html_to_pdf", lambda html: STUB_PDF)
    start(client_for(national), django_capture_on_commit_callbacks)
    assert national_jobs().exclude(pk=failed.pk).get().state == JobState.DONE


def test_unknown_or_unpublished_year_is_404(client_for, national, rezekne_published):
    assert client_for(national).post(START, {"year": 2015}).status_code == 404
    assert client_for(national).post(START, {"year": "x"}).status_code == 404
    assert client_for(national).get(START).status_code == 405


def test_the_english_national_pdf_reads_english(client_for, national, rezekne_published,
                                                django_capture_on_commit_callbacks):
    start(english(client_for(national)), django_capture_on_commit_callbacks)
    job = national_jobs().get()
    assert job.state == JobState.DONE, job.error
    text = subprocess.run(["pdftotext", "-", "-"], input=job.file.read(),  # noqa: S607
                          capture_output=True, check=True).stdout.decode()
    assert "Regions and their published versions" in text
    assert "Reģioni un to publicētās versijas" not in text
