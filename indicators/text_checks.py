"""A text checked against its figures: hints where a sentence contradicts them.

`check_text(html, figures, indicators)` reads a library's or the region's text sentence
by sentence; a sentence naming an indicator (the words of its catalogue subject,
`Indicator.phrase_lv`, in any case ending: “apmeklējums”, “apmeklējuma”) is compared
with that indicator's figure of the year and the year before:

- a number close to the figure (within 10 %) but neither this year's nor last year's
  figure (“tekstā 77 283, skaitlis 77 282”);
- a direction word contradicting the change (“pieauga” where the figure fell by more
  than `indicators.derived`'s change rounds away);
- a percentage given as the change (“par 326 %”, “+326 %”) that is not the computed
  change (`change_pct`, whole percent, one point either way for rounding).

Hints never block anything; each names the sentence and the indicator, so the page links
to both. Pure: no database access (the callers pass the figures they already hold).
"""

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext

from indicators.derived import change_pct, round_half_away
from indicators.formatting import format_change, format_number
from indicators.sanitize import plain_text

NUMBER_NEAR = Decimal("0.10")  # a number within 10 % of a figure is taken as that figure
PERCENT_SLACK = Decimal(1)  # the text may round the change one point differently
UNCHANGED_BELOW = Decimal("0.5")

RISE_WORDS = ("pieauga", "pieaudzis", "pieaugusi", "pieauguši", "palielinājās",
              "palielinājies", "palielinājusies", "palielinājušies", "pieaudzies", "kāpa",
              "audzis", "auga", "palielinājums", "pieaugums")
FALL_WORDS = ("samazinājās", "samazinājies", "samazinājusies", "samazinājušies", "kritās",
              "krities", "kritusies", "saruka", "sarucis", "sarukusi", "mazinājās",
              "samazinājums", "kritums")

NUMBER, DIRECTION, PERCENT = "number", "direction", "percent"

_ENDING = re.compile(r"(ajiem|ajām|iem|ām|ēm|ās|ēs|us|is|as|es|os|ai|ei|ā|a|e|i|u|s|š|o)$")
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĀČĒĢĪĶĻŅŠŪŽ„“\"(])")
# 77 282, 77 282 (non-breaking), 1500, 6,5; a sign and a per cent sign around it
_NUMBER = re.compile(r"(?P<sign>[+−-])?(?P<number>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)"
                     r"(?P<decimals>,\d+)?(?P<percent>\s*%)?(?P<ordinal>\.\s*gad)?")
_STOP = {"uz", "no", "ar", "un", "par", "pa", "līdz", "vienu", "kopā"}


def _stem(word: str) -> str:
    word = word.lower()
    return _ENDING.sub("", word) if len(word) > 4 else word


@dataclass(frozen=True)
class TextHint:
    kind: str
    code: str  # the indicator's code
    label: str  # the indicator's name
    sentence: str
    message: str

    @property
    def key(self) -> str:
        """Stable for the same hint on the same sentence (a dismissal stays with it)."""
        digest = hashlib.sha256(f"{self.kind}|{self.code}|{self.sentence}".encode())
        return digest.hexdigest()[:32]

    @property
    def anchor(self) -> str:
        """The figure's anchor on the review page (`f-visits-total`)."""
        return "f-" + self.code.replace(".", "-")


def sentences(html: str) -> list[str]:
    found = []
    for line in plain_text(html or "").splitlines():
        line = " ".join(line.split())
        found.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return found


def _subjects(indicators) -> list[tuple[tuple[str, ...], object]]:
    """Each indicator's stems to find in a sentence, most words first (so “bērnu
    apmeklējums” wins over “apmeklējums” in a sentence naming both words)."""
    found = []
    for indicator in indicators:
        phrase = getattr(indicator, "phrase_lv", "") or ""
        stems = tuple(_stem(word) for word in _WORD.findall(phrase)
                      if word.lower() not in _STOP and len(word) > 2)
        if stems and not indicator.is_bool:
            found.append((stems, indicator))
    found.sort(key=lambda pair: -len(pair[0]))
    return found


