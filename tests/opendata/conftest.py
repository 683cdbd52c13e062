"""A published region (2019–2021), a 2022 draft full of figures, and an unpublished region."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from libraries.models import Library, Role
from reports.services import report_publish
from submissions.models import Submission
from tests.factories import (
    LibraryFactory,
    RegionFactory,
    ReportingYearFactory,
    SubmissionFactory,
    regional_user,
    set_values,
)

STUB_PDF = b"%PDF-1.4\n% stub made by tests/opendata/conftest.py\n%%EOF\n"

# Per library: (visits.total, population.total, users.active) for 2019, 2020, 2021.
FIGURES = {
    "audrinu": {2019: (3100, 1200, 260), 2020: (2400, 1180, 250), 2021: (2950, 1150, 255)},
    "maltas": {2019: (6500, 2500, 700), 2020: (5000, 2480, 690), 2021: (1234, 2460, 640)},
    "viljanu": {2019: (9000, 3000, 900), 2020: (7000, 2950, 880), 2021: (8100, 2900, 870)},
}
NAMES = {"audrinu": "Audriņu pagasta bibliotēka", "maltas": "Maltas pagasta bibliotēka",
         "viljanu": "Viļānu pilsētas bibliotēka"}
DRAFT_2022 = 987_654  # visits.total of every library's 2022 draft: must never be served


@pytest.fixture(autouse=True)
def _fast_pdf_and_fresh_throttle(monkeypatch):
    monkeypatch.setattr("reports.tasks.html_to_pdf", lambda html: STUB_PDF)
    cache.clear()  # (the rate limit counts in the database: each test's rows roll back)
    yield
    cache.clear()


@dataclass
class Network:
    region: object
    other_region: object
    libraries: dict[str, Library]
    methodologist: object
    published: object  # the 2021 PublishedReport


def _figures(submission, visits, population, users):
    set_values(submission, **{
        "visits.total": visits, "population.total": population, "users.active": users,
        "loans.total": users * 20, "loans.books": users * 15,
        "collection.stock.books": 5000, "accredited": 1,
    })


@pytest.fixture
def network(db):
    region = RegionFactory(name="Rēzeknes novads", slug="rezeknes-novads")
    libraries = {slug: LibraryFactory(region=region, slug=slug, name=NAMES[slug],
                                      kind="town" if slug == "viljanu" else "parish")
                 for slug in FIGURES}
    years = {year: ReportingYearFactory(region=region, year=year, is_open=False)
             for year in (2019, 2020, 2021)}
    for slug, by_year in FIGURES.items():
        for year, figures in by_year.items():
            submission = SubmissionFactory(library=libraries[slug], year=years[year],
                                           status=Submission.Status.ACCEPTED)
            _figures(submission, *figures)
    # 2022: drafts and a submitted report full of figures, nothing accepted or published.
    open_year = ReportingYearFactory(region=region, year=2022, is_open=True)
    for index, library in enumerate(libraries.values()):
        status = Submission.Status.SUBMITTED if index == 0 else Submission.Status.DRAFT
        _figures(SubmissionFactory(library=library, year=open_year, status=status),
                 DRAFT_2022, 1000, 500)
    # Another region: 2021 accepted, never published.
    other_region = RegionFactory(name="Sintētiskais novads", slug="sintetiskais-novads")
    hidden = LibraryFactory(region=other_region, slug="sintetiska", name="Sintētiskā bibliotēka")
    other_2021 = ReportingYearFactory(region=other_region, year=2021, is_open=False)
    _figures(SubmissionFactory(library=hidden, year=other_2021,
                               status=Submission.Status.ACCEPTED), 55555, 5000, 500)
    methodologist = regional_user(region, Role.METHODOLOGIST, "metodikis")
    published = report_publish(region=region, year=2021, user=methodologist)
    return Network(region=region, other_region=other_region, libraries=libraries,
                   methodologist=methodologist, published=published)
