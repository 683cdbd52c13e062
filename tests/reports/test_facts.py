"""Facts drafted from the report's figures (reports.facts): the sentences, the grammar
from the catalogue, the command and the panel beside the regional text."""

import json
import re
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import Indicator, Section
from libraries.models import Region, Role, User
from quality.checks import PEER_FIGURES
from quality.models import ContextEvent
from reports.consolidated import build_report
from reports.facts import (
    CHANGE,
    EVENT,
    MOVERS_KIND,
    PEERS_KIND,
    FactInputs,
    Forms,
    LibraryFigures,
    _not_compared,
    build_facts,
)
from reports.models import RegionalText
from reports.selectors import fact_inputs, report_facts
from review.models import TextHintDismissal
from submissions.models import Value
from tests.demo_copy import demo_copy
from tests.factories import regional_user
from tests.reports.conftest import make_network

NBSP = "\xa0"


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


# The catalogue's grammar ----------------------------------------------------------------

# Nominative endings of a Latvian noun or adjective by (gender, plural).
ENDINGS = {("m", False): ("s", "š"), ("m", True): ("i",),
           ("f", False): ("a", "e", "ība"), ("f", True): ("as", "es")}
NOT_MASCULINE = ("as", "es", "ās", "ēs", "us")  # genitives that end in “s” too


def agrees(phrase: str, gender: str, plural: bool) -> bool:
    """Some word of the phrase is a nominative of the declared gender and number."""
    for word in re.findall(r"[^\W\d_]+", phrase):
        word = word.lower()
        if gender == "m" and not plural:
            if word.endswith(("s", "š")) and not word.endswith(NOT_MASCULINE):
                return True
            if word.endswith("us") and word not in ("bērnus",):
                return True
        elif word.endswith(ENDINGS[(gender, plural)]) and len(word) > 3:
            return True
    return False


@pytest.mark.django_db
def test_every_indicator_of_the_catalogue_carries_its_forms_in_both_languages():
    indicators = list(Indicator.objects.all())
    assert len(indicators) > 60
    for indicator in indicators:
        assert indicator.phrase_lv and indicator.phrase_en, indicator.code
        assert indicator.gender_lv in ("m", "f"), indicator.code
        assert agrees(indicator.phrase_lv, indicator.gender_lv, indicator.plural_lv), (
            indicator.code, indicator.phrase_lv)
        # the catalogue name is a heading (“t. sk. grāmatas”), the phrase a subject
        assert not indicator.phrase_lv.startswith("t. sk."), indicator.code
        assert not indicator.phrase_en.startswith("of which"), indicator.code
        # an English “the number of …” is singular; a bare plural noun is plural
        if indicator.phrase_en.startswith("the number of"):
            assert not indicator.plural_en, indicator.code


def test_the_forms_test_tells_a_wrong_gender_or_number():
    assert agrees("izdevumi uz vienu iedzīvotāju", "m", True)
    assert not agrees("izdevumi uz vienu iedzīvotāju", "m", False)
    assert agrees("Letonikas lejupielādes", "f", True)
    assert not agrees("grāmatu krājuma apgrozība", "m", False)


@pytest.mark.django_db
def test_every_indicator_says_its_sentence_in_both_languages_with_its_agreement():
    """Each indicator's “not comparable” sentence agrees with its noun: the Latvian
    pronoun and adjective, the English verb."""
    for indicator in Indicator.objects.all():
        forms = Forms(indicator.phrase_lv, indicator.phrase_en, indicator.gender_lv,
                      indicator.plural_lv, indicator.plural_en)
        lv = _not_compared("lv", forms.phrase_lv, forms, "5", 2021, 2020, 2021)
        en = _not_compared("en", forms.phrase_en, forms, "5", 2021, 2020, 2021)
        pronoun = {("m", False): "tas nav salīdzināms", ("f", False): "tā nav salīdzināma",
                   ("m", True): "tie nav salīdzināmi", ("f", True): "tās nav salīdzināmas"}
        assert pronoun[(indicator.gender_lv, indicator.plural_lv)] in lv, indicator.code
        assert (" were 5 " if indicator.plural_en else " was 5 ") in en, indicator.code
        assert "%" not in lv + en and "{" not in lv + en


@pytest.mark.django_db
def test_the_forms_are_editable_with_the_indicator_in_the_admin(admin_user, client_for):
    indicator = Indicator.objects.get(code="visits.total")
    page = client_for(admin_user).get(
        reverse("admin:catalogue_indicator_change", args=[indicator.pk]))
    assert page.status_code == 200
    for name in ("phrase_lv", "phrase_en", "gender_lv", "plural_lv", "plural_en"):
        assert f'name="{name}"' in page.content.decode()


