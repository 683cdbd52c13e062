"""Background PDFs are made in the reader's language and kept per language."""

import subprocess

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from reports.models import JobState, PdfJob
from reports.services import report_publish

START = reverse("reports:pdf_start")
ENGLISH_CHAPTER = "5. Services and access"
LATVIAN_CHAPTER = "Pakalpojumu piedāvājums un pieejamība"


@pytest.fixture(autouse=True)
def _latvian_afterwards():
    """An English request leaves English active in the thread: later tests expect Latvian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def english(client):
    client.cookies["django_language"] = "en"
    return client


def post(client, capture, data):
    with capture(execute=True):
        return client.post(START, data)


def test_an_english_request_yields_an_english_pdf_and_latvian_stays_latvian(
        client_for, methodologist, network, rendered, django_capture_on_commit_callbacks):
    post(english(client_for(methodologist)), django_capture_on_commit_callbacks,
         {"year": 2021})
    post(client_for(methodologist), django_capture_on_commit_callbacks, {"year": 2021})
    english_job, latvian_job = PdfJob.objects.order_by("pk")
    assert (english_job.language, latvian_job.language) == ("en", "lv")
    assert english_job.state == latvian_job.state == JobState.DONE
    english_html, latvian_html = rendered
    assert ENGLISH_CHAPTER in english_html and LATVIAN_CHAPTER not in english_html
    assert 'lang="en"' in english_html
    assert LATVIAN_CHAPTER in latvian_html and ENGLISH_CHAPTER not in latvian_html
    names = [client_for(methodologist).get(reverse("reports:pdf_download", kwargs={
        "pk": job.pk}))["Content-Disposition"] for job in (english_job, latvian_job)]
    assert 'filename="rezeknes-novads-2021-en.pdf"' in names[0]
    assert 'filename="rezeknes-novads-2021.pdf"' in names[1]


def test_a_published_versions_pdf_is_kept_per_language(
        client_for, region, methodologist, municipality, network, rendered,
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        published = report_publish(region=region, year=2021, user=methodologist)
    latvian_job = PdfJob.objects.get()  # publishing made the Latvian one
    assert latvian_job.language == "lv" and LATVIAN_CHAPTER in rendered[0]
    detail = reverse("reports:published_detail", kwargs={"pk": published.pk})
    reader = english(client_for(municipality))
    page = reader.get(detail).content.decode()
    # the English reader is not offered the Latvian file
    assert reverse("reports:pdf_download", kwargs={"pk": latvian_job.pk}) not in page
    assert "Make the PDF" in page
    response = post(reader, django_capture_on_commit_callbacks,
                    {"published": published.pk})
    english_job = PdfJob.objects.exclude(pk=latvian_job.pk).get()
    assert response["Location"] == reverse("reports:pdf_status", kwargs={"pk": english_job.pk})
    assert english_job.language == "en" and english_job.published == published
    assert ENGLISH_CHAPTER in rendered[1] and LATVIAN_CHAPTER not in rendered[1]
    page = reader.get(detail).content.decode()
    assert reverse("reports:pdf_download", kwargs={"pk": english_job.pk}) in page
    # asked again in either language: the file made is reused
    again = post(reader, django_capture_on_commit_callbacks, {"published": published.pk})
    assert again["Location"] == response["Location"]
    latvian = post(client_for(municipality), django_capture_on_commit_callbacks,
                   {"published": published.pk})
    assert latvian["Location"] == reverse("reports:pdf_status", kwargs={"pk": latvian_job.pk})
    assert PdfJob.objects.count() == 2 and len(rendered) == 2
    latvian_page = client_for(municipality).get(detail).content.decode()
    assert reverse("reports:pdf_download", kwargs={"pk": latvian_job.pk}) in latvian_page
    # the published list shows each reader the job of their language
    listing = reader.get(reverse("reports:published")).content.decode()
    assert reverse("reports:pdf_download", kwargs={"pk": english_job.pk}) in listing
    assert reverse("reports:pdf_download", kwargs={"pk": latvian_job.pk}) not in listing


def test_the_english_pdf_reads_english(client_for, methodologist, network, real_pdf,
                                       django_capture_on_commit_callbacks):
    post(english(client_for(methodologist)), django_capture_on_commit_callbacks,
         {"year": 2021})
    job = PdfJob.objects.get()
    assert job.state == JobState.DONE, job.error
    text = subprocess.run(["pdftotext", "-", "-"], input=job.file.read(),  # noqa: S607
                          capture_output=True, check=True).stdout.decode()
    assert "Services and access" in text
    assert LATVIAN_CHAPTER not in text
    # the page footer too: "Page 2 of N", not the Latvian "2. lpp. no N"
    assert "Page 2 of " in text and "lpp. no" not in text
