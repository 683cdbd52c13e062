"""Facts drafted from the figures of the consolidated report, one sentence each.

`build_facts(data, inputs)` reads the report model (`reports.consolidated.ReportData`
and its region tables) and what the tables do not hold (each library's figure of the
year and the year before, the year's closures, renovations and merges, the catalogue's
grammar: `reports.selectors.fact_inputs`) and only chooses: changes come from
`catalogue.derived`, numbers are written by `catalogue.formatting`, so a fact says
what the report's tables say. Each fact names its section (the region table's key, or
"events"), its chapter, the indicator, the figures used and the sentence in Latvian and
English, for the panel beside the regional texts and `manage.py report_facts`.

The libraries far above or below their peers per inhabitant follow the quality check's
rule, written once in `quality.checks`: the peer groups (`peer_statistics`, by
`quality.peers.population_groups`), the per-inhabitant figure, the modified z-score and
its limit (`PEER_Z_LIMIT`); a library-year with a context event is left out of the
groups, as the checks leave it out.

Grammar comes from the catalogue (`Indicator.phrase_lv`, `gender_lv`, `plural_lv`,
`phrase_en`, `plural_en`): the Latvian past tense (“pieauga”, “samazinājās”,
“nemainījās”) is the same for every gender and number, the words that agree with the
subject (“tas nav salīdzināms”, “tās nav salīdzināmas”; “was” / “were”) take its forms.
The sentences are Latvian and English templates side by side (like the list tables'
labels in `reports.consolidated`): the agreement is Latvian grammar, not a translation.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import translation

from catalogue.derived import difference, share_pct
from catalogue.formatting import format_number
from quality.checks import PEER_FIGURES, PEER_Z_LIMIT, modified_z, peer_statistics, per_inhabitant
from reports.definitions import TABLES_BY_KEY

# A change smaller than this (in % or percentage points) is “nemainījās”.
UNCHANGED_BELOW = Decimal("0.5")
MOVERS = 3  # the libraries named as moving a total most
PEERS_NAMED = 3  # the libraries named far above (and far below) their peers, each way
EVENTS = "events"  # the section key of the year's closures, renovations and merges
EVENTS_CHAPTER = 1  # “Vispārīgs reģiona bibliotēku raksturojums”: changes in the network

CHANGE, MOVERS_KIND, COMPLETENESS, EVENT = "change", "movers", "completeness", "event"
PEERS_KIND = "peers"


@dataclass(frozen=True)
class Forms:
    """An indicator's words for a sentence (the catalogue's grammar fields)."""

    phrase_lv: str
    phrase_en: str
    gender_lv: str = "m"
    plural_lv: bool = False
    plural_en: bool = False


@dataclass(frozen=True)
class LibraryFigures:
    """One library's figure of the year before and of the year (None: not reported)."""

    library: str
    previous: Decimal | None
    current: Decimal | None


@dataclass(frozen=True)
class EventNote:
    """A closure, renovation, move or staff absence of the year (`quality.ContextEvent`),
    a library closed or merged from the year (`Library.closed_from`, `merged_into`)."""

    library: str
    kind: str  # a ContextEvent kind, "closed" or "merged"
    label_lv: str = ""
    label_en: str = ""
    date_from: date | None = None
    date_to: date | None = None
    reason: str = ""
    into: str = ""


@dataclass(frozen=True)
class FactInputs:
    forms: dict[str, Forms] = field(default_factory=dict)
    libraries: dict[str, tuple[LibraryFigures, ...]] = field(default_factory=dict)
    events: tuple[EventNote, ...] = ()
    # library → the year's population served and peer figures (`quality.checks.PEER_FIGURES`)
    peers: dict[str, dict[str, Decimal | None]] = field(default_factory=dict)
    peers_left_out: frozenset[str] = frozenset()  # libraries with a context event


