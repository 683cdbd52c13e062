"""Demo regional texts (and the regional main library's first events) of 2021.

Shortened from the real 2021 report of the public libraries of Rēzekne county
(compiled on 07.03.2022 by the county's library information specialist): the
summary's priorities and new service, chapter 2's assessment of funding and chapter
12's priorities. They are the methodologist's own words; where they pass on what a
branch library reported, the quote names it as the report does,
"(no … pagasta bibliotēkas pārskata)".

`seed_regional_texts(region)` is called by `indicators.demo.seed_demo` and may be
run again: it overwrites these texts and adds each event once.
"""

from datetime import date
from decimal import Decimal

from indicators.models import Section
from libraries.models import Role, User
from reports.latvian import attribution
from reports.models import RegionalEvent
from reports.services import regional_event_save, regional_text_save

YEAR = 2021

TEXTS = {
    "0-priorities": (
        "<p>Bibliotēku darba prioritātes:</p>"
        "<ul>"
        "<li>darba organizācija Covid-19 apstākļos, ievērojot valstī pieņemtos lēmumus un "
        "epidemioloģisko ierobežojumu noteikumus;</li>"
        "<li>gatavošanās novada bibliotēku atkārtotai akreditācijai;</li>"
        "<li>darbinieku profesionālā pilnveide tiešsaistē;</li>"
        "<li>uzziņu un konsultatīvā darba nodrošināšana klātienē un attālināti;</li>"
        "<li>attālināto pakalpojumu attīstība;</li>"
        "<li>resursu pieejamības bezkontakta nodrošināšana;</li>"
        "<li>novadpētniecības darba aktivitātes, jauninājumi;</li>"
        "<li>bibliotēku vizuālā tēla uzlabošana.</li>"
        "</ul>"
    ),
    "0-new-services": (
        "<p>Rēzeknes novada veco ļaužu pansionāta “Strūžāni” Pilcenes filiāles klientu "
        "apkalpošana Dricānu pagasta bibliotēkā:</p>"
        "<blockquote><p>Pansionāta sociālajam darbiniekam, kā bibliotēkas lasītājam, tiek "
        "izsniegtas grāmatas un periodika, kurš tos nogādā pansionāta klientiem.</p>"
        f"<p><em>{attribution('Dricānu pagasta bibliotēka')}</em></p></blockquote>"
    ),
    "2-assessment": (
        "<p>Atalgojuma dinamika ir mainīga. Darbinieku atalgojums nedaudz palielinājās, "
        "toties tika samazinātas 3 slodzes no pilnas uz 0,75. Pušas pagasta bibliotēkā "
        "pārskata perioda laikā tā arī netika panākta darbinieka slodzes atgūšana.</p>"
        "<p>Krājuma komplektēšanas izdevumi kopskaitā mazliet samazinājās (par EUR 501), "
        "bet, ņemot katru bibliotēku atsevišķi, krājuma finansējums ir gan pieaudzis, gan "
        "samazinājies. Finansējums uz vienu iedzīvotāju ir EUR 18, nemainīgs ar iepriekšējo "
        "gadu, krājuma komplektēšanai EUR 2,20; tas atbilst Ministru kabineta noteikumiem "
        "“Bibliotēku darbībai nepieciešamā finansējuma normatīvi”, nodrošina bibliotēku "
        "pamatfunkciju veikšanu un pakāpenisku attīstību. Rēķinot krājuma komplektēšanas "
        "summu uz vienu lasītāju, sanāk apmēram EUR 11, kas tomēr ir par maz.</p>"
    ),
    "12-priorities": (
        "<p>Metodiskā darba organizācija vērsta uz bibliotēku darba kvalitātes uzturēšanu "
        "un attīstību. Prioritātes: bibliotēku darba organizācija Covid-19 apstākļos, "
        "profesionālās informācijas aprites nodrošināšana, publisko bibliotēku atkārtota "
        "akreditācija, akreditācijas dokumentu sagatavošana, apkopošana un iesniegšana "
        "akreditācijas komisijai, KM Bibliotēku nodaļai.</p>"
        "<p>Novada bibliotēku metodisko un konsultatīvo darbu veic pašvaldības kultūras "
        "nodaļas bibliotēku informācijas speciālists. Reģiona galvenā bibliotēka – Rēzeknes "
        "valstspilsētas Centrālā bibliotēka – nodrošina pakalpojumus novada bibliotēkām uz "
        "Rēzeknes novada pašvaldības un pašvaldības aģentūras “Rēzeknes Kultūras un Tūrisma "
        "centrs” līguma pamata.</p>"
    ),
}

# date, place, organiser, title and topics, participants, hours
EVENTS = (
    (date(YEAR, 3, 31), "MS Teams", "RGB",
     "Rēzeknes reģiona bibliotēku darbinieku seminārs: sadarbības rīki tiešsaistes "
     "pasākumos, komunikācija ar sabiedrību Covid-19 apstākļos, PRIMO katalogs, "
     "abonētās datubāzes", 31, Decimal(5)),
    (date(YEAR, 4, 16), "ZOOM", "Izglītības un attīstības centrs EGO",
     "Emocionālā higiēna darbā un ikdienā", 29, Decimal(8)),
    (date(YEAR, 7, 28), "Rēzeknes Centrālā bibliotēka", "RGB",
     "Darbs ar bibliotēku informācijas sistēmu ALISE – praktikums jauniem darbiniekiem",
     3, Decimal("3.5")),
)


def _methodologist(region) -> User | None:
    return (User.objects.filter(memberships__region=region,
                                memberships__role=Role.METHODOLOGIST)
            .order_by("pk").first())


def seed_regional_texts(region) -> None:
    """Write the demo regional texts of 2021 and the regional main library's first events."""
    user = _methodologist(region)
    sections = Section.objects.in_bulk(list(TEXTS), field_name="code")
    for code, html in TEXTS.items():
        if code in sections:
            regional_text_save(region=region, year=YEAR, section=sections[code], html=html,
                               user=user)
    for date_from, place, organiser, title, participants, hours in EVENTS:
        if not RegionalEvent.objects.filter(region=region, year=YEAR, date_from=date_from,
                                            title=title).exists():
            regional_event_save(event=RegionalEvent(
                region=region, year=YEAR, date_from=date_from, place=place,
                organiser=organiser, title=title, participants=participants, hours=hours))