def _named(sentence: str, subjects) -> object | None:
    words = {_stem(word) for word in _WORD.findall(sentence)}
    for stems, indicator in subjects:
        if all(stem in words for stem in stems):
            return indicator
    return None


def _numbers(sentence: str):
    for match in _NUMBER.finditer(sentence):
        if match["ordinal"]:
            continue  # “2021. gadā”
        digits = re.sub(r"\D", "", match["number"]) + (
            "." + match["decimals"][1:] if match["decimals"] else "")
        try:
            value = Decimal(digits)
        except InvalidOperation:
            continue
        before = sentence[:match.start()].rstrip().lower()
        yield value, bool(match["percent"]), match["sign"], before.endswith("par"), match[0]


def check_text(html: str, figures: dict, indicators) -> list[TextHint]:
    """Hints for the sentences of `html` that contradict `figures`:
    {code: (last year's value, this year's value)}; `indicators` the catalogue rows."""
    subjects = _subjects(indicators)
    hints = []
    for sentence in sentences(html):
        indicator = _named(sentence, subjects)
        if indicator is None or indicator.code not in figures:
            continue
        previous, current = figures[indicator.code]
        if current is None:
            continue
        decimals = indicator.decimals if indicator.is_derived else (
            2 if indicator.kind in ("eur", "fte") else 0)
        change = change_pct(previous, current) if not indicator.is_percentage else None
        lowered = sentence.lower()
        words = set(_WORD.findall(lowered))
        hint = _direction_hint(indicator, sentence, words, previous, current, change)
        if hint:
            hints.append(hint)
        for value, percent, sign, after_par, shown in _numbers(sentence):
            if percent:
                if change is not None and (sign or after_par) and not indicator.is_percentage:
                    signed = -value if sign in ("−", "-") or (
                        not sign and words & set(FALL_WORDS)) else value
                    if abs(signed - change) > PERCENT_SLACK and abs(value - abs(change)) > \
                            PERCENT_SLACK:
                        hints.append(TextHint(PERCENT, indicator.code, indicator.name, sentence,
                                              gettext("The text says %(text)s, the computed "
                                                      "change is %(change)s.") % {
                                                  "text": shown.strip(),
                                                  "change": format_change(change, False)}))
                continue
            hint = _number_hint(indicator, sentence, value, shown, previous, current, decimals)
            if hint:
                hints.append(hint)
    return hints


def _direction_hint(indicator, sentence, words, previous, current, change) -> TextHint | None:
    if previous is None or previous == current:
        return None
    rises, falls = bool(words & set(RISE_WORDS)), bool(words & set(FALL_WORDS))
    if rises == falls:
        return None  # neither, or both (“pieauga …, bet samazinājās …”): not judged
    if change is not None and abs(change) < UNCHANGED_BELOW:
        return None
    fell = current < previous
    if rises != fell:
        return None
    word = next(w for w in (RISE_WORDS if rises else FALL_WORDS) if w in words)
    measure = format_change(change, False) if change is not None else ""
    message = (gettext("The text says “%(word)s”, but the figure fell (%(change)s).") if fell
               else gettext("The text says “%(word)s”, but the figure rose (%(change)s)."))
    return TextHint(DIRECTION, indicator.code, indicator.name, sentence,
                    message % {"word": word, "change": measure})


def _number_hint(indicator, sentence, value, shown, previous, current,
                 decimals) -> TextHint | None:
    rounded = [round_half_away(Decimal(figure), decimals) for figure in (previous, current)
               if figure is not None]
    if any(value == figure for figure in rounded) or not current:
        return None
    if abs(value - current) > abs(current) * NUMBER_NEAR:
        return None  # another number of the sentence (a count of events, a year…)
    return TextHint(NUMBER, indicator.code, indicator.name, sentence,
                    gettext("The text says %(text)s, the figure is %(figure)s.") % {
                        "text": shown.strip(), "figure": format_number(current, decimals)})
