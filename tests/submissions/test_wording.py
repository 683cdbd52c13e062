"""Latvian wording that never guesses a person's gender: a conflict offers to keep the
saved value, not "his" value (“Paturēt viņa vērtību”); the reader is not told “Jūs esat
izrakstījies” nor made to say “Kodus esmu saglabājis”; an email says the methodologist
“pieņēma” the report (a past tense has no gender), not “ir pieņēmis”."""

import re
from pathlib import Path

from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
GENDERED = re.compile(r"\b(viņš|viņa|viņam|viņai|viņas|viņu)\b", re.IGNORECASE)
# a past active participle (-is, -jies, -usi, -uši…) about the reader, the speaker or a person:
# “Jūs esat izrakstījies”, “esmu saglabājis”, “metodiķis ir pieņēmis”, “uzaicināts” beside a name
PARTICIPLE = r"\w+(?:is|ies|usi|usies|uši|ušies)"
GENDERED_PHRASES = re.compile(
    rf"\b(?:esmu|esi|esat|neesat|neesmu)\s+(?:jau\s+|vēl\s+)?{PARTICIPLE}\b"
    rf"|\b(?:metodiķis|bibliotekārs|administrators|lietotājs|persona|kāds|neviens)\s+"
    rf"(?:vēl\s+|jau\s+)?(?:ir|nav)\s+(?:\w+\s+)?{PARTICIPLE}\b"
    r"|\buzaicināt[sa]\b|\bizrakstīj\w+",
    re.IGNORECASE)


def test_the_conflict_buttons_and_messages_name_the_saved_value():
    with translation.override("lv"):
        assert translation.gettext("Keep theirs") == "Paturēt saglabāto vērtību"
        assert "Paturēt saglabāto tekstu" in translation.gettext(
            "%(who)s saved this text at %(when)s. Keep theirs, or overwrite with yours?")


def test_no_latvian_translation_uses_a_gendered_pronoun():
    found = []
    for po in ROOT.glob("**/locale/lv/LC_MESSAGES/django.po"):
        if ".venv" in po.parts:
            continue
        msgstr = False
        for number, line in enumerate(po.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("msgstr"):
                msgstr = True
            elif line.startswith(("msgid", "msgctxt", "#")):
                msgstr = False
            if msgstr and GENDERED.search(line):
                found.append(f"{po.relative_to(ROOT)}:{number}: {line}")
    assert found == []


def test_no_latvian_translation_guesses_the_gender_of_a_person():
    from tests.i18n.catalogues import translated

    found = [f"{entry.where}: {msgstr}" for entry in translated()
             for msgstr in set(entry.msgstr.values()) if GENDERED_PHRASES.search(msgstr)]
    assert found == []


def test_the_gendered_phrases_are_recognised():
    for text in ("Jūs esat izrakstījies.", "Kodus esmu saglabājis, turpināt",
                 "Reģiona metodiķis ir pieņēmis pārskatu.", "uzaicināts",
                 "Melnrakstu vēl neviens nav mainījis."):
        assert GENDERED_PHRASES.search(text), text
    for text in ("Termiņš vēl nav pagājis.", "Reģiona metodiķis pieņēma pārskatu.",
                 "Jūs izgājāt no portāla.", "nosūtīts uzaicinājums"):
        assert not GENDERED_PHRASES.search(text), text


def test_the_pages_people_read_are_neutral():
    with translation.override("lv"):
        assert translation.gettext("I have saved the codes, continue") == (
            "Kodi ir saglabāti, turpināt")
        assert translation.gettext("You have logged out.") == "Jūs izgājāt no portāla."
        assert translation.gettext("invited") == "nosūtīts uzaicinājums"
        # the people's change log writes these beside a name
        assert translation.gettext("assigned to %(library)s") % {"library": "Ozolaines"} == (
            "piešķirta bibliotēka “Ozolaines”")
        assert translation.gettext("deactivated") == "konts deaktivizēts"
