"""The one year chooser (core.years): the year asked for when the page offers it,
else the page's named default."""

from dataclasses import dataclass

from django.test import RequestFactory

from core.years import asked_year, choose_year, newest, newest_closed, open_else_newest


@dataclass
class Year:
    year: int
    is_open: bool


YEARS = [Year(2023, True), Year(2022, False), Year(2021, False)]


def get(query=""):
    return RequestFactory().get(f"/?{query}")


def test_the_year_asked_for_is_shown_when_offered():
    assert choose_year(get("year=2021"), [2021, 2022], 2022) == 2021


def test_a_year_not_offered_or_not_a_number_falls_back_to_the_default():
    assert choose_year(get("year=1999"), [2021, 2022], 2022) == 2022
    assert choose_year(get("year=abc"), [2021, 2022], 2022) == 2022
    assert choose_year(get(), [2021, 2022], 2022) == 2022
    assert asked_year(get("year=20%2021")) is None


def test_a_posted_year_counts_like_one_in_the_address():
    request = RequestFactory().post("/", {"year": "2021"})
    assert choose_year(request, [2021, 2022], 2022) == 2021


def test_the_named_defaults():
    assert newest([2019, 2021, 2020]) == 2021
    assert newest([]) is None
    assert newest_closed(YEARS) == 2022
    assert newest_closed([Year(2023, True)]) == 2023  # nothing closed yet: the newest
    assert open_else_newest(YEARS) == 2023
    assert open_else_newest([Year(2021, False), Year(2022, False)]) == 2022
    assert newest_closed([]) is None and open_else_newest([]) is None
