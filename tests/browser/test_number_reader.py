"""The browser's number reader (static/js/number.js) reads the shared table of cases
(tests/number_cases.json) exactly as the server's read_number does (the Python side is
tests/submissions/test_number_reader.py): one rule, written twice only because it runs in
two places, and held to one table."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = json.loads((ROOT / "tests" / "number_cases.json").read_text(encoding="utf-8"))["cases"]


def test_the_browser_reads_every_shared_case_as_the_server_does(page):
    page.set_content("<!doctype html><html lang='lv'><title>number.js</title></html>")
    page.add_script_tag(path=str(ROOT / "static" / "js" / "number.js"))
    read = page.evaluate(
        "cases => cases.map(c => window.libreportNumbers.readNumber(c.typed))", CASES)
    expected = [{"value": case["number"]} if "number" in case else {"error": case["error"]}
                for case in CASES]
    mismatches = [(case["typed"], got, want)
                  for case, got, want in zip(CASES, read, expected, strict=True) if got != want]
    assert mismatches == []