@dataclass(frozen=True)
class Fact:
    section: str
    chapter: int
    kind: str
    indicator: str
    figures: dict
    text_lv: str
    text_en: str

    @property
    def text(self) -> str:
        """The sentence in the active language."""
        return self.text_en if (translation.get_language() or "lv")[:2] == "en" else self.text_lv

    def to_dict(self) -> dict:
        return {"section": self.section, "chapter": self.chapter, "kind": self.kind,
                "indicator": self.indicator,
                "figures": {key: _plain(value) for key, value in self.figures.items()},
                "sentence": {"lv": self.text_lv, "en": self.text_en}}


def _plain(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # exact, without a database's trailing zeros
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


# Words ----------------------------------------------------------------------------------

def _capital(text: str) -> str:
    """The first letter capitalised (““Laikrakstu bibliotēkas” skatījumi” keeps its quote)."""
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1:]
    return text


# Latvian words agreeing with the subject: (pronoun, “comparable”) by gender and number.
_AGREEING_LV = {
    ("m", False): ("tas", "salīdzināms"),
    ("f", False): ("tā", "salīdzināma"),
    ("m", True): ("tie", "salīdzināmi"),
    ("f", True): ("tās", "salīdzināmas"),
}


def _join(names: list[str], language: str) -> str:
    if len(names) < 2:
        return "".join(names)
    word = " un " if language == "lv" else " and "
    return ", ".join(names[:-1]) + word + names[-1]


def _libraries_dative(total: int) -> str:
    """“no 35 bibliotēkām”, “no 21 bibliotēkas”: after “no” Latvian agrees with the last digit."""
    return "bibliotēkas" if total % 10 == 1 and total % 100 != 11 else "bibliotēkām"


def _number(value, decimals: int, unit: str, language: str) -> str:
    with translation.override(language):
        text = format_number(value, decimals)
    if unit == "percent":
        return f"{text} %"
    if unit in ("eur", "eur_per_person", "eur_per_visit"):
        return f"{text} EUR"
    return text


def _signed(value, decimals: int, language: str) -> str:
    """A library's move, “+1 204” / “−3 412” (the report's minus sign)."""
    with translation.override(language):
        text = format_number(abs(value), decimals)
    return ("+" if value > 0 else "−") + text


# Facts ----------------------------------------------------------------------------------

def _forms(code: str, label: str, inputs: FactInputs) -> Forms:
    """The catalogue's forms; an indicator added without them is named by its label."""
    forms = inputs.forms.get(code)
    if forms and forms.phrase_lv and forms.phrase_en:
        return forms
    return Forms(phrase_lv=(forms.phrase_lv if forms else "") or label,
                 phrase_en=(forms.phrase_en if forms else "") or label)


def _change_fact(table, row, data, inputs: FactInputs) -> Fact | None:
    year, before = data.years[-1], data.years[-2]
    value, previous = row.values[-1], row.values[-2]
    if value is None:
        return None
    forms = _forms(row.code, row.label, inputs)
    decimals, unit = row.decimals, ("percent" if row.is_percentage else row.unit)
    change = row.changes[-1]  # exact, from catalogue.derived (reports.region_tables)
    figures = {"year": year, "value": value, "previous_year": before, "previous": previous,
               "change": change, "change_unit": "p.p." if row.is_percentage else "%",
               "missing": row.missing[-1], "missing_before": row.missing[-2]}
    texts = {}
    for language in ("lv", "en"):
        phrase = forms.phrase_lv if language == "lv" else forms.phrase_en
        now = _number(value, decimals, unit, language)
        then = _number(previous, decimals, unit, language) if previous is not None else ""
        if change is None:
            lacking = year if row.missing[-1] else before if row.missing[-2] else None
            texts[language] = _not_compared(language, phrase, forms, now, year, before,
                                            lacking, then)
            continue
        if abs(change) < UNCHANGED_BELOW:
            figures["direction"] = "unchanged"
            texts[language] = (
                f"{_capital(phrase)} {year}. gadā nemainījās: {now} ({before}. gadā – {then})."
                if language == "lv" else
                f"{_capital(phrase)} {'were' if forms.plural_en else 'was'} unchanged in "
                f"{year}: {now} ({before}: {then}).")
            continue
        rose = change > 0
        figures["direction"] = "rose" if rose else "fell"
        with translation.override(language):
            amount = format_number(abs(change), 1 if row.is_percentage else 0)
        if row.is_percentage:
            by = (f"par {amount} procentpunktiem" if language == "lv"
                  else f"by {amount} percentage points")
        else:
            by = f"par {amount} %" if language == "lv" else f"by {amount} %"
        if language == "lv":
            verb = "pieauga" if rose else "samazinājās"
            texts[language] = (f"{_capital(phrase)} {year}. gadā {verb} {by} līdz {now} "
                               f"({before}. gadā – {then}).")
        else:
            verb = "rose" if rose else "fell"
            texts[language] = (f"{_capital(phrase)} {verb} {by} to {now} in {year} "
                               f"({before}: {then}).")
    return Fact(section=table.key, chapter=table.chapter, kind=CHANGE, indicator=row.code,
                figures=figures, text_lv=texts["lv"], text_en=texts["en"])


