"""Fill and submit 2022 demo submissions (tests and a dev script for looking at pages).

`fill_from_last_year` copies the library's 2021 figures with a small, fixed change, so
the validation passes; `with_warning=True` makes active users jump by half, so there is a
warning, explained by the librarian.
"""

import io
from decimal import ROUND_FLOOR, Decimal

from django.core.files.base import ContentFile
from PIL import Image

from catalogue.models import Chapter, Indicator
from submissions.models import Picture, Submission, Value
from submissions.services import FigureInput, values_save_many
from submissions.workflow import submission_submit

EXPLANATION = "Pagasta skolā atvērta jauna lasītava, tāpēc pieauga lietotāju skaits."


def fill_from_last_year(submission: Submission, user, *, with_warning=False) -> Submission:
    indicators = {ind.code: ind for ind in Indicator.objects.for_region(
        submission.library.region_id).select_related("parent")}  # what its region asks
    inputs = next_year_inputs(submission, indicators, with_warning=with_warning)
    values_save_many(submission=submission, inputs=inputs, user=user, indicators=indicators)
    return submission


def next_year_inputs(submission: Submission, indicators=None, *, with_warning=False
                     ) -> dict[str, FigureInput]:
    """A plausible, submittable next year: last year's figures a little higher (the stock
    flowing), "not applicable" where last year had nothing."""
    indicators = indicators or {ind.code: ind for ind in Indicator.objects.for_region(
        submission.library.region_id).select_related("parent")}  # what its region asks
    last = dict(Value.objects.filter(
        submission__library_id=submission.library_id,
        submission__year__year=submission.year.year - 1,
    ).values_list("indicator__code", "value"))
    new: dict[str, Decimal] = {}
    inputs = {}
    for code, indicator in indicators.items():
        if indicator.is_derived or not indicator.in_force(submission.year.year):
            continue
        value = last.get(code)
        if value is None:
            inputs[code] = FigureInput(not_applicable=True)
            continue
        if indicator.kind in (Indicator.Kind.COUNT, Indicator.Kind.EUR) and value > 0:
            value = (value * Decimal("1.02")).to_integral_value(rounding=ROUND_FLOOR) + 1
        new[code] = value
    if {"collection.stock", "collection.acquired", "collection.withdrawn"} <= set(new):
        new["collection.stock"] = (last["collection.stock"] + new["collection.acquired"]
                                   - new["collection.withdrawn"])
    for code, value in new.items():
        inputs[code] = FigureInput(raw=format(Decimal(value).normalize(), "f"))
    if with_warning and "users.active" in inputs and last.get("users.active"):
        active = (last["users.active"] * Decimal("1.5")).to_integral_value()
        inputs["users.active"] = FigureInput(raw=str(active), explanation=EXPLANATION)
    return inputs


def submit_demo(submission: Submission, user, *, with_warning=False) -> Submission:
    fill_from_last_year(submission, user, with_warning=with_warning)
    return submission_submit(submission=submission, user=user)


LAST_YEAR_FIGURES = {
    "population.total": 1000, "population.children": 150,
    "users.active": 200, "users.active.children": 60,
    "visits.total": 2000, "visits.children": 500, "visits.virtual": 400,
    "loans.total": 5000, "loans.books": 2500, "loans.periodicals": 2000, "loans.children": 800,
    "collection.acquired": 500, "collection.withdrawn": 400, "collection.stock": 10000,
    "finance.expenses_total": 15000,
}


def make_last_year(library, reporting_year, figures=None, status=Submission.Status.ACCEPTED
                   ) -> Submission:
    """An earlier year's submission of the library with a few figures."""
    submission, _created = Submission.objects.get_or_create(
        library=library, year=reporting_year, defaults={"status": status})
    indicators = Indicator.objects.in_bulk(field_name="code")
    Value.objects.bulk_create([
        Value(submission=submission, indicator=indicators[code], value=Decimal(value))
        for code, value in (figures or LAST_YEAR_FIGURES).items()])
    return submission


def add_picture(submission: Submission, *, caption: str, chapter: int = 5,
                name: str = "pasakums.png") -> Picture:
    """An appendix picture on `submission`: a small PNG in the test MEDIA_ROOT."""
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (39, 96, 165)).save(buffer, format="PNG")
    picture = Picture(submission=submission, chapter=Chapter.objects.get(number=chapter),
                      caption=caption)
    picture.image.save(name, ContentFile(buffer.getvalue()), save=True)
    return picture
