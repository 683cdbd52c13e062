"""Open-ended input for the quality checks (Hypothesis): no figures crash them, a ×10 slip
is always recognised, an ordinary change never is."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from catalogue.models import Indicator
from quality import checks as q

COUNTS = ("visits.total", "loans.total", "users.active", "population.total",
          "reference.queries", "collection.acquired", "finance.expenses_total")
CATALOGUE = {code: Indicator(code=code, name_lv=code, name_en=code, kind="count",
                             change_threshold_pct=30) for code in COUNTS}
figures = st.one_of(st.none(), st.integers(min_value=0, max_value=10**8).map(Decimal))
year_figures = st.fixed_dictionaries(dict.fromkeys(COUNTS, figures))


@given(last=st.integers(min_value=20, max_value=10**7),
       drift=st.integers(min_value=-10, max_value=10))
def test_a_value_typed_with_one_digit_too_many_is_a_slip(last, drift):
    true = Decimal(last) * (100 + drift) / 100
    typed = (true * 10).to_integral_value()
    finding = q.check_slip("Visits", "visits.total", typed, Decimal(last))
    assert finding is not None and finding.check == q.SLIP


@given(last=st.integers(min_value=20, max_value=10**7),
       change=st.integers(min_value=-50, max_value=50))
def test_an_ordinary_change_is_never_a_slip(last, change):
    value = (Decimal(last) * (100 + change) / 100).to_integral_value()
    assert q.check_slip("Visits", "visits.total", value, Decimal(last)) is None


@given(current=year_figures, history=st.lists(year_figures, min_size=0, max_size=3),
       learned=st.dictionaries(st.sampled_from([(q.HISTORY, "visits.total"),
                                                (q.RATIO, "loans.total"),
                                                (q.PEER, "visits.total")]),
                               st.integers(min_value=0, max_value=10**6).map(Decimal)),
       event=st.sampled_from(["", "closure"]))
def test_no_figures_crash_the_checks(current, history, learned, event):
    context = q.LibraryContext(
        year=2022, history={2021 - n: values for n, values in enumerate(history)},
        peers={"visits.total": q.PeerStat(3.0, 0.5, 9)},
        limits=(q.Limit("loans.total", "visits.total", Decimal("0.5"), Decimal(6), "L/V"),),
        learned=learned, event=event)
    previous = history[0] if history else {}
    for finding in q.findings(CATALOGUE, current, previous, context):
        assert finding.code in COUNTS and finding.check in q.CHECKS
        assert finding.unusual > 0 and finding.message and finding.cause


@given(current=year_figures, history=st.lists(year_figures, min_size=1, max_size=3),
       described=st.sets(st.sampled_from(COUNTS)))
def test_findings_counted_without_words_are_the_same_findings(current, history, described):
    """The autosave writes the messages of the figures it shows only: the others' findings
    are the same checks, with the same weight, only without their words."""
    context = q.LibraryContext(
        year=2022, history={2021 - n: values for n, values in enumerate(history)},
        peers={"visits.total": q.PeerStat(3.0, 0.5, 9)},
        limits=(q.Limit("loans.total", "visits.total", Decimal("0.5"), Decimal(6), "L/V"),))
    full = q.findings(CATALOGUE, current, history[0], context)
    quiet = q.findings(CATALOGUE, current, history[0], context, described)
    assert [(f.code, f.check, f.unusual, f.expected, f.measure) for f in quiet] == [
        (f.code, f.check, f.unusual, f.expected, f.measure) for f in full]
    for said, found in zip(full, quiet, strict=True):
        if found.code in described or found.check == q.COPIED:
            assert (found.message, found.cause) == (said.message, said.cause)
        else:
            assert found.message == found.cause == ""