def _not_compared(language, phrase, forms: Forms, now, year, before, lacking,
                  then: str = "") -> str:
    """The figure without a change: a year's total (`lacking`) lacks libraries, or last
    year's figure is missing or zero (“tas nav salīdzināms”, “tās nav salīdzināmas”: the
    catalogue's forms)."""
    if language == "lv":
        pronoun, comparable = _AGREEING_LV[(forms.gender_lv or "m", forms.plural_lv)]
        why = (f"{lacking}. gada kopsummā nav visu bibliotēku datu" if lacking
               else f"{before}. gadā – {then}" if then else f"nav {before}. gada datu")
        return (f"{_capital(phrase)} {year}. gadā bija {now}; ar {before}. gadu {pronoun} "
                f"nav {comparable} ({why}).")
    pronoun = "they are" if forms.plural_en else "it is"
    why = (f"the total of {lacking} lacks libraries" if lacking
           else f"{before}: {then}" if then else f"no figure for {before}")
    return (f"{_capital(phrase)} {'were' if forms.plural_en else 'was'} {now} in {year}; "
            f"{pronoun} not compared with {before} ({why}).")


def _movers_fact(table, row, data, inputs: FactInputs, change_fact: Fact) -> Fact | None:
    """The libraries that moved the region's total most, in the total's direction."""
    direction = change_fact.figures.get("direction")
    libraries = inputs.libraries.get(row.code)
    if direction not in ("rose", "fell") or not libraries:
        return None
    total_move = difference(row.values[-2], row.values[-1])
    merged = {name for merge in data.tables.merges if merge.from_year == data.years[-1]
              for name in (merge.absorbed, merge.into)}
    moves = [(item.library, difference(item.previous, item.current)) for item in libraries
             if item.library not in merged]
    moves = [(name, move) for name, move in moves
             if move is not None and move != 0 and (move > 0) == (direction == "rose")]
    moves.sort(key=lambda pair: (-abs(pair[1]), pair[0]))
    chosen = [(name, move, share_pct(move, total_move)) for name, move in moves[:MOVERS]]
    if not chosen:
        return None
    forms = _forms(row.code, row.label, inputs)
    texts = {}
    for language in ("lv", "en"):
        parts = []
        for name, move, share in chosen:
            signed = _signed(move, row.decimals, language)
            with translation.override(language):
                percent = format_number(share, 0) if share is not None else ""
            if share is None:
                parts.append(f"{name} ({signed})")
            elif language == "lv":
                parts.append(f"{name} ({signed}; {percent} % no kopējās izmaiņas)")
            else:
                parts.append(f"{name} ({signed}; {percent} % of the total change)")
        if language == "lv":
            verb = "pieauga" if direction == "rose" else "samazinājās"
            texts[language] = (f"Visvairāk {forms.phrase_lv} {verb} šādās bibliotēkās: "
                               f"{_join(parts, language)}.")
        else:
            verb = "rose" if direction == "rose" else "fell"
            texts[language] = (f"{_capital(forms.phrase_en)} {verb} most in "
                               f"{_join(parts, language)}.")
    return Fact(section=table.key, chapter=table.chapter, kind=MOVERS_KIND,
                indicator=row.code,
                figures={"total_change": total_move,
                         "libraries": [{"library": name, "change": move, "share_pct": share}
                                       for name, move, share in chosen]},
                text_lv=texts["lv"], text_en=texts["en"])


