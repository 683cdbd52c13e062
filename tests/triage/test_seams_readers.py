"""Issue 22, item 18: the triage queue once the library has explained, and a ratio
outside its limits naming the figure that moved (a ×10 slip on visits is not blamed on
the loans, which are as last year)."""

import re
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import translation

from quality import checks as q
from review.triage import triage_queue
from submissions.models import Value

pytestmark = pytest.mark.django_db

URL = reverse("review:triage")
LOANS_PER_VISIT = q.Limit("loans.total", "visits.total", D("0.5"), D(6), "Loans per visit")
LABELS = {"loans.total": "Loans, total", "visits.total": "Visits"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _ratio(values, previous):
    return q.check_ratio(LOANS_PER_VISIT, "Loans, total", values, q.LibraryContext(year=2022),
                         previous=previous, labels=LABELS)


def test_a_slip_on_visits_is_named_not_the_unchanged_loans():
    finding = _ratio({"loans.total": D(3000), "visits.total": D(20000)},
                     {"loans.total": D(3000), "visits.total": D(2000)})
    assert finding.code == "loans.total"  # explained (and decided) where it always was
    assert "Visits moved (20,000 against 2,000 last year), Loans, total did not" in finding.cause
    assert "Visits moved: 20,000 against 2,000 last year." in finding.message
    # the loans are as usual: they do not move the region's total
    assert finding.expected == D(3000)


def test_loans_that_moved_are_named():
    finding = _ratio({"loans.total": D(30000), "visits.total": D(2000)},
                     {"loans.total": D(3000), "visits.total": D(2000)})
    assert "Loans, total moved (30,000 against 3,000 last year), Visits did not" in finding.cause
    assert finding.expected == D(6) * D(2000)


@pytest.mark.parametrize("previous", [
    {},  # no last year: nothing to tell which moved
    {"loans.total": D(300), "visits.total": D(20)},  # both moved alike
    {"loans.total": D(800), "visits.total": D(100)},  # neither moved: always outside
])
def test_no_figure_is_named_when_none_clearly_moved(previous):
    finding = _ratio({"loans.total": D(800), "visits.total": D(100)}, previous)
    assert finding.cause == "Loans per visit 8, outside 0.50–6"
    assert "moved" not in finding.cause and "moved" not in finding.message


def _item(library, code):
    return next((item for item in triage_queue(library.region, 2022)
                 if item.library == library and item.code == code), None)


def test_the_queue_blames_the_visits_of_the_planted_slip(slip_library):
    loans = _item(slip_library, "loans.total")
    visits = _item(slip_library, "visits.total")
    assert visits is not None and visits.check == q.SLIP
    assert loans is not None and q.RATIO in loans.kinds
    ratio = next(check for check in loans.checks if check.kind == q.RATIO)
    assert "Visits moved" in ratio.cause and "did not" in ratio.cause
    assert "Loans, total moved" not in ratio.cause
    assert loans.score < visits.score


def _actions(page: str, library, code: str) -> str:
    anchor = f'id="item-{library.slug}-{code.replace(".", "")}"'
    start = page.index(anchor)
    return page[start:page.index("</li>", start)]


def _buttons(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", text).strip()
            for text in re.findall(r"<button[^>]*>(.*?)</button>", html, re.S)]


def test_once_the_library_has_explained_accepting_leads(client_for, methodologist,
                                                        slip_library):
    client = client_for(methodologist)
    client.cookies["django_language"] = "en"
    page = client.get(URL, {"year": 2022}).content.decode()
    before = _buttons(_actions(page, slip_library, "visits.total"))
    assert before[:2] == ["Ask the library to explain", "Accept"]
    Value.objects.filter(submission__library=slip_library, submission__year__year=2022,
                         indicator__code="visits.total").update(
        explanation="The counter was replaced; the figure is right.")
    page = client.get(URL, {"year": 2022}).content.decode()
    item = _actions(page, slip_library, "visits.total")
    assert "The counter was replaced" in item
    assert _buttons(item)[:2] == ["Accept", "Ask the library again"]
    assert "Ask the library to explain" not in item
    accept = re.search(r'<button type="submit"( class="secondary")?>Accept<', item)
    assert accept and accept.group(1) is None  # the main button, not a secondary one
