"""Reads the project's own Latvian catalogues (every `locale/lv/LC_MESSAGES/django.po` of the
repository) as entries, for the tests that check which translation a reader sees."""

import ast
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "staticfiles"}


@dataclass
class Entry:
    po: Path
    line: int
    msgid: str = ""
    msgctxt: str | None = None
    plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False

    @property
    def where(self) -> str:
        return f"{self.po.relative_to(ROOT)}:{self.line}"


def catalogues() -> list[Path]:
    return sorted(
        po for po in ROOT.glob("**/locale/lv/LC_MESSAGES/django.po")
        if not SKIP.intersection(po.relative_to(ROOT).parts)
    )


def entries(po: Path) -> list[Entry]:
    """The entries of one .po file (the header and obsolete `#~` entries left out)."""
    found: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    fuzzy = False

    def finish():
        if current is not None and current.msgid:
            found.append(current)

    for number, raw in enumerate(po.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line.startswith("#,"):
            fuzzy = fuzzy or "fuzzy" in line
            continue
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            text = ast.literal_eval(line)
        else:
            text = ast.literal_eval(rest)
            if keyword == "msgctxt" or (keyword == "msgid" and target and target[0] != "msgctxt"):
                finish()
                current = Entry(po=po, line=number, fuzzy=fuzzy)
                fuzzy = False
            elif keyword == "msgid" and current is None:
                current = Entry(po=po, line=number, fuzzy=fuzzy)
                fuzzy = False
            if keyword.startswith("msgstr["):
                target = ("msgstr", int(keyword[7:-1]))
            else:
                target = (keyword, 0)
            if keyword == "msgid":
                current.line = number
        name, index = target
        if name == "msgctxt":
            current.msgctxt = (current.msgctxt or "") + text
        elif name == "msgid":
            current.msgid += text
        elif name == "msgid_plural":
            current.plural = (current.plural or "") + text
        else:
            current.msgstr[index] = current.msgstr.get(index, "") + text
    finish()
    return found


def translated() -> list[Entry]:
    """Every entry of every project catalogue that has a Latvian translation (what msgfmt
    compiles: not fuzzy, msgstr not empty)."""
    return [
        entry for po in catalogues() for entry in entries(po)
        if not entry.fuzzy and entry.msgstr and all(entry.msgstr.values())
    ]