# Pure sentences over a small report -------------------------------------------------------

class _Row:
    def __init__(self, code, values, missing=(0, 0, 0), label="", percentage=False):
        self.code, self.values, self.missing = code, values, missing
        self.label, self.is_percentage, self.unit, self.decimals = label, percentage, "number", 0
        before, now = values[-2], values[-1]
        exact = None if before is None or now is None or any(missing[-2:]) else (
            (now - before) / before * 100)
        self.changes = (None, None, exact)


def _data(rows, libraries_total=3):
    from types import SimpleNamespace

    table = SimpleNamespace(key="main_indicators", title="Bibliotēkas pamatrādītāji",
                            chapter=5, show_change=True, rows=tuple(rows))
    return SimpleNamespace(
        years=(2019, 2020, 2021), library_total=libraries_total, missing_libraries=(),
        chapters=(SimpleNamespace(number=5, tables=(table,)),),
        tables=SimpleNamespace(merges=()))


VISITS = Forms("apmeklējums", "visits", "m", False, True)


def test_a_falling_total_says_samazinājās_and_names_the_libraries_that_moved_it():
    row = _Row("visits.total", (None, Decimal(1000), Decimal(800)))
    inputs = FactInputs(forms={"visits.total": VISITS}, libraries={"visits.total": (
        LibraryFigures("A bibliotēka", Decimal(500), Decimal(350)),
        LibraryFigures("B bibliotēka", Decimal(300), Decimal(240)),
        LibraryFigures("C bibliotēka", Decimal(200), Decimal(210)))})
    facts = build_facts(_data([row]), inputs)
    change = next(f for f in facts if f.kind == CHANGE)
    assert plain(change.text_lv) == (
        "Apmeklējums 2021. gadā samazinājās par 20 % līdz 800 (2020. gadā – 1 000).")
    assert plain(change.text_en) == "Visits fell by 20 % to 800 in 2021 (2020: 1,000)."
    movers = next(f for f in facts if f.kind == MOVERS_KIND)
    # the library that grew is not named among those that made the total fall
    assert plain(movers.text_lv) == (
        "Visvairāk apmeklējums samazinājās šādās bibliotēkās: A bibliotēka (−150; 75 % no "
        "kopējās izmaiņas) un B bibliotēka (−60; 30 % no kopējās izmaiņas).")
    assert [item["share_pct"] for item in movers.figures["libraries"]] == [75, 30]


def test_a_rise_says_pieauga_and_a_change_within_the_tolerance_nemainījās():
    rows = [_Row("visits.total", (None, Decimal(1000), Decimal(1100))),
            _Row("loans.total", (None, Decimal(1000), Decimal(1004)))]
    facts = build_facts(_data(rows), FactInputs(forms={
        "visits.total": VISITS, "loans.total": Forms("izsniegums", "loans", "m", False, True)}))
    texts = [f.text_lv for f in facts if f.kind == CHANGE]
    assert "pieauga par 10 %" in texts[0]
    assert plain(texts[1]) == "Izsniegums 2021. gadā nemainījās: 1 004 (2020. gadā – 1 000)."
    assert "were unchanged in 2021" in [f.text_en for f in facts if f.kind == CHANGE][1]


def test_totals_lacking_libraries_are_not_compared_and_the_completeness_says_so():
    row = _Row("finance.expenses_total", (None, Decimal(1000), Decimal(900)), missing=(0, 0, 1))
    facts = build_facts(_data([row]), FactInputs(forms={
        "finance.expenses_total": Forms("izdevumi", "expenses", "m", True, True)}))
    change = next(f for f in facts if f.kind == CHANGE)
    assert change.text_lv == ("Izdevumi 2021. gadā bija 900; ar 2020. gadu tie nav "
                              "salīdzināmi (2021. gada kopsummā nav visu bibliotēku datu).")
    assert change.text_en == ("Expenses were 900 in 2021; they are not compared with 2020 "
                              "(the total of 2021 lacks libraries).")
    completeness = facts[0]
    assert completeness.text_lv == ("Bibliotēkas pamatrādītāji: kopsummās ir dati no 2 no 3 "
                                    "bibliotēkām.")


# Far above or below the peers per inhabitant ----------------------------------------------