def _far_from_peers(code: str, inputs: FactInputs, stats) -> tuple[list, list]:
    """The libraries beyond the quality check's limit for a peer figure, (above, below),
    strongest first, at most `PEERS_NAMED` each: (library, per inhabitant, stat, z)."""
    far = []
    for name, values in inputs.peers.items():
        stat, per = stats.get(name, {}).get(code), per_inhabitant(values, code)
        z = modified_z(per, stat) if stat is not None and per is not None else None
        if z is not None and abs(z) > PEER_Z_LIMIT:
            far.append((name, per, stat, z))
    far.sort(key=lambda item: (-abs(item[3]), item[0]))
    return ([item for item in far if item[3] > 0][:PEERS_NAMED],
            [item for item in far if item[3] < 0][:PEERS_NAMED])


def _peers_fact(table, row, data, inputs: FactInputs, stats) -> Fact | None:
    """“… uz vienu iedzīvotāju bija krietni virs līdzīga lieluma bibliotēku mediānas: A
    (5,10; mediāna 2,60)”: the past tense “bija” needs no agreement with the subject."""
    above, below = _far_from_peers(row.code, inputs, stats)
    if not above and not below:
        return None
    year = data.years[-1]
    forms = _forms(row.code, row.label, inputs)
    unit = row.unit if row.unit in ("eur",) else "number"
    texts = {}
    for language in ("lv", "en"):
        def named(items, language=language):
            word = "mediāna" if language == "lv" else "median"
            return _join([f"{name} ({_number(Decimal(str(per)), 2, unit, language)}; {word} "
                          f"{_number(Decimal(str(stat.median)), 2, unit, language)})"
                          for name, per, stat, _z in items], language)
        if language == "lv":
            start = f"{_capital(forms.phrase_lv)} uz vienu iedzīvotāju {year}. gadā bija krietni"
            median = "līdzīga lieluma bibliotēku mediānas"
            if above and below:
                text = (f"{start} virs {median}: {named(above)}; krietni zem tās: "
                        f"{named(below)}.")
            else:
                text = f"{start} {'virs' if above else 'zem'} {median}: {named(above or below)}."
        else:
            verb = "were" if forms.plural_en else "was"
            start = f"{_capital(forms.phrase_en)} per inhabitant {verb} far"
            median = f"the median of libraries of a similar size in {year}"
            if above and below:
                text = (f"{start} above {median}: {named(above)}; far below it: "
                        f"{named(below)}.")
            else:
                text = (f"{start} {'above' if above else 'below'} {median}: "
                        f"{named(above or below)}.")
        texts[language] = text

    def listed(items):
        return [{"library": name, "per_inhabitant": round(Decimal(str(per)), 4),
                 "median": round(Decimal(str(stat.median)), 4),
                 "z": round(Decimal(str(z)), 2), "group_size": stat.size}
                for name, per, stat, z in items]

    return Fact(section=table.key, chapter=table.chapter, kind=PEERS_KIND, indicator=row.code,
                figures={"year": year, "z_limit": Decimal(str(PEER_Z_LIMIT)),
                         "above": listed(above), "below": listed(below)},
                text_lv=texts["lv"], text_en=texts["en"])


