"""The chapter form without JavaScript: a plain POST saves every changed figure and text."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from catalogue.models import Indicator
from submissions.models import AuditEntry, ChapterText, Value
from tests.factories import set_values

pytestmark = pytest.mark.django_db


def chapter_url(submission, number=5):
    return reverse("entry:chapter", kwargs={"pk": submission.pk, "number": number})


def stored(submission, code):
    return Value.objects.filter(submission=submission, indicator__code=code).first()


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_page_shows_last_year_and_change(client_for, submission, last_submission, librarian):
    set_values(submission, **{"visits.total": 5000})
    response = client_for(librarian).get(chapter_url(submission))
    content = response.content.decode()
    assert "6\u00a0044" in content  # last year's visits, Latvian grouping
    assert "-17 %" in content  # (5000 − 6044) / 6044
    assert 'data-previous="6\u00a0044' in content


def test_of_which_rows_are_indented_under_their_total(client_for, submission, librarian):
    rows = client_for(librarian).get(chapter_url(submission)).context["rows"]
    codes = [row.code for row in rows]
    assert codes.index("visits.children") == codes.index("visits.total") + 1
    by_code = {row.code: row for row in rows}
    assert by_code["visits.total"].level == 0
    assert by_code["visits.children"].level == 1


def test_post_saves_changed_figures_with_audit(client_for, submission, librarian):
    client = client_for(librarian)
    response = client.post(chapter_url(submission), {
        "v-users.active": "482", "rev-users.active": "0",
        "v-visits.total": "6 044", "rev-visits.total": "0",
        "v-reference.queries": "", "rev-reference.queries": "0",
    })
    assert response.status_code == 302
    assert stored(submission, "users.active").value == 482
    assert stored(submission, "visits.total").value == 6044
    assert stored(submission, "reference.queries") is None  # unchanged empty: nothing stored
    entry = AuditEntry.objects.get(submission=submission, target="value:users.active")
    assert (entry.old, entry.new, entry.user) == ("", "482", librarian)


def test_not_applicable_and_estimate(client_for, submission, librarian):
    client_for(librarian).post(chapter_url(submission), {
        "v-users.active": "480", "est-users.active": "1", "rev-users.active": "0",
        "v-visits.virtual": "", "na-visits.virtual": "1", "rev-visits.virtual": "0",
    })
    assert stored(submission, "users.active").is_estimate
    virtual = stored(submission, "visits.virtual")
    assert virtual.not_applicable and virtual.value is None


@pytest.mark.parametrize(("typed", "message"), [
    ("12,5", "type a whole number without decimals"),
    ("-3", "cannot be negative"),
    ("abc", "is not a number"),
    ("999999999", "far larger than any library reports"),
])
def test_hard_errors_refuse_the_value_and_keep_the_typed_text(client_for, submission, librarian,
                                                              typed, message):
    client = english(client_for(librarian))
    response = client.post(chapter_url(submission), {
        "v-users.active": typed, "rev-users.active": "0",
        "v-visits.total": "100", "rev-visits.total": "0",
    })
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "Active users" in content  # the message names the field
    assert f'value="{typed}"' in content  # what the user typed is still there
    assert stored(submission, "users.active") is None  # refused
    assert stored(submission, "visits.total").value == 100  # the rest is saved
    assert 'aria-describedby="f-users-active-msg"' in content


def test_latvian_error_message(client_for, submission, librarian):
    response = client_for(librarian).post(chapter_url(submission), {
        "v-users.active": "12,5", "rev-users.active": "0"})
    assert "ievadiet veselu skaitli bez decimāldaļas" in response.content.decode()


def test_part_larger_than_total_is_refused(client_for, submission, librarian):
    client = english(client_for(librarian))
    set_values(submission, **{"visits.total": 100})
    response = client.post(chapter_url(submission), {
        "v-visits.children": "150", "rev-visits.children": "0"})
    assert "is larger than the total it is part of" in response.content.decode()
    assert stored(submission, "visits.children") is None


def test_total_and_part_raised_together_are_both_saved(client_for, submission, librarian):
    set_values(submission, **{"visits.total": 100})
    revision = stored(submission, "visits.total").revision
    response = client_for(librarian).post(chapter_url(submission), {
        "v-visits.total": "300", "rev-visits.total": str(revision),
        "v-visits.children": "150", "rev-visits.children": "0"})
    assert response.status_code == 302
    assert stored(submission, "visits.children").value == 150


def test_change_warning_is_saved_and_asks_for_an_explanation(client_for, submission,
                                                             last_submission, librarian):
    client = english(client_for(librarian))
    client.post(chapter_url(submission), {"v-visits.total": "3000", "rev-visits.total": "0"})
    assert stored(submission, "visits.total").value == 3000  # a warning keeps the value
    content = client.get(chapter_url(submission)).content.decode()
    assert "changed by -50% on last year" in content
    assert 'name="ex-visits.total"' in content
    revision = stored(submission, "visits.total").revision
    client.post(chapter_url(submission), {
        "v-visits.total": "3000", "rev-visits.total": str(revision),
        "ex-visits.total": "Closed for five months (renovation)."})
    assert stored(submission, "visits.total").explanation == "Closed for five months (renovation)."


def test_the_latvian_change_warning_writes_percent_as_the_change_column(
        client_for, submission, last_submission, librarian):
    """The row's change column says "-50 %"; its warning says the same, not "-50%"."""
    client = client_for(librarian)
    client.post(chapter_url(submission), {"v-visits.total": "3000", "rev-visits.total": "0"})
    content = client.get(chapter_url(submission)).content.decode()
    assert "mainījies par -50 % salīdzinājumā ar iepriekšējo gadu" in content
    assert "vairāk nekā ±30 %." in content


