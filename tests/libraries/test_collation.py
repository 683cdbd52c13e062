"""Lists of libraries are in Latvian alphabetical order on SQLite and on PostgreSQL."""

import pytest

from libraries.collation import latvian_sort_key
from libraries.models import Library
from tests.factories import LibraryFactory

# The order a Latvian reader expects (CLDR/ICU Latvian): Č after C, Ļ after L, Š after S,
# Ž after Z as letters of their own; long vowels sort with their short twin and come
# right after it when the words are otherwise equal (Abele < Ābele).
LATVIAN_ORDER = [
    "Abele",
    "Ābele",
    "Ābeļu bibliotēka",
    "Audriņu pagasta bibliotēka",
    "Bērzgales pagasta bibliotēka",
    "Cirmas bibliotēka",
    "Čornajas pagasta Ratnieku bibliotēka",
    "Dricānu pagasta bibliotēka",
    "Lūznavas pagasta bibliotēka",
    "Ļaudonas bibliotēka",
    "Maltas pagasta bibliotēka",
    "Silmalas pagasta bibliotēka",
    "Šķilbēnu bibliotēka",
    "Viļānu pilsētas bibliotēka",
    "Zilupes bibliotēka",
    "Žīguru bibliotēka",
]


def test_sort_key_puts_latvian_letters_after_their_latin_twins():
    shuffled = LATVIAN_ORDER[1::2] + LATVIAN_ORDER[::2]
    assert sorted(shuffled, key=latvian_sort_key) == LATVIAN_ORDER


def test_plain_unicode_order_would_be_wrong():
    """The reason this exists: code point order puts every accented letter after Z."""
    assert sorted(LATVIAN_ORDER) != LATVIAN_ORDER


@pytest.mark.django_db
def test_the_database_lists_libraries_in_latvian_order(region):
    for name in reversed(LATVIAN_ORDER):
        LibraryFactory(region=region, name=name)
    assert list(Library.objects.values_list("name", flat=True)) == LATVIAN_ORDER
    assert list(Library.objects.order_by("-pk").in_latvian_order()
                .values_list("name", flat=True)) == LATVIAN_ORDER
