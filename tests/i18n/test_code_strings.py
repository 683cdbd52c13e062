"""Every English string the code and templates hand to gettext has the project's own Latvian:
a `{% translate %}` or `_()` / `pgettext()` of a plain literal whose (context, msgid) is in no
project catalogue would show English, or whatever Django's admin or another package happens to
hold for it. (`blocktranslate`, `ngettext` and strings built at run time are not read here.)"""

import ast
import re

from tests.i18n.catalogues import ROOT, SKIP, translated

LITERAL = r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
TEMPLATE_CALL = re.compile(rf"\{{%\s*translate\s+{LITERAL}(?:\s+context\s+{LITERAL})?")
PYTHON_CALL = re.compile(
    rf"(?<![\w.])(_|gettext|gettext_lazy|pgettext|pgettext_lazy)\(\s*{LITERAL}"
    rf"(?:\s*,\s*{LITERAL})?\s*\)")
NOT_APP_CODE = {"tests", "bench", "docs", "scripts", "static", "migrations", "locale"}


def gettext_calls():
    """(file, context, msgid) of every plain gettext call of the project's code."""
    for path in sorted(ROOT.rglob("*")):
        parts = path.relative_to(ROOT).parts
        if not path.is_file() or SKIP.intersection(parts) or NOT_APP_CODE.intersection(parts):
            continue
        if parts[0].startswith("."):
            continue
        where = "/".join(parts)
        if path.suffix in (".html", ".txt") and "templates" in parts:
            for match in TEMPLATE_CALL.finditer(path.read_text(encoding="utf-8")):
                context = ast.literal_eval(match[2]) if match[2] else None
                # the template tag looks a literal up with its % doubled, as makemessages wrote it
                yield where, context, ast.literal_eval(match[1]).replace("%", "%%")
        elif path.suffix == ".py":
            for match in PYTHON_CALL.finditer(path.read_text(encoding="utf-8")):
                if match[1].startswith("pgettext"):
                    if match[3]:
                        yield where, ast.literal_eval(match[2]), ast.literal_eval(match[3])
                elif not match[3]:
                    yield where, None, ast.literal_eval(match[2])


def test_the_scan_reads_templates_and_python():
    calls = list(gettext_calls())
    assert len(calls) > 800
    assert ("entry/templates/entry/chapter.html", "button", "Delete") in calls
    assert ("reports/views.py", "training event", "The event is deleted.") in calls


def test_every_gettext_call_has_a_project_translation():
    known = {(entry.msgctxt, entry.msgid) for entry in translated()}
    missing = sorted({f"{where}: [{context}] {msgid!r}" if context else f"{where}: {msgid!r}"
                      for where, context, msgid in gettext_calls()
                      if (context, msgid) not in known})
    assert missing == []
