"""Latvian wording that never guesses a person's gender: a conflict offers to keep the
saved value, not "his" value (“Paturēt viņa vērtību”)."""

import re
from pathlib import Path

from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
GENDERED = re.compile(r"\b(viņš|viņa|viņam|viņai|viņas|viņu)\b", re.IGNORECASE)


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
