"""Latvian alphabetical order on both databases.

Latvian letters with a cedilla or caron are letters of their own (C < Č < D,
L < Ļ < M), long vowels sort right after their short twin (A < Ā only when the
rest is equal). PostgreSQL gets this from an ICU collation created by a
migration; SQLite gets the same order from the key below, registered as a
collation of the same name on every connection.
"""

import unicodedata

COLLATION_NAME = "lv_lv"
ICU_LOCALE = "lv-LV"

ALPHABET = "aābcčdeēfgģhiījkķlļmnņoprsštuūvzž"
SEPARATE_LETTERS = set("čģķļņšž")
_primary = {}
_rank = 0
for _letter in ALPHABET:
    if _letter in "āēīū":
        _primary[_letter] = (_primary[unicodedata.normalize("NFD", _letter)[0]][0], 1)
        continue
    _rank += 1
    _primary[_letter] = (_rank, 0)
# Letters that Latvian does not use (q, w, x, y) keep their Latin place.
for _extra, _after in (("q", "p"), ("w", "v"), ("x", "v"), ("y", "i")):
    _primary[_extra] = (_primary[_after][0], 2)


def latvian_sort_key(text: str) -> tuple:
    """Primary: letters (and digits, before letters); secondary: length marks; tertiary: case."""
    primary, secondary, tertiary = [], [], []
    for char in text:
        lower = char.lower()
        if lower in _primary:
            rank, accent = _primary[lower]
            primary.append(100 + rank)
        elif lower.isdigit():
            rank, accent = int(lower), 0
            primary.append(10 + rank)
        elif lower.isspace() or not lower.isalnum():
            # Spaces and punctuation are ignored at the first level, as ICU does.
            continue
        else:
            base = unicodedata.normalize("NFD", lower)[0]
            rank, accent = _primary.get(base, (1000 + ord(base), 0))
            primary.append(100 + rank)
            accent = accent or 3
        secondary.append(accent)
        tertiary.append(0 if char == lower else 1)
    return (tuple(primary), tuple(secondary), tuple(tertiary), text)


def _compare(left: str, right: str) -> int:
    left_key, right_key = latvian_sort_key(left), latvian_sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


def register_sqlite_collation(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION_NAME, _compare)
