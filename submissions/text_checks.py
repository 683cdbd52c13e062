"""A text checked against its figures: hints where a sentence contradicts them.

`check_text(html, figures, indicators)` reads a library's or the region's text sentence
by sentence; a sentence naming an indicator (the words of its catalogue subject,
`Indicator.phrase_lv`, in any case ending: “apmeklējums”, “apmeklējuma”) is compared
with that indicator's figure of the year and the year before:

- a number close to the figure (within 10 %) but neither this year's nor last year's
  figure (“tekstā 77 283, skaitlis 77 282”);
- a direction word contradicting the change (“pieauga” where the figure fell by more
  than `catalogue.derived`'s change rounds away);
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

from catalogue.derived import change_pct, round_half_away
from catalogue.formatting import format_change, format_number
from submissions.sanitize import plain_text

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


WINDOW = 2  # words a subject's words may stand apart (“aktīvo bibliotēkas lietotāju skaits”)


def _mentions(sentence: str, subjects) -> list[tuple[int, object]]:
    """Where the sentence names an indicator: (character offset, indicator), in order.

    A mention inside a more specific one (“apmeklējums” inside “bērnu apmeklējums”) is
    the more specific indicator's only."""
    words = [(match.start(), _stem(match[0])) for match in _WORD.finditer(sentence)]
    found: list[tuple[frozenset[int], object]] = []
    for stems, indicator in subjects:  # most words first
        for first, (_offset, stem) in enumerate(words):
            if stem != stems[0] and not (len(stems) > 1 and stem in stems):
                continue
            span = range(max(0, first - len(stems) - WINDOW),
                         min(len(words), first + len(stems) + WINDOW + 1))
            chosen = set()
            for wanted in stems:
                index = next((i for i in span if words[i][1] == wanted and i not in chosen),
                             None)
                if index is None:
                    break
                chosen.add(index)
            else:
                indices = frozenset(chosen)
                if not any(indices <= other for other, _ in found):
                    found.append((indices, indicator))
    mentions = {(words[min(indices)][0], indicator.code): indicator for indices, indicator
                in found}
    return sorted(((offset, indicator) for (offset, _code), indicator in mentions.items()),
                  key=lambda pair: pair[0])


def _owner(mentions, offset: int):
    """The indicator a number or word at `offset` is about: the last named before it (the
    first named when it comes before them all)."""
    before = [indicator for start, indicator in mentions if start <= offset]
    return before[-1] if before else mentions[0][1]


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
        yield (match.start(), value, bool(match["percent"]), match["sign"],
               before.endswith("par"), match[0])


def _decimals(indicator) -> int:
    if indicator.is_derived:
        return indicator.decimals
    return 2 if indicator.kind in ("eur", "fte") else 0


def check_text(html: str, figures: dict, indicators) -> list[TextHint]:
    """Hints for the sentences of `html` that contradict `figures`:
    {code: (last year's value, this year's value)}; `indicators` the catalogue rows.

    In a sentence naming several indicators, a number or a direction word is about the
    one named last before it (“Lietotāju skaits samazinājās (−9 %), apmeklējums (−13 %)”)."""
    subjects = _subjects(indicators)
    by_code = {indicator.code: indicator for indicator in indicators}
    # a number that is exactly another figure (“izslēgti 19 796”) is that figure, no slip
    known = {round_half_away(Decimal(value), _decimals(by_code[code]))
             for code, pair in figures.items() if code in by_code
             for value in pair if value is not None}
    hints = []
    for sentence in sentences(html):
        mentions = [(offset, indicator) for offset, indicator in _mentions(sentence, subjects)
                    if figures.get(indicator.code, (None, None))[1] is not None]
        if not mentions:
            continue
        directions: dict[str, list[tuple[str, str]]] = {}
        for match in _WORD.finditer(sentence):
            word = match[0].lower()
            kind = "rise" if word in RISE_WORDS else "fall" if word in FALL_WORDS else None
            if kind:
                directions.setdefault(_owner(mentions, match.start()).code, []).append(
                    (kind, word))
        for code, said in directions.items():
            indicator = next(ind for _offset, ind in mentions if ind.code == code)
            hint = _direction_hint(indicator, sentence, said, *figures[code])
            if hint:
                hints.append(hint)
        for offset, value, percent, sign, after_par, shown in _numbers(sentence):
            indicator = _owner(mentions, offset)
            previous, current = figures[indicator.code]
            if not percent:
                if value in known:
                    continue
                hint = _number_hint(indicator, sentence, value, shown, previous, current,
                                    _decimals(indicator))
                if hint:
                    hints.append(hint)
                continue
            change = None if indicator.is_percentage else change_pct(previous, current)
            if change is None or not (sign or after_par):
                continue
            said = [kind for kind, _word in directions.get(indicator.code, ())]
            signed = -value if sign in ("−", "-") or (not sign and said == ["fall"]) else value
            if abs(signed - change) > PERCENT_SLACK:
                hints.append(TextHint(PERCENT, indicator.code, indicator.name, sentence,
                                      gettext("The text says %(text)s, the computed change "
                                              "is %(change)s.") % {
                                          "text": shown.strip(),
                                          "change": format_change(change, False)}))
    return hints


def _direction_hint(indicator, sentence, said, previous, current) -> TextHint | None:
    if previous is None or current is None or previous == current:
        return None
    kinds = {kind for kind, _word in said}
    if len(kinds) != 1:
        return None  # both (“pieauga …, bet samazinājās …”) about one figure: not judged
    rises = kinds == {"rise"}
    words = {word for _kind, word in said}
    change = None if indicator.is_percentage else change_pct(previous, current)
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
