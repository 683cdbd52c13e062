"""Texts checked against the figures (submissions.text_checks): numbers, directions and
percentages that contradict the figure they stand beside."""

from decimal import Decimal

import pytest

from catalogue.models import Indicator
from submissions.text_checks import DIRECTION, NUMBER, PERCENT, check_text, sentences

FIGURES = {"visits.total": (Decimal(88830), Decimal(77282)),
           "visits.children": (Decimal(23929), Decimal(17354)),
           "ecatalogue.authorized_total": (Decimal(196), Decimal(638))}


@pytest.fixture
def catalogue(db):
    return list(Indicator.objects.all())


def hints(html, catalogue):
    return [(hint.kind, hint.code) for hint in check_text(html, FIGURES, catalogue)]


def test_a_rise_written_beside_a_falling_figure_is_a_hint(catalogue):
    found = check_text("<p>Bibliotēkas apmeklējums pieauga.</p>", FIGURES, catalogue)
    assert [(hint.kind, hint.code) for hint in found] == [(DIRECTION, "visits.total")]
    assert "pieauga" in found[0].message and "-13 %" in found[0].message
    assert found[0].sentence == "Bibliotēkas apmeklējums pieauga."
    assert found[0].anchor == "f-visits-total"


def test_the_true_direction_the_figure_and_its_change_give_no_hint(catalogue):
    assert hints("<p>Apmeklējums 2021. gadā samazinājās par 13 % līdz 77 282 "
                 "(2020. gadā – 88 830).</p>", catalogue) == []


def test_a_number_next_to_its_figure_that_differs_is_a_hint(catalogue):
    found = check_text("<p>Apmeklējumu skaits bija 77 283.</p>", FIGURES, catalogue)
    assert [(hint.kind, hint.code) for hint in found] == [(NUMBER, "visits.total")]
    assert found[0].message.replace("\xa0", " ") == "Tekstā 77 283, skaitlis 77 282."


def test_a_percentage_that_is_not_the_computed_change_is_a_hint(catalogue):
    # the 2021 report printed +326 % where its figures give +226 %
    found = check_text("<p>Autorizēto lietotāju skaits pieauga par 326 %.</p>", FIGURES,
                       catalogue)
    assert [(hint.kind, hint.code) for hint in found] == [(PERCENT, "ecatalogue.authorized_total")]
    assert "+226 %" in found[0].message
    assert hints("<p>Autorizēto lietotāju skaits pieauga par 226 %.</p>", catalogue) == []


def test_the_most_specific_indicator_is_the_one_checked(catalogue):
    # “bērnu apmeklējums” is visits.children (it fell too): saying it fell is right
    assert hints("<p>Bērnu apmeklējums samazinājās par 27 %.</p>", catalogue) == []
    assert hints("<p>Bērnu apmeklējums pieauga.</p>", catalogue) == [
        (DIRECTION, "visits.children")]


def test_sentences_split_at_their_end_not_at_an_ordinal(catalogue):
    assert sentences("<p>2021. gadā apmeklējums krita. Tas ir daudz.</p><p>Otrs</p>") == [
        "2021. gadā apmeklējums krita.", "Tas ir daudz.", "Otrs"]


def test_in_a_sentence_naming_two_figures_each_number_is_about_the_one_named_before_it(
        catalogue):
    figures = {**FIGURES, "users.active": (Decimal(7114), Decimal(6441)),
               "loans.total": (Decimal(200370), Decimal(192617)),
               "loans.books": (Decimal(93761), Decimal(100023))}
    # the demo's own regional text: both true
    assert [hint.code for hint in check_text(
        "<p>Aktīvo lietotāju skaits samazinājās līdz 6 441 (−9 %), apmeklējumu skaits līdz "
        "77 282 (−13 %).</p><p>Izsniegumu skaits samazinājās mazāk (−4 %), bet grāmatu "
        "izsniegums pat pieauga par 7 %.</p>", figures, catalogue)] == []
    found = check_text("<p>Aktīvo lietotāju skaits samazinājās (−9 %), bet apmeklējums "
                       "pieauga par 13 %.</p>", figures, catalogue)
    assert [(hint.kind, hint.code) for hint in found] == [
        (DIRECTION, "visits.total"), (PERCENT, "visits.total")]


def test_a_number_that_is_another_figure_of_the_report_is_no_slip(catalogue):
    figures = {"collection.acquired": (Decimal(22557), Decimal(21972)),
               "collection.withdrawn": (Decimal(25888), Decimal(19796))}
    # the demo's text: “izslēgti … izdevumi” names the withdrawn items in other words
    text = "<p>Jaunieguvumi — 21 972, izslēgti 19 796 novecojuši un nolietoti izdevumi.</p>"
    assert check_text(text, figures, catalogue) == []
    assert [hint.kind for hint in check_text("<p>Jaunieguvumi — 21 927.</p>", figures,
                                             catalogue)] == [NUMBER]
