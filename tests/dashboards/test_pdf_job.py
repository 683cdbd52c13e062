"""The dashboard's PDF is a background job like the report's: the request only queues it,
the job renders in the reader's language, and only who may read those figures follows or
downloads it."""

import re
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from libraries.models import Role
from reports.models import JobState, PdfJob
from tests.dashboards.test_views import publish, published_snapshot
from tests.factories import RegionFactory, regional_user

PDF = reverse("dashboards:dashboard_pdf")


@pytest.fixture(autouse=True)
def _latvian_afterwards():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def small(region, network):
    return network(region, libraries=4, years=[2020, 2021])


@pytest.fixture
def published(region, small):
    figures, libraries = published_snapshot([library.slug for library in small],
                                            {2020: 4000, 2021: 3000})
    return publish(region, 2021, figures, libraries)


@pytest.fixture
def rendered(monkeypatch):
    pages = []

    def fake(html, **options):
        pages.append(html)
        return b"%PDF-1.7 stub"

    monkeypatch.setattr("reports.tasks.html_to_pdf", fake)
    return pages


def status(job):
    return reverse("reports:pdf_status", kwargs={"pk": job.pk})


def download(job):
    return reverse("reports:pdf_download", kwargs={"pk": job.pk})


def test_the_request_only_queues_the_job(client_for, municipality, published, monkeypatch):
    def no_rendering(*args, **kwargs):
        raise AssertionError("the request rendered the PDF")

    monkeypatch.setattr("weasyprint.HTML", no_rendering)
    response = client_for(municipality).post(f"{PDF}?year=2021")
    job = PdfJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == status(job)
    assert (job.scope, job.year, job.region.slug, job.language) == (
        "dashboard", 2021, "rezeknes-novads", "lv")
    assert job.dashboard_source == "published"
    assert job.state == JobState.QUEUED  # the worker makes it (on commit, not here)
    page = client_for(municipality).get(status(job)).content.decode()
    assert "2021. gada informācijas paneļa PDF" in page


def test_a_get_no_longer_renders(client_for, municipality, published):
    assert client_for(municipality).get(PDF).status_code == 405
    assert not PdfJob.objects.exists()


def test_the_job_renders_in_the_readers_language(
        client_for, municipality, published, rendered, django_capture_on_commit_callbacks):
    english = client_for(municipality)
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        english.post(f"{PDF}?year=2021")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(municipality).post(f"{PDF}?year=2021")
    english_job, latvian_job = PdfJob.objects.order_by("pk")
    assert (english_job.language, latvian_job.language) == ("en", "lv")
    assert english_job.state == latvian_job.state == JobState.DONE
    english_html, latvian_html = rendered
    assert 'lang="en"' in english_html and "Key figures" in english_html
    assert 'lang="lv"' in latvian_html and "Galvenie rādītāji" in latvian_html
    assert "Published lib-0000" in latvian_html  # the published figures, not current ones
    response = client_for(municipality).get(download(english_job))
    assert response["Content-Disposition"].endswith(
        'filename="rezeknes-novads-2021-panelis-en.pdf"')


def test_the_pdf_is_tagged_with_headings(client_for, small, methodologist,
                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(methodologist).post(f"{PDF}?source=current")
    job = PdfJob.objects.get()
    assert job.state == JobState.DONE, job.error
    content = b"".join(client_for(methodologist).get(download(job)).streaming_content)
    assert content.startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", "-"], input=content,  # noqa: S607
                          capture_output=True, check=True).stdout.decode()
    assert re.search(r"Tagged:\s+yes", info)
    assert re.search(r"Title:\s+\S", info)
    structure = subprocess.run(["pdfinfo", "-struct", "-"], input=content,  # noqa: S607
                               capture_output=True, check=True).stdout.decode()
    assert "H1" in structure and "H2" in structure


def test_a_municipality_of_another_region_cannot_follow_or_fetch_it(
        client_for, municipality, published, rendered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(municipality).post(f"{PDF}?year=2021")
    job = PdfJob.objects.get()
    outsider = regional_user(RegionFactory(name="Cits novads", slug="cits"),
                             Role.MUNICIPALITY, "outsider")
    assert client_for(outsider).get(status(job)).status_code == 403
    assert client_for(outsider).get(download(job)).status_code == 403
    assert client_for(municipality).get(download(job)).status_code == 200


def test_a_dashboard_of_current_figures_is_for_the_methodologist_only(
        client_for, small, methodologist, municipality, librarian, rendered,
        django_capture_on_commit_callbacks):
    assert client_for(municipality).post(f"{PDF}?source=current").status_code == 403
    assert client_for(librarian).post(PDF).status_code == 403
    assert not PdfJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(methodologist).post(f"{PDF}?source=current")
    job = PdfJob.objects.get()
    # the municipality reads the region's published figures, not this PDF of current ones
    assert client_for(municipality).get(download(job)).status_code == 403
    assert client_for(methodologist).get(download(job)).status_code == 200


def test_anonymous_is_sent_to_login(client, published):
    response = client.post(PDF)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