def _peer_region(slug: str, far: bool = True):
    """21 libraries, populations 1 000, 1 010, … (four groups of five once the library with
    a renovation is left out), visits per inhabitant 2,00–2,20; with `far`, library 3 has
    5,10 (its group's median 2,10), library 12 has 0,40 (median 2,05) and library 7, under
    renovation, 9,00."""
    region = Region.objects.create(name=f"Reģions {slug}", slug=slug)
    libraries = make_network(region, 21)
    per = {i: Decimal("2.00") + Decimal("0.05") * (i % 5) for i in range(21)}
    if far:
        per.update({3: Decimal("5.10"), 12: Decimal("0.40"), 7: Decimal("9.00")})
    for i, library in enumerate(libraries):
        population = Decimal(1000 + 10 * i)
        mine = Value.objects.filter(submission__library=library, submission__year__year=2021)
        mine.filter(indicator__code="population.total").update(value=population)
        mine.filter(indicator__code="visits.total").update(value=per[i] * population)
    ContextEvent.objects.create(library=libraries[7], year=2021, kind="renovation",
                                date_from=date(2021, 2, 1), reason="jaunas grīdas")
    return region, libraries


@pytest.mark.django_db
def test_the_libraries_far_above_and_below_their_peers_are_named_in_both_languages():
    region, libraries = _peer_region("peers")
    facts = report_facts(region, 2021)
    peers = [f for f in facts if f.kind == PEERS_KIND]
    assert [(f.section, f.indicator) for f in peers] == [("main_indicators", "visits.total")]
    fact = peers[0]
    high, low = libraries[3].name, libraries[12].name
    assert plain(fact.text_lv) == (
        f"Apmeklējums uz vienu iedzīvotāju 2021. gadā bija krietni virs līdzīga lieluma "
        f"bibliotēku mediānas: {high} (5,10; mediāna 2,10); krietni zem tās: "
        f"{low} (0,40; mediāna 2,05).")
    assert plain(fact.text_en) == (
        f"Visits per inhabitant were far above the median of libraries of a similar size "
        f"in 2021: {high} (5.10; median 2.10); far below it: {low} (0.40; median 2.05).")
    # the library under renovation (9,00 per inhabitant) is left out, as the checks do
    assert libraries[7].name not in fact.text_lv
    above, below = fact.figures["above"][0], fact.figures["below"][0]
    assert (above["per_inhabitant"], above["median"], above["group_size"]) == (
        Decimal("5.1"), Decimal("2.1"), 5)
    assert above["z"] > Decimal("3.5") and below["z"] < Decimal("-3.5")
    # the fact follows the visits' change and movers in the report's order
    kinds = [f.kind for f in facts if f.indicator == "visits.total"]
    assert kinds.index(PEERS_KIND) > kinds.index(CHANGE)
    # counted in the groups, the library under renovation would have been named
    data = build_report(region, 2021)
    inputs = fact_inputs(region, data)
    assert inputs.peers_left_out == {libraries[7].name}
    counted = build_facts(data, FactInputs(forms=inputs.forms, peers=inputs.peers))
    assert libraries[7].name in next(f for f in counted if f.kind == PEERS_KIND).text_lv


@pytest.mark.django_db
def test_every_peer_figure_says_its_peer_sentence_with_the_catalogue_s_forms():
    """One group of five (pure): library E is far above for every peer figure, in both
    languages with the catalogue's subject and the English verb's number."""
    indicators = Indicator.objects.in_bulk(list(PEER_FIGURES), field_name="code")
    per = {"A": "2.00", "B": "2.05", "C": "2.10", "D": "2.15", "E": "9.00"}
    peers = {name: {"population.total": Decimal(1000),
                    **{code: Decimal(value) * 1000 for code in PEER_FIGURES}}
             for name, value in per.items()}
    forms = {code: Forms(ind.phrase_lv, ind.phrase_en, ind.gender_lv, ind.plural_lv,
                         ind.plural_en) for code, ind in indicators.items()}
    rows = [_Row(code, (None, Decimal(1000), Decimal(1100))) for code in PEER_FIGURES]
    facts = [f for f in build_facts(_data(rows, 5), FactInputs(forms=forms, peers=peers))
             if f.kind == PEERS_KIND]
    assert [f.indicator for f in facts] == list(PEER_FIGURES)
    for fact in facts:
        ind = indicators[fact.indicator]
        assert plain(fact.text_lv).startswith(
            f"{ind.phrase_lv[0].upper()}{ind.phrase_lv[1:]} uz vienu iedzīvotāju 2021. gadā "
            "bija krietni virs līdzīga lieluma bibliotēku mediānas: E (9,00; mediāna 2,10).")
        verb = "were" if ind.plural_en else "was"
        assert f" per inhabitant {verb} far above the median" in fact.text_en
        assert "E (9.00; median 2.10)" in fact.text_en
        assert "%" not in fact.text_lv + fact.text_en