def test_stock_flow_warning(client_for, submission, last_submission, librarian):
    client = english(client_for(librarian))
    client.post(chapter_url(submission, 6), {
        "v-collection.acquired": "500", "rev-collection.acquired": "0",
        "v-collection.withdrawn": "300", "rev-collection.withdrawn": "0",
        "v-collection.stock": "10300", "rev-collection.stock": "0"})
    content = client.get(chapter_url(submission, 6)).content.decode()
    assert "does not follow from last year" in content
    assert ("10\u00a0000 + acquisitions 500 − withdrawn 300 = 10\u00a0200 (difference +100)"
            in content)


def test_stale_figure_is_refused_showing_both_values(client_for, submission, librarian,
                                                     other_librarian):
    set_values(submission, **{"users.active": 400})
    value = stored(submission, "users.active")
    Value.objects.filter(pk=value.pk).update(revision=value.revision + 1, value=Decimal(410))
    response = english(client_for(librarian)).post(chapter_url(submission), {
        "v-users.active": "420", "rev-users.active": str(value.revision)})
    content = response.content.decode()
    assert response.status_code == 200
    assert stored(submission, "users.active").value == 410  # theirs is not overwritten
    assert "saved this figure at" in content and "410" in content and 'value="420"' in content
    # the hidden revision is now theirs: saving again overwrites with mine
    assert f'name="rev-users.active" value="{value.revision + 1}"' in content


def test_text_is_saved_sanitised_and_audited(client_for, submission, librarian):
    response = client_for(librarian).post(chapter_url(submission), {
        "t-5-indicators": '<p onclick="x()">Visits <b>fell</b><script>alert(1)</script></p>',
        "trev-5-indicators": "0"})
    assert response.status_code == 302
    text = ChapterText.objects.get(submission=submission, section__code="5-indicators")
    assert text.html == "<p>Visits <b>fell</b></p>"
    entry = AuditEntry.objects.get(submission=submission, target="text:5-indicators")
    assert entry.new == "Visits fell"


def test_chapter_shows_the_sections_prompt(client_for, submission, librarian):
    content = client_for(librarian).get(chapter_url(submission)).content.decode()
    with translation.override("lv"):
        from catalogue.models import Section
        section = Section.objects.get(code="5-indicators")
        assert section.prompt in content


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_chapter_page_queries_do_not_grow_with_filled_figures(client_for, submission,
                                                             last_submission, librarian):
    client = client_for(librarian)
    codes = list(Indicator.objects.entered().values_list("code", flat=True))
    set_values(submission, **dict.fromkeys(codes[:10], 1))
    few = _count_queries(client, chapter_url(submission))
    set_values(submission, **dict.fromkeys(codes[:40], 1))
    many = _count_queries(client, chapter_url(submission))
    assert few == many


def test_overview_queries_do_not_grow_with_filled_figures(client_for, submission, librarian):
    client = client_for(librarian)
    url = reverse("entry:submission", kwargs={"pk": submission.pk})
    codes = list(Indicator.objects.entered().values_list("code", flat=True))
    set_values(submission, **dict.fromkeys(codes[:10], 1))
    few = _count_queries(client, url)
    set_values(submission, **dict.fromkeys(codes[:40], 1))
    assert _count_queries(client, url) == few


@pytest.mark.parametrize("revision", ["abc", "-1", "1.5"])
def test_a_malformed_revision_saves_nothing_and_keeps_what_was_typed(
        client_for, submission, librarian, revision):
    set_values(submission, **{"users.active": 400})
    response = english(client_for(librarian)).post(chapter_url(submission), {
        "v-users.active": "420", "rev-users.active": revision,
        "v-visits.total": "5000", "rev-visits.total": "0",
        "t-5-indicators": "<p>Skolas &amp; pagasta darbs.</p>",
        "trev-5-indicators": revision})
    content = response.content.decode()
    assert response.status_code == 200
    assert stored(submission, "users.active").value == 400  # not overwritten
    assert 'value="420"' in content and "damaged form" in content
    assert "2 fields were not saved" in content
    assert not ChapterText.objects.filter(submission=submission).exists()
    assert "Skolas &amp;amp; pagasta darbs." in content  # the typed text, shown escaped
    assert stored(submission, "visits.total").value == 5000  # the sound field is saved


def test_a_large_change_is_written_grouped_as_the_change_column_writes_it(
        client_for, submission, last_submission, librarian):
    """6 044 → 973 265: the column says "+16 003 %", and so does the warning (not "+16003")."""
    client = client_for(librarian)
    client.post(chapter_url(submission), {"v-visits.total": "973265", "rev-visits.total": "0"})
    content = client.get(chapter_url(submission)).content.decode()
    assert '<span class="change-text">+16\u00a0003 %</span>' in content
    assert "mainījies par +16\u00a0003 % salīdzinājumā ar iepriekšējo gadu" in content


def test_a_yes_no_answer_shows_no_percent_change(client_for, submission, last_submission,
                                                  librarian):
    set_values(last_submission, **{"alise.uses": 1})
    set_values(submission, **{"alise.uses": 1})
    content = client_for(librarian).get(chapter_url(submission)).content.decode()
    row = content.split('data-code="alise.uses"', 1)[1].split("</tr>", 1)[0]
    assert '<span class="change-text"></span>' in row
    assert "0 %" not in row


def test_a_whole_number_field_gives_a_whole_number_example(client_for, submission, librarian):
    client = english(client_for(librarian))
    response = client.post(chapter_url(submission), {
        "v-visits.total": "daudz", "rev-visits.total": "0"})
    content = response.content.decode()
    assert "“daudz” is not a number. Type digits only, e.g. 6441." in content
    assert "6,5" not in content
