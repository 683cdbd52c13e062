"""The QA pass on the librarian's data entry: strict numbers, labels of “of which” rows,
the status panel (comments, texts), hints only where they apply, Latvian formats in the
history and conflicts, plural forms, problems refreshed after a conflict."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from catalogue.models import Indicator, Section
from review.models import ReviewComment
from submissions import services
from submissions.models import AuditEntry, TrainingEvent
from submissions.validation import InvalidFigure, parse_value
from tests.factories import set_values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_by_default():
    """Messages read in English unless a test switches (the default language is Latvian)."""
    with translation.override("en"):
        yield


def indicator(code):
    return Indicator.objects.select_related("parent").get(code=code)


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def latvian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lv"
    return client


# 1. Only digits, one decimal separator and thousands spaces -----------------------------

@pytest.mark.parametrize("raw", ["1e5", "1E5", "1e+5", "12.5e2", "0x10", "1_000", "12,5,0",
                                 "1.000,5", "1 2", "12 34", "+5", "five", "Infinity", "NaN",
                                 "12,", ",5", "1'000"])
def test_money_refuses_anything_but_plain_digits(raw):
    with pytest.raises(InvalidFigure):
        parse_value(indicator("finance.expenses_total"), raw)


@pytest.mark.parametrize(("raw", "value"), [
    ("100000", Decimal(100000)), ("100 000", Decimal(100000)),
    ("100\u00a0000", Decimal(100000)), ("1 234,50", Decimal("1234.50")),
    ("1234.5", Decimal("1234.5")), (" 6441 ", Decimal(6441)), (1500, Decimal(1500)),
    (12.5, Decimal("12.5")), ("", None),
])
def test_money_accepts_latvian_and_plain_notation(raw, value):
    assert parse_value(indicator("finance.expenses_total"), raw) == value


def test_a_count_refuses_decimals_and_exponents():
    with pytest.raises(InvalidFigure, match="whole number"):
        parse_value(indicator("users.active"), "12,5")
    with pytest.raises(InvalidFigure, match="not a number"):
        parse_value(indicator("users.active"), "1e3")
    with pytest.raises(InvalidFigure, match="negative"):
        parse_value(indicator("users.active"), "-5")


def test_a_huge_workbook_number_is_refused_not_read_as_an_exponent():
    with pytest.raises(InvalidFigure, match="far larger"):
        parse_value(indicator("finance.expenses_total"), 1e20)


# 3. Labels of “of which” rows ------------------------------------------------------------

def test_label_names_the_total_of_an_of_which_row():
    with translation.override("lv"):
        child = indicator("users.active.children")
        assert child.label == f"{child.name} ({child.parent.name})"
        assert child.label.startswith("t. sk. bērni līdz 18 g. (")
        assert indicator("users.active").label == indicator("users.active").name


def test_messages_and_audit_name_the_total(submission, librarian, last_submission):
    with translation.override("en"):
        child = indicator("users.active.children")
        with pytest.raises(InvalidFigure) as error:
            parse_value(child, "abc")
        assert child.label in str(error.value)
        services.value_save(submission=submission, indicator=child, user=librarian,
                            data=services.FigureInput(raw="5", base_revision=0))
        entry = AuditEntry.objects.get(target="value:users.active.children")
        assert entry.label == child.label


# 4. and 5. The status panel: comments, texts ---------------------------------------------

def test_status_panel_lists_unresolved_comments_and_text_progress(
        client_for, submission, librarian, methodologist, filled):
    filled(submission)
    child = indicator("users.active.children")
    ReviewComment.objects.create(submission=submission, indicator=child, author=methodologist,
                                 text="Check the children.")
    section = Section.objects.filter(chapter__regional_only=False).first()
    ReviewComment.objects.create(submission=submission, section=section, author=methodologist,
                                 text="Write more.")
    client = english(client_for(librarian))
    html = client.get(reverse("entry:submission", kwargs={"pk": submission.pk})
                      ).content.decode()
    assert "Nothing: no errors" not in html
    assert "2 methodologist's comments to look at" in html
    assert "Check the children." in html and "Write more." in html
    assert f"#f-users-active-children\">{child.chapter.number}. {child.label}" in html
    assert f"#s-{section.code}\"" in html
    # the texts: none written, every chapter with sections listed; submitting still allowed
    assert "0 of " in html and "texts written" in html
    assert "Submit the report…" in html  # to the confirmation (issue 8)


def test_no_text_notice_goes_once_every_chapter_has_a_text(client_for, submission, librarian):
    for section in Section.objects.filter(chapter__regional_only=False):
        services.text_save(submission=submission, section=section, html="<p>x</p>",
                           user=librarian)
    html = english(client_for(librarian)).get(  # the confirmation of the submit step
        reverse("entry:submit", kwargs={"pk": submission.pk})).content.decode()
    assert "have no text yet" not in html and "has no text yet" not in html


# 6. Hints only where they apply ----------------------------------------------------------

def test_appendix_page_has_no_save_hint(client_for, submission, librarian):
    html = english(client_for(librarian)).get(reverse(
        "entry:chapter", kwargs={"pk": submission.pk, "number": 13})).content.decode()
    assert "Changes are saved as you type" not in html
    assert "Save the chapter" not in html


def test_read_only_chapter_has_no_typing_or_offline_hints(client_for, submission, librarian):
    submission.status = "submitted"
    submission.save()
    client = english(client_for(librarian))
    html = client.get(reverse("entry:chapter",
                              kwargs={"pk": submission.pk, "number": 5})).content.decode()
    assert "as you type" not in html and "Tick “n/a”" not in html
    assert "the change on it are shown beside each figure" in html
    html = client.get(reverse("entry:submission", kwargs={"pk": submission.pk})
                      ).content.decode()
    assert "to fill in offline" not in html


# 7. Latvian formats in the history and the conflict message ------------------------------

def test_history_shows_list_dates_and_numbers_the_latvian_way(client_for, submission,
                                                                librarian):
    with translation.override("lv"):
        services.list_row_save(submission=submission, user=librarian, row=TrainingEvent(
            date_from=datetime.date(2022, 3, 15), title="Kursi", hours=Decimal("2.5"),
            participants=12))
    # an entry written before the formatting, as ISO text
    AuditEntry.objects.create(submission=submission, action=AuditEntry.Action.ADDED,
                              target="training:999", label="mācības",
                              new="datums (no): 2021-04-01; stundas: 1234.5")
    html = latvian(client_for(librarian)).get(
        reverse("entry:history", kwargs={"pk": submission.pk})).content.decode()
    assert "15.03.2022" in html and "2022-03-15" not in html
    assert "2,5" in html
    assert "01.04.2021" in html and "1\u00a0234,5" in html


def test_conflict_message_groups_thousands(client_for, submission, librarian):
    set_values(submission, **{"users.active": 1700})
    client = latvian(client_for(librarian))
    response = client.post(reverse("entry:autosave", kwargs={"pk": submission.pk}), {
        "kind": "figure", "code": "users.active", "value": "1750",
        "base_revision": "0"})
    assert response.status_code == 409
    data = response.json()
    assert "1\u00a0700" in data["message"] and "1\u00a0750" in data["message"]


# 9. Plural forms -------------------------------------------------------------------------

@pytest.mark.parametrize(("count", "text"), [
    (1, "no 1 teksta"), (21, "no 21 teksta"), (11, "no 11 tekstiem"), (5, "no 5 tekstiem")])
def test_latvian_plural_after_no(count, text):
    with translation.override("lv"):
        assert text in translation.ngettext(
            "%(written)s of %(texts)s text", "%(written)s of %(texts)s texts", count) % {
            "written": 0, "texts": count}


def test_autosave_returns_the_progress_line_with_server_plurals(client_for, submission,
                                                                 librarian):
    client = latvian(client_for(librarian))
    response = client.post(reverse("entry:autosave", kwargs={"pk": submission.pk}), {
        "kind": "figure", "code": "users.active", "value": "",
        "base_revision": "0"})
    html = response.json()["progress"]["html"]["chapter"]
    assert 'data-progress="chapter"' in html
    # Latvian: “1 obligāts nav aizpildīts”, “N obligātie nav aizpildīti”
    assert "obligāt" in html


# 10. After a conflict the row's problems come from the server ----------------------------

def test_conflict_response_carries_the_stored_figures_problems(
        client_for, submission, librarian, last_submission):
    set_values(submission, **{"users.active": 482})  # identical to last year: a warning
    Indicator.objects.filter(code="users.active").update(unchanged_is_unlikely=True)
    client = english(client_for(librarian))
    response = client.post(reverse("entry:autosave", kwargs={"pk": submission.pk}), {
        "kind": "figure", "code": "users.active", "value": "500",
        "base_revision": "0"})
    assert response.status_code == 409
    data = response.json()
    assert any("exactly last year" in p["message"] for p in data["problems"])
    assert "progress" in data and "change" in data["theirs"]
