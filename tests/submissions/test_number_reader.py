"""The one Latvian number reader (submissions.validation.read_number) and where it is used:
figures (web and workbook text cells through parse_value) and list rows' numbers."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from entry.forms import ProjectForm, TrainingEventForm
from submissions.models import Project, TrainingEvent
from submissions.validation import AMBIGUOUS, NEGATIVE, NOT_A_NUMBER, NumberError, read_number

SPACES = [" ", "\u00a0", "\u202f"]


CASES = json.loads((Path(__file__).resolve().parents[1] / "number_cases.json").read_text(
    encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", [c for c in CASES if "number" in c], ids=repr)
def test_reads_latvian_and_plain_notation(case):
    """The shared table: the browser's reader (static/js/number.js) is held to it too."""
    expected = None if case["number"] is None else Decimal(case["number"])
    assert read_number(case["typed"]) == expected


@pytest.mark.parametrize("case", [c for c in CASES if "error" in c], ids=repr)
def test_refuses_what_it_cannot_read_for_sure(case):
    with pytest.raises(NumberError) as caught:
        read_number(case["typed"])
    assert caught.value.kind == case["error"]
    message = caught.value.message("Stundas")
    assert message.startswith("Stundas:")


def test_the_shared_table_names_only_the_readers_refusals():
    assert {c["error"] for c in CASES if "error" in c} == {AMBIGUOUS, NEGATIVE, NOT_A_NUMBER}


def latvian(number: Decimal, space: str, decimal_mark: str, grouped: bool) -> str:
    whole, _, fraction = f"{number:f}".partition(".")
    if grouped:
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = space.join([whole, *groups])
    return whole + (decimal_mark + fraction if fraction else "")


NUMBERS = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False,
                      allow_infinity=False)


@settings(max_examples=400)
@given(NUMBERS, st.sampled_from(SPACES), st.sampled_from([",", "."]), st.booleans())
def test_any_number_written_any_accepted_way_reads_back_the_same(number, space, mark, grouped):
    text = latvian(number, space, mark, grouped)
    try:
        assert read_number(text) == number
    except NumberError as error:
        # only a form that can be read two ways is refused: 1.500 / 1,500
        assert error.kind == AMBIGUOUS
        assert not grouped or number < 1000
        assert len(text.split(mark)[-1]) == 3


@settings(max_examples=400)
@given(st.text(alphabet="0123456789 ,.-−\u00a0\u202fae", max_size=14))
def test_any_text_is_read_or_refused_with_a_message_never_misread(text):
    try:
        number = read_number(text)
    except NumberError as error:
        assert error.message("Summa").startswith("Summa:")
        return
    if number is None:
        assert not text.strip()
        return
    digits = "".join(ch for ch in text if ch.isdigit())
    # every digit typed is in the number, in order: nothing dropped or invented
    assert f"{number:f}".replace(".", "").lstrip("0") in (digits.lstrip("0") or "0",
                                                          digits.lstrip("0"))
    assert text.count(",") + text.count(".") <= 1


# The list rows' numbers --------------------------------------------------------------------

def test_list_number_inputs_are_text_with_inputmode():
    form = TrainingEventForm(prefix="training")
    hours = form["hours"].as_widget()
    assert 'type="text"' in hours and 'inputmode="decimal"' in hours
    assert 'inputmode="numeric"' in form["participants"].as_widget()
    assert 'inputmode="decimal"' in ProjectForm()["amount"].as_widget()


def test_a_stored_amount_is_shown_grouped(db):
    form = ProjectForm(instance=Project(amount=Decimal("1500.50")))
    assert 'value="1\u00a0500,50"' in form["amount"].as_widget()


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "hours"), [("6,5", Decimal("6.5")), ("6.5", Decimal("6.5")),
                                              ("4", Decimal(4))])
def test_training_hours_typed_with_a_comma_are_not_multiplied(client_for, submission,
                                                               librarian, typed, hours):
    response = client_for(librarian).post(
        reverse("entry:list_add", kwargs={"pk": submission.pk, "kind": "training"}), {
            "training-date_from": "2022-03-10", "training-title": "Seminārs",
            "training-organiser": "LNB", "training-hours": typed,
            "training-participants": "1 200"})
    assert response.status_code == 302
    row = TrainingEvent.objects.get()
    assert row.hours == hours and row.participants == 1200


@pytest.mark.django_db
def test_an_ambiguous_amount_is_refused_naming_the_field_and_the_fix(client_for, submission,
                                                                      librarian):
    client = client_for(librarian)
    client.cookies["django_language"] = "en"
    url = reverse("entry:list_add", kwargs={"pk": submission.pk, "kind": "projects"})
    data = {"projects-title": "Iedvesma", "projects-funders": "LNB", "projects-support": "no"}
    response = client.post(url, {**data, "projects-amount": "1.500"})
    assert response.status_code == 200
    [message] = response.context["form"].errors["amount"]
    assert message.startswith("Amount (EUR): “1.500” can be read two ways")
    assert "1 500" in message
    assert not Project.objects.exists()
    assert client.post(url, {**data, "projects-amount": "1 500,50"}).status_code == 302
    assert Project.objects.get().amount == Decimal("1500.50")


def test_a_whole_number_list_field_gives_a_whole_number_example():
    """Participants are whole people: the example has no decimals; hours may have them."""
    form = TrainingEventForm(data={"participants": "daudz", "hours": "daudz"})
    with translation.override("en"):
        form.is_valid()
        participants = " ".join(form.errors.get("participants", []))
        hours = " ".join(form.errors.get("hours", []))
    assert "e.g. 6441." in participants and "6,5" not in participants
    assert "e.g. 6441 or 6,5." in hours
