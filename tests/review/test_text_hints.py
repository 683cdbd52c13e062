"""Texts checked against the figures on the review page (submissions.text_checks): a hint
beside a sentence that contradicts its figure, linking to both, dismissable with a reason."""

import pytest
from django.urls import reverse

from catalogue.models import Section
from review.models import TextHintDismissal
from submissions.models import ChapterText, Submission, Value

TEXT = "<p>Šogad bibliotēkas apmeklējums pieauga, jo notika daudz pasākumu.</p>"


@pytest.fixture
def falling(submitted):
    """The 2022 report says visits rose while its figure fell (2 000 → 1 500)."""
    Value.objects.filter(submission=submitted, indicator__code="visits.total").update(
        value=1500)
    section = Section.objects.get(code="5-indicators")
    ChapterText.objects.update_or_create(submission=submitted, section=section,
                                         defaults={"html": TEXT})
    return submitted


def _page(client, submission):
    return client.get(reverse("review:submission", args=[submission.pk]))


def test_a_rise_written_beside_a_falling_figure_is_flagged_in_review(
        client_for, methodologist, falling):
    response = _page(client_for(methodologist), falling)
    hints = response.context["review"].text_hints
    assert [(row.hint.kind, row.hint.code) for row in hints] == [("direction", "visits.total")]
    html = response.content.decode()
    panel = html[html.index('id="text-hints"'):html.index('id="decision-heading"')]
    assert "Tekstā “pieauga”, bet skaitlis samazinājās (-25 %)." in panel
    assert 'href="#s-5-indicators"' in panel and 'href="#f-visits-total"' in panel
    assert "Šogad bibliotēkas apmeklējums pieauga" in panel
    # a hint never blocks: the report can still be accepted
    assert response.context["can_accept"]


def test_a_true_sentence_gives_no_hint(client_for, methodologist, submitted):
    ChapterText.objects.update_or_create(
        submission=submitted, section=Section.objects.get(code="5-indicators"),
        defaults={"html": "<p>Apmeklējums nemainījās: 2 000.</p>"})
    assert _page(client_for(methodologist), submitted).context["review"].text_hints == []


def test_the_methodologist_dismisses_a_hint_with_a_reason(client_for, methodologist, falling):
    client = client_for(methodologist)
    key = _page(client, falling).context["review"].text_hints[0].hint.key
    url = reverse("review:text_hint_dismiss", args=[falling.pk])
    assert client.post(url, {"key": key, "reason": " "}).status_code == 302
    assert not TextHintDismissal.objects.exists()  # a reason is needed
    client.post(url, {"key": key, "reason": "Pieauga virtuālais apmeklējums"})
    response = _page(client, falling)
    row = response.context["review"].text_hints[0]
    assert row.dismissal.reason == "Pieauga virtuālais apmeklējums"
    assert row.dismissal.dismissed_by == methodologist
    assert "Noraidīta: Pieauga virtuālais apmeklējums" in response.content.decode()
    assert response.context["review"].open_text_hints == []


def test_a_key_that_is_no_hint_of_the_report_is_refused(client_for, methodologist, falling):
    client_for(methodologist).post(reverse("review:text_hint_dismiss", args=[falling.pk]),
                                   {"key": "0" * 32, "reason": "x"})
    assert not TextHintDismissal.objects.exists()


def test_only_the_region_s_methodologist_dismisses(client_for, librarian,
                                                   foreign_methodologist, falling):
    key = "0" * 32
    url = reverse("review:text_hint_dismiss", args=[falling.pk])
    for user in (librarian, foreign_methodologist):
        assert client_for(user).post(url, {"key": key, "reason": "x"}).status_code == 403
        assert client_for(user).get(
            reverse("review:submission", args=[falling.pk])).status_code == 403
    assert not TextHintDismissal.objects.exists()
    assert falling.status == Submission.Status.SUBMITTED
