"""Issue 22, item 13: the municipality's region tables open on the newest published year,
and the list of published versions links each version's PDF in the reader's language,
or offers to make it."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from reports.models import JobState, PdfJob
from reports.services import report_publish
from tests.factories import ReportingYearFactory

pytestmark = pytest.mark.django_db

TABLES = reverse("reports:region_tables")
LISTING = reverse("reports:published")
NOT_PUBLISHED = "No report has been published for this year yet."


@pytest.fixture(autouse=True)
def _latvian_afterwards():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def published_2021(region, methodologist, network):
    """2021 published; 2022 closed (the newest closed year) but not published yet."""
    version = report_publish(region=region, year=2021, user=methodologist, make_pdf=False)
    ReportingYearFactory(region=region, year=2022, is_open=False)
    return version


def test_the_municipality_opens_the_tables_on_the_newest_published_year(
        client_for, municipality, published_2021):
    response = english(client_for(municipality)).get(TABLES)
    assert response.context["year"] == 2021
    assert response.context["published"] == published_2021
    assert response.context["data"] is not None
    page = response.content.decode()
    assert NOT_PUBLISHED not in page
    assert "Figures of the published report, version 1" in page
    # a year chosen is still shown, with what it lacks
    chosen = english(client_for(municipality)).get(TABLES + "?year=2022")
    assert chosen.context["year"] == 2022 and chosen.context["data"] is None
    assert NOT_PUBLISHED in chosen.content.decode()


def test_the_methodologist_still_opens_on_the_newest_closed_year(client_for, methodologist,
                                                                 published_2021):
    response = client_for(methodologist).get(TABLES)
    assert response.context["year"] == 2022
    assert response.context["published"] is None  # live figures, not a published version


def test_nothing_published_falls_back_to_the_newest_closed_year(client_for, municipality,
                                                                 network):
    response = client_for(municipality).get(TABLES)
    assert response.status_code == 200
    assert response.context["year"] == 2021 and response.context["data"] is None


def test_the_list_offers_to_make_the_pdf_then_links_it(
        client_for, municipality, published_2021, django_capture_on_commit_callbacks):
    reader = english(client_for(municipality))
    page = reader.get(LISTING).content.decode()
    assert "Make the PDF" in page
    assert f'name="published" value="{published_2021.pk}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = reader.post(reverse("reports:pdf_start"), {"published": published_2021.pk})
    job = PdfJob.objects.get()
    assert response.status_code == 302 and job.state == JobState.DONE and job.language == "en"
    page = reader.get(LISTING).content.decode()
    download = reverse("reports:pdf_download", kwargs={"pk": job.pk})
    assert f'href="{download}"' in page and "Make the PDF" not in page
    # the Latvian reader has no Latvian file yet: offered to make it, not the English one
    latvian = client_for(municipality).get(LISTING).content.decode()
    assert download not in latvian and "Izveidot PDF" in latvian


def test_a_pdf_being_made_links_its_progress(client_for, municipality, published_2021):
    job = PdfJob.objects.create(region=published_2021.region, year=2021,
                                published=published_2021, language="lv",
                                state=JobState.RUNNING)
    page = client_for(municipality).get(LISTING).content.decode()
    assert reverse("reports:pdf_status", kwargs={"pk": job.pk}) in page
    assert reverse("reports:pdf_download", kwargs={"pk": job.pk}) not in page
