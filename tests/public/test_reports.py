"""Issue 20: a published version of a region's report is readable by anyone at its public
address (its page and its PDF) while the region's public pages are on; nothing else is."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from reports.models import JobState, PdfJob
from reports.services import report_publish
from tests.opendata.conftest import STUB_PDF
from tests.public.conftest import DRAFT_2022

pytestmark = pytest.mark.django_db

PAGE = "/regions/rezeknes-novads/reports/2021/v1/"
PDF = PAGE + "report.pdf"


def _done_pdf(published, language="lv"):
    job = PdfJob.objects.create(region=published.region, year=published.year,
                                published=published, language=language,
                                state=JobState.DONE)
    job.file.save("report.pdf", ContentFile(STUB_PDF))
    return job


def test_anyone_reads_a_published_version_without_a_cookie(network):
    response = Client().get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rēzeknes novads" in page and "12\xa0284" in page  # the 2021 visits, frozen
    assert str(DRAFT_2022) not in page and "987\xa0654" not in page
    assert 'href="/regions/rezeknes-novads/reports/2021/v1/report.pdf"' in page
    assert not response.cookies
    assert "/login/" not in page and "csrfmiddlewaretoken" not in page
    english = Client().get(PAGE + "?lang=en")
    assert english.status_code == 200 and english["Content-Language"] == "en"
    assert 'lang="en"' in english.content.decode()


def test_the_pdf_is_the_one_the_worker_made(network):
    PdfJob.objects.filter(published=network.published).delete()
    _done_pdf(network.published)
    response = Client().get(PDF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == STUB_PDF
    assert not response.cookies


def test_a_pdf_not_made_yet_is_asked_for_once(network, django_capture_on_commit_callbacks):
    PdfJob.objects.filter(published=network.published).delete()
    with django_capture_on_commit_callbacks(execute=False):
        waiting = Client().get(PDF + "?lang=en")
        again = Client().get(PDF + "?lang=en")
    assert (waiting.status_code, again.status_code) == (503, 503)
    assert waiting["Retry-After"] and "The PDF is being made" in waiting.content.decode()
    assert PdfJob.objects.filter(published=network.published, language="en").count() == 1
    PdfJob.objects.filter(published=network.published).update(state=JobState.FAILED)
    assert Client().get(PDF + "?lang=en").status_code == 503  # not retried from here
    assert PdfJob.objects.filter(published=network.published, language="en").count() == 1


def test_what_was_never_published_has_no_address(network):
    client = Client()
    for url in ("/regions/rezeknes-novads/reports/2022/v1/",  # the 2022 drafts
                "/regions/rezeknes-novads/reports/2022/v1/report.pdf",
                "/regions/rezeknes-novads/reports/2021/v2/",  # no second version
                "/regions/sintetiskais-novads/reports/2021/v1/",  # accepted, unpublished
                "/regions/sintetiskais-novads/reports/2021/v1/report.pdf",
                "/regions/nav-tada/reports/2021/v1/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert not response.cookies
    assert not PdfJob.objects.filter(year=2022).exists()


def test_nothing_is_public_when_the_region_switched_its_pages_off(network):
    _done_pdf(network.published)
    network.region.public_pages = False
    network.region.save(update_fields=["public_pages"])
    for url in (PAGE, PDF, PAGE + "pictures/1/"):
        assert Client().get(url).status_code == 404, url


def test_another_regions_published_version_is_its_own(network):
    """The other region publishes: its version is public at its own address, never at
    this region's."""
    from libraries.models import Role
    from tests.factories import regional_user

    report_publish(region=network.other_region, year=2021, make_pdf=False,
                   user=regional_user(network.other_region, Role.METHODOLOGIST, "cits"))
    assert Client().get("/regions/sintetiskais-novads/reports/2021/v1/").status_code == 200
    page = Client().get(PAGE).content.decode()
    assert "55\xa0555" not in page  # the other region's visits


def test_the_library_and_region_pages_link_to_the_versions(network):
    for url in ("/libraries/maltas/", "/regions/rezeknes-novads/"):
        page = Client().get(url).content.decode()
        assert f'href="{PAGE}"' in page, url
        assert f'href="{PDF}"' in page, url
    english = Client().get("/libraries/maltas/?lang=en").content.decode()
    assert f'href="{PAGE}?lang=en"' in english


def test_a_304_for_an_unchanged_version(network):
    client = Client()
    first = client.get(PAGE)
    assert client.get(PAGE, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(PAGE + "?lang=en", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
