import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from catalogue.models import Chapter, Indicator, Section
from libraries.models import Library
from submissions.models import ChapterText, Picture, Project, Submission, TrainingEvent, Value
from tests.factories import ReportingYearFactory

CODES = ("users.active", "population.total", "visits.total", "loans.total",
         "access.reduced_mobility", "accredited")


def make_network(region, count: int, years=(2019, 2020, 2021), status="accepted",
                 start: int = 0):
    """`count` libraries with accepted submissions, a few figures, lists and texts (bulk).

    `start` numbers the libraries from there, to add more to a region made before.
    """
    libraries = Library.objects.bulk_create(
        [Library(region=region, name=f"Bibliotēka {region.slug} {n:04d}",
                 slug=f"{region.slug}-lib-{n}", parish=f"Pagasts {n}")
         for n in range(start, start + count)])
    indicators = Indicator.objects.in_bulk(list(CODES), field_name="code")
    section = Section.objects.order_by("pk").first()
    for year in years:
        reporting_year = ReportingYearFactory(region=region, year=year, is_open=False)
        submissions = Submission.objects.bulk_create(
            [Submission(library=library, year=reporting_year, status=status)
             for library in libraries])
        Value.objects.bulk_create(
            [Value(submission=submission, indicator=indicators[code],
                   value=Decimal(index % 2 if indicators[code].is_bool else 10 + index))
             for index, submission in enumerate(submissions) for code in CODES],
            batch_size=2000)
        if year == years[-1]:
            TrainingEvent.objects.bulk_create(
                [TrainingEvent(submission=submission, date_from=date(year, 3, 1),
                               title="Seminārs", organiser="LNB", hours=Decimal(4),
                               participants=1) for submission in submissions])
            Project.objects.bulk_create(
                [Project(submission=submission, title=f"Projekts {n}", funders="VKKF",
                         amount=Decimal(100)) for n, submission in enumerate(submissions)])
            ChapterText.objects.bulk_create(
                [ChapterText(submission=submission, section=section, html="<p>Teksts</p>")
                 for submission in submissions])
    return libraries


@pytest.fixture
def network(region):
    return make_network(region, 5)


# Publishing and "Make the PDF" run the PDF job at once (the immediate tasks backend in
# the test settings), and WeasyPrint takes seconds per report. Tests that do not look at
# the PDF get this stub instead (the job still runs: report, print HTML, file, states).
STUB_PDF = b"%PDF-1.4\n% stub made by tests/reports/conftest.py\n%%EOF\n"


@pytest.fixture(autouse=True)
def _stub_pdf_rendering(request, monkeypatch):
    if "real_pdf" in request.fixturenames:
        return
    monkeypatch.setattr("reports.tasks.html_to_pdf", lambda html: STUB_PDF)


@pytest.fixture
def rendered(monkeypatch):
    """The print HTML each job rendered, in order (the PDF itself is the stub: WeasyPrint
    is slow)."""
    pages = []

    def fake(html):
        pages.append(html)
        return STUB_PDF

    monkeypatch.setattr("reports.tasks.html_to_pdf", fake)
    return pages


@pytest.fixture
def real_pdf():
    """Ask for this fixture to have the PDF job render a real PDF with WeasyPrint."""
    return True


def png_bytes(size=(120, 80), colour=(39, 96, 165)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def add_picture(submission, *, caption: str, chapter: int = 5, name: str = "aptauja.png"):
    """An appendix picture on `submission` (a small PNG in the test MEDIA_ROOT)."""
    picture = Picture(submission=submission, chapter=Chapter.objects.get(number=chapter),
                      caption=caption)
    picture.image.save(name, ContentFile(png_bytes()), save=True)
    return picture