@pytest.mark.django_db
def test_no_peer_fact_when_nobody_is_beyond_the_quality_check_s_limit():
    region, _libraries = _peer_region("even", far=False)
    facts = report_facts(region, 2021)
    assert any(f.kind == CHANGE and f.indicator == "visits.total" for f in facts)
    assert not [f for f in facts if f.kind == PEERS_KIND]


@pytest.mark.django_db
def test_the_command_prints_the_peer_fact():
    _peer_region("peers-cmd")
    out = StringIO()
    call_command("report_facts", year=2021, region="peers-cmd", section="5", format="json",
                 stdout=out)
    item = next(i for i in json.loads(out.getvalue()) if i["kind"] == PEERS_KIND)
    assert item["indicator"] == "visits.total"
    assert item["figures"]["above"][0]["per_inhabitant"] == "5.1"
    assert "krietni virs līdzīga lieluma bibliotēku mediānas" in item["sentence"]["lv"]


@pytest.mark.django_db
def test_the_regional_text_panel_offers_the_peer_fact(client_for):
    region, libraries = _peer_region("peers-panel")
    page = client_for(regional_user(region, Role.METHODOLOGIST)).get(
        reverse("reports:regional_text", args=[2021, "5-indicators"]))
    html = plain(page.content.decode())
    assert (f"Apmeklējums uz vienu iedzīvotāju 2021. gadā bija krietni virs līdzīga lieluma "
            f"bibliotēku mediānas: {libraries[3].name} (5,10; mediāna 2,10)") in html


@pytest.mark.django_db
def test_fact_inputs_reads_a_fixed_number_of_queries_whatever_the_network():
    counts = []
    for slug, size in (("small", 5), ("large", 60)):
        region = Region.objects.create(name=slug, slug=slug)
        make_network(region, size)
        data = build_report(region, 2021)
        with CaptureQueriesContext(connection) as context:
            inputs = fact_inputs(region, data)
        counts.append(len(context.captured_queries))
        assert len(inputs.peers) == size
        assert all(values["population.total"] for values in inputs.peers.values())
    assert counts[0] == counts[1] == 7


# The demo's 2021 report ------------------------------------------------------------------

class DemoFactsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo_copy()
        cls.region = Region.objects.get(slug="rezeknes-novads")

    def test_chapter_5_says_visits_fell_by_13_percent_to_77_282_naming_the_libraries(self):
        facts = report_facts(self.region, 2021)
        visits = [f for f in facts if f.indicator == "visits.total" and f.chapter == 5]
        change = next(f for f in visits if f.kind == CHANGE)
        assert plain(change.text_lv).startswith(
            "Apmeklējums 2021. gadā samazinājās par 13 % līdz 77 282 (2020. gadā – ")
        assert plain(change.text_en).startswith("Visits fell by 13 % to 77,282 in 2021")
        movers = next(f for f in visits if f.kind == MOVERS_KIND)
        named = [item["library"] for item in movers.figures["libraries"]]
        assert len(named) == 3 and all(name in movers.text_lv for name in named)
        assert all(item["change"] < 0 for item in movers.figures["libraries"])
        completeness = next(f for f in facts if f.section == "main_indicators"
                            and f.kind == "completeness")
        assert "35 no 35 bibliotēkām" in completeness.text_lv
        # no library of the demo's 2021 is beyond the quality check's limit among its
        # peers (the largest |z| is 2,3, Kantinieku's loans): no such fact is made up
        assert not [f for f in facts if f.kind == PEERS_KIND]

    def test_the_year_s_renovation_and_merge_are_facts(self):
        from libraries.models import Library

        library = Library.objects.get(region=self.region, slug="audrinu")
        ContextEvent.objects.create(library=library, year=2021, kind="renovation",
                                    date_from=date(2021, 3, 1), date_to=date(2021, 9, 30),
                                    reason="jauns jumts")
        absorbed = Library.objects.get(region=self.region, slug="maltas")
        into = Library.objects.get(region=self.region, slug="dricanu")
        Library.objects.filter(pk=absorbed.pk).update(merged_into=into, closed_from=2021)
        data = build_report(self.region, 2021)
        events = [f for f in build_facts(data, fact_inputs(self.region, data))
                  if f.kind == EVENT]
        assert [plain(f.text_lv) for f in events] == [
            f"{library.name}: remonts, 01.03.2021.–30.09.2021. (jauns jumts).",
            f"No 2021. gada {absorbed.name} un {into.name} ir apvienotas; darbu turpina "
            f"{into.name}."]
        assert events[0].text_en.startswith(f"{library.name}: renovation")
        assert all(f.section == "events" and f.chapter == 1 for f in events)

    def test_the_command_prints_the_same_facts_as_json_and_text(self):
        out = StringIO()
        call_command("report_facts", year=2021, region="rezeknes-novads", section="5",
                     format="json", stdout=out)
        items = json.loads(out.getvalue())
        visits = next(i for i in items if i["indicator"] == "visits.total"
                      and i["kind"] == CHANGE)
        assert visits["section"] == "main_indicators" and visits["chapter"] == 5
        assert visits["figures"]["value"] == "77282"
        assert "samazinājās par 13 %" in visits["sentence"]["lv"]
        assert {i["chapter"] for i in items} == {5}
        out = StringIO()
        call_command("report_facts", year=2021, region="rezeknes-novads",
                     section="5-indicators", format="text", language="en", stdout=out)
        assert "Visits fell by 13 % to 77,282" in out.getvalue()

    def test_the_regional_text_page_shows_its_chapter_s_facts_to_insert(self):
        user = User.objects.get(username="metodikis")
        self.client.force_login(user)
        page = self.client.get(reverse("reports:regional_text", args=[2021, "5-indicators"]))
        html = plain(page.content.decode())
        assert "Apmeklējums 2021. gadā samazinājās par 13 % līdz 77 282" in html
        assert 'name="fact"' in html
        # without JavaScript the button posts the form and the server appends the sentence
        index = next(i for i, fact in enumerate(page.context["facts"])
                     if "Apmeklējums 2021. gadā samazinājās" in fact["text"])
        posted = self.client.post(
            reverse("reports:regional_text", args=[2021, "5-indicators"]),
            {"html": "<p>Ievads.</p>", "fact": str(index)})
        editor = plain(posted.context["form"].initial["html"])
        assert editor.startswith("<p>Ievads.</p>\n<p>Apmeklējums 2021. gadā samazinājās par 13 %")
        assert not RegionalText.objects.filter(html__contains="Ievads.").exists()  # not saved
        other = self.client.get(reverse("reports:regional_text", args=[2021, "2-assessment"]))
        assert "Apmeklējums 2021. gadā samazinājās" not in plain(other.content.decode())


class RegionTextHintsTests(TestCase):
    """Before publishing: the region's texts against the report's figures."""

    @classmethod
    def setUpTestData(cls):
        demo_copy()
        cls.region = Region.objects.get(slug="rezeknes-novads")
        cls.methodologist = User.objects.get(username="metodikis")
        RegionalText.objects.update_or_create(
            region=cls.region, year=2021, section=Section.objects.get(code="5-indicators"),
            defaults={"html": "<p>Bibliotēku apmeklējums 2021. gadā pieauga.</p>"})

    def test_the_report_page_flags_a_rise_beside_a_falling_total_and_it_is_dismissed(self):
        self.client.force_login(self.methodologist)
        url = reverse("reports:report") + "?year=2021"
        page = self.client.get(url)
        rows = page.context["text_hints"]
        assert [(row["hint"].kind, row["hint"].code) for row in rows] == [
            ("direction", "visits.total")]
        html = page.content.decode()
        panel = html[html.index('id="text-hints"'):html.index('class="publish-form"')]
        assert "Tekstā “pieauga”, bet skaitlis samazinājās (-13 %)." in panel
        assert 'href="#sec-5-indicators"' in panel
        assert reverse("reports:breakdown", args=["visits.total"]) in panel
        self.client.post(reverse("reports:text_hint_dismiss", args=[2021]),
                         {"key": rows[0]["hint"].key, "reason": "Domāts virtuālais"})
        row = self.client.get(url).context["text_hints"][0]
        assert row["dismissal"].reason == "Domāts virtuālais"

    def test_only_the_region_s_methodologist_dismisses(self):
        self.client.force_login(self.methodologist)
        key = self.client.get(reverse("reports:report") + "?year=2021").context[
            "text_hints"][0]["hint"].key
        url = reverse("reports:text_hint_dismiss", args=[2021])
        for username in ("pasvaldiba", "bibliotekars"):
            self.client.force_login(User.objects.get(username=username))
            assert self.client.post(url, {"key": key, "reason": "x"}).status_code == 403
        # another region's methodologist works on their own region: the key is no hint there
        self.client.force_login(User.objects.get(username="metodikis-vidzeme"))
        self.client.post(url, {"key": key, "reason": "x"})
        assert not TextHintDismissal.objects.exists()
