"""Small Latvian grammar helpers for the report's wording."""

# Nominative → genitive endings of the words a library's name ends with:
# “bibliotēka” → “bibliotēkas”, “Centrālā” → “Centrālās”, “skola” → “skolas”.
_FEMININE_ENDINGS = (("ā", "ās"), ("a", "as"), ("e", "es"))


def _genitive_word(word: str) -> str:
    for ending, replacement in _FEMININE_ENDINGS:
        if word.endswith(ending):
            return word[: -len(ending)] + replacement
    return word


def genitive(name: str) -> str:
    """The genitive of a library's name: “Vērēmu pagasta bibliotēka” → “… bibliotēkas”.

    The words before the head noun are already genitives (“Vērēmu pagasta”) except
    definite adjectives agreeing with it (“Centrālā bibliotēka”), which change too.
    """
    words = name.split()
    if not words:
        return name
    head = len(words) - 1
    start = head
    while start > 0 and words[start - 1].endswith("ā"):
        start -= 1
    return " ".join(words[:start] + [_genitive_word(word) for word in words[start:]])


def attribution(library_name: str) -> str:
    """“(no Vērēmu pagasta bibliotēkas pārskata)”: where a quoted text comes from."""
    return f"(no {genitive(library_name)} pārskata)"


def libraries_word(count: int) -> str:
    """“1 bibliotēka”, “15 bibliotēkas”, “21 bibliotēka”: Latvian agrees with the last digit."""
    if count % 10 == 1 and count % 100 != 11:
        return "bibliotēka"
    return "bibliotēkas"