def _completeness_fact(table, data) -> Fact:
    total = data.library_total
    # the rows someone reported (a row nobody fills in, e.g. a module not asked for, says
    # nothing about the libraries behind the table)
    missing = max((row.missing[-1] for row in table.rows if row.values[-1] is not None),
                  default=0)
    count = max(total - missing, 0)
    names = (list(data.missing_libraries)
             if missing and len(data.missing_libraries) == missing else [])
    spec = TABLES_BY_KEY.get(table.key)
    title_lv = spec.title_lv if spec else table.title
    title_en = spec.title_en if spec else table.title
    lv = (f"{title_lv}: kopsummās ir dati no {count} no {total} "
          f"{_libraries_dative(total)}")
    en = f"{title_en}: the totals hold the figures of {count} of {total} libraries"
    if names:
        lv += f"; trūkst: {', '.join(names)}"
        en += f"; missing: {', '.join(names)}"
    return Fact(section=table.key, chapter=table.chapter, kind=COMPLETENESS, indicator="",
                figures={"year": data.years[-1], "count": count, "total": total,
                         "missing": names},
                text_lv=lv + ".", text_en=en + ".")


def _period(event: EventNote) -> str:
    if event.date_from is None:
        return ""
    start = event.date_from.strftime("%d.%m.%Y.")
    if event.date_to and event.date_to != event.date_from:
        return f"{start}–{event.date_to.strftime('%d.%m.%Y.')}"
    return start


def _event_fact(event: EventNote, year: int) -> Fact:
    if event.kind == "closed":
        lv = f"No {year}. gada {event.library} vairs nedarbojas."
        en = f"{event.library} no longer works from {year}."
    elif event.kind == "merged":
        lv = (f"No {year}. gada {event.library} un {event.into} ir apvienotas; darbu "
              f"turpina {event.into}.")
        en = f"From {year}, {event.library} and {event.into} are merged; {event.into} carries on."
    else:
        period = _period(event)
        reason = f" ({event.reason})" if event.reason else ""
        lv = f"{event.library}: {event.label_lv}, {period}{reason}."
        en = f"{event.library}: {event.label_en}, {period}{reason}."
    return Fact(section=EVENTS, chapter=EVENTS_CHAPTER, kind=EVENT, indicator="",
                figures={"year": year, "library": event.library, "event": event.kind,
                         "from": event.date_from.isoformat() if event.date_from else None,
                         "to": event.date_to.isoformat() if event.date_to else None,
                         "into": event.into},
                text_lv=lv, text_en=en)


def build_facts(data, inputs: FactInputs) -> tuple[Fact, ...]:
    """Every fact of the report, in the report's order (no database access)."""
    facts: list[Fact] = []
    seen: set[tuple[int, str]] = set()
    stats = peer_statistics(inputs.peers, excluded=inputs.peers_left_out)
    for chapter in data.chapters:
        for table in chapter.tables:
            facts.append(_completeness_fact(table, data))
            if not table.show_change:
                continue
            for row in table.rows:
                if (chapter.number, row.code) in seen:
                    continue  # users.active is in two tables of chapter 5: said once
                seen.add((chapter.number, row.code))
                change = _change_fact(table, row, data, inputs)
                if change is None:
                    continue
                facts.append(change)
                movers = _movers_fact(table, row, data, inputs, change)
                if movers is not None:
                    facts.append(movers)
                if row.code in PEER_FIGURES:
                    peers = _peers_fact(table, row, data, inputs, stats)
                    if peers is not None:
                        facts.append(peers)
    facts.extend(_event_fact(event, data.years[-1]) for event in inputs.events)
    return tuple(facts)


def facts_for(facts: Iterable[Fact], section: str | None = None,
              chapter: int | None = None) -> tuple[Fact, ...]:
    """The facts of a region table (its key) or `EVENTS`, or of a chapter."""
    return tuple(fact for fact in facts
                 if (section is None or fact.section == section)
                 and (chapter is None or fact.chapter == chapter))
