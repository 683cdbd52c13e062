"""The librarian sees the new checks as warnings; accepted explanations teach next year."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalogue.models import Indicator
from libraries.models import Library
from quality import synthetic
from quality.selectors import region_figures
from review.services import check_accept
from review.triage import triage_queue
from submissions.models import Submission, Value
from submissions.validation import check_submission
from tests.factories import RegionFactory, librarian_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_region(db):
    data = synthetic.plant(synthetic.generate(libraries=35, seed=7), seed=7)
    region = RegionFactory(slug="drafts")
    synthetic.write(data, region, status_last="draft")
    return region, data


def test_the_librarian_must_explain_a_likely_slip(client_for, draft_region):
    _region, data = draft_region
    slug, code = data.planted["x10"]
    submission = Submission.objects.get(library__slug=slug, year__year=2022)
    slip = next(p for p in check_submission(submission) if p.code == code and p.kind == "slip")
    assert slip.blocks_submission
    assert slip.severity == "warning"

    client = client_for(librarian_of(submission.library, "slip-librarian"))
    client.cookies["django_language"] = "en"
    chapter = Indicator.objects.get(code=code).chapter.number
    page = client.get(reverse("entry:chapter", kwargs={"pk": submission.pk,
                                                            "number": chapter}))
    assert "with a typing slip undone" in page.content.decode()

    Value.objects.filter(submission=submission, indicator__code=code).update(
        explanation="Tiešām: jauna filiāle skolā.")
    assert not any(p.blocks_submission for p in check_submission(submission)
                   if p.code == code)


def test_an_accepted_level_shift_teaches_next_years_history_band(draft_region):
    region, data = draft_region
    planted_slugs = {slug for slug, _code in data.planted.values()} | set(data.events)
    library = Library.objects.filter(region=region).exclude(slug__in=planted_slugs).first()
    values = Value.objects.filter(submission__library=library, indicator__code="visits.total")
    by_year = {v.submission.year.year: v for v in values.select_related("submission__year")}
    # 2021 doubled (a new building), 2022 fell back to the old level
    by_year[2021].value = by_year[2020].value * 2
    by_year[2021].save()
    by_year[2022].value = by_year[2020].value
    by_year[2022].save()

    def history_item():
        return next((i for i in triage_queue(region, 2022) if i.library == library
                     and i.code == "visits.total" and "history" in i.kinds), None)

    assert history_item() is None  # inside the last years' band, with 2021 in it

    check_accept(submission=by_year[2021].submission,
                 indicator=Indicator.objects.get(code="visits.total"),
                 checks=[("history", by_year[2021].value)],
                 reason="Jaunā ēka: apmeklējums divkāršojās.", user=None)
    context = region_figures(region, 2022).contexts[library.pk]
    assert context.learned == {("history", "visits.total"): by_year[2021].value}
    item = history_item()
    assert item is not None and "history" in item.kinds  # the new level is the yardstick


def test_an_accepted_ratio_widens_next_years_band_for_that_library(draft_region):
    region, data = draft_region
    planted_slugs = {slug for slug, _code in data.planted.values()} | set(data.events)
    library = Library.objects.filter(region=region).exclude(slug__in=planted_slugs).last()
    visits = {v.submission.year.year: v for v in Value.objects.filter(
        submission__library=library, indicator__code="visits.total").select_related(
        "submission__year")}
    loans = {v.submission.year.year: v for v in Value.objects.filter(
        submission__library=library, indicator__code="loans.total").select_related(
        "submission__year")}
    for year in (2021, 2022):  # 7 loans per visit: above the catalogue's 6
        loans[year].value = visits[year].value * 7
        loans[year].save()

    def ratio_item():
        return next((i for i in triage_queue(region, 2022) if i.library == library
                     and i.code == "loans.total" and "ratio" in i.kinds), None)

    assert ratio_item() is not None
    check_accept(submission=loans[2021].submission,
                 indicator=Indicator.objects.get(code="loans.total"),
                 checks=[("ratio", Decimal(7))], reason="Skolas bibliotēka.", user=None)
    assert ratio_item() is None
