"""One Latvian term per concept (docs/GLOSSARY.md): no catalogue translation uses a variant
the glossary lists as not to use (“kopējais pārskats” beside “apkopotais pārskats”, “pret”
for “salīdzinājumā ar”, „…” beside “…”)."""

import re

from django.utils import translation

from tests.i18n.catalogues import ROOT, translated

GLOSSARY = ROOT / "docs" / "GLOSSARY.md"
# the board's empty-cell symbol, quoted as the page shows it, is not a dash between words
NOT_A_DASH = "“—”"


def variants() -> dict[str, re.Pattern]:
    """Each “not to use” pattern of the glossary's table, as a regular expression."""
    found = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("English", "---"):
            continue
        for pattern in re.findall(r"`([^`]+)`", cells[2]):
            words = r"\s+".join(re.escape(word).replace(r"\*", r"\w*")
                                for word in pattern.split())
            # whole words: a letter may not continue a variant that starts or ends with one
            before = r"(?<!\w)" if re.match(r"\w", pattern) else ""
            after = r"(?!\w)" if re.search(r"[\w*]$", pattern) else ""
            found[pattern] = re.compile(before + words + after, re.IGNORECASE)
    return found


def offending(text: str) -> list[str]:
    text = text.replace(NOT_A_DASH, "")
    return [pattern for pattern, regex in variants().items() if regex.search(text)]


def test_the_glossary_lists_its_variants():
    found = variants()
    assert len(found) >= 15
    assert {"kopēj* pārskat*", "pret", "„", "—", "skaidrojum*"} <= set(found)


def test_a_second_translation_of_a_glossary_term_is_flagged():
    assert offending("Kopējais pārskats 2021") == ["kopēj* pārskat*"]
    assert offending("izmaiņas pret pērno gadu") == ["pret"]
    assert offending("Bibliotēkai „Ozolaine”") == ["„"]
    assert offending("Skaidrojums (brīdinājumiem)") == ["skaidrojum*"]
    assert offending("Neizdevās saglabāt — mēģinām vēlreiz") == ["—"]
    # the agreed terms, and words that only contain a variant, pass
    assert offending("Apkopotais pārskats 2021; paskaidrojums; izmaiņas salīdzinājumā ar "
                     "pērno gadu; Pēdējās izmaiņas “—”; pretendents") == []


def test_no_catalogue_uses_a_variant_the_glossary_rules_out():
    found = [f"{entry.where}: {', '.join(offending(msgstr))}: {msgstr}"
             for entry in translated() for msgstr in set(entry.msgstr.values())
             if offending(msgstr)]
    assert found == []


def test_the_pages_read_the_glossary_terms():
    with translation.override("lv"):
        assert translation.gettext("n/a") == "Nav attiecināms"
        assert translation.gettext("Log in") == "Pieteikties"
        assert translation.pgettext("figure is an estimate", "estimate") == "aplēse"
        assert translation.gettext("Consolidated report %(year)s") % {"year": 2021} == (
            "Apkopotais pārskats 2021")
        assert translation.gettext("Campaign by region") == "Iesniegšanas gaita pa reģioniem"
