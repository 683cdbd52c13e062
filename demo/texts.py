"""Demo regional texts (and the regional main library's first events) of 2021.

One regional text in every chapter section, written for the demo (not copied from any
real report); their figures agree with the demo's 2021 tables. Where a text passes on
what a branch library reported, the quote names it as the report does,
"(no … pagasta bibliotēkas pārskata)".

`seed_regional_texts(region)` is called by `demo.seed.seed_demo` and may be
run again: it overwrites these texts and adds each event once.
"""

from datetime import date
from decimal import Decimal

from catalogue.models import Section
from libraries.models import Role, User
from reports.latvian import attribution
from reports.models import RegionalEvent
from reports.services import regional_event_save, regional_text_save

YEAR = 2021

def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def _list(intro: str, *items: str) -> str:
    return f"<p>{intro}</p><ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _quote(text: str, library: str) -> str:
    return f"<blockquote><p>{text}</p><p><em>{attribution(library)}</em></p></blockquote>"


# Every text section of 2021 has a regional text (section code → HTML), written for the demo.
TEXTS = {
    "0-priorities": _list(
        "Novada bibliotēku darba prioritātes 2021. gadā:",
        "pakalpojumu nodrošināšana mainīgajos Covid-19 ierobežojumu apstākļos;",
        "gatavošanās bibliotēku atkārtotai akreditācijai;",
        "attālināto pakalpojumu un e-pakalpojumu apmācību attīstība;",
        "darbinieku digitālo prasmju pilnveide;",
        "novadpētniecības materiālu apzināšana un pieejamība."),
    "0-new-services": _p(
        "Vairākās bibliotēkās ieviesta grāmatu rezervēšana pa tālruni un izsniegšana pie "
        "bibliotēkas durvīm, kad telpas apmeklētājiem bija slēgtas.") + _quote(
        "Pansionāta sociālais darbinieks saņem grāmatas un žurnālus bibliotēkā un katru "
        "otro nedēļu tos nogādā pansionāta iemītniekiem.", "Dricānu pagasta bibliotēka"),
    "0-projects": _p(
        "Feimaņu pagasta bibliotēka sagatavoja projekta “Iedvesmas bibliotēka” pieteikumu "
        "3D tehnoloģiju apguvei; to neatbalstīja, bet pieredze noderēs nākamajiem "
        "pieteikumiem (sīkāk 9. nodaļā)."),
    "0-reform": _p(
        "Pēc administratīvi teritoriālās reformas novada bibliotēku tīklā bibliotēku skaits "
        "nemainījās. Mainījās pārskatu un finanšu dokumentu aprite: tos tagad saskaņo "
        "apvienību pārvaldes."),
    "0-problems": _p(
        "Problēma: apmeklējumu skaits samazinājās par 13 % epidemioloģisko ierobežojumu dēļ. "
        "Risinājums: vairāk pakalpojumu attālināti un pasākumi ārpus telpām.",
        "Problēma: novecojuši datori vairākās bibliotēkās. Risinājums: pašvaldība 2022. "
        "gadā plāno pakāpenisku datortehnikas nomaiņu."),
    "1-territory": _p(
        "Rēzeknes novadā darbojas 35 publiskās bibliotēkas: viena pilsētas bibliotēka un 34 "
        "pagastu bibliotēkas. Lielākā ir Viļānu pilsētas bibliotēka, mazākās apkalpo "
        "pagastus ar mazāk nekā 500 iedzīvotājiem."),
    "1-units": _p(
        "Bibliotēkas sadarbojas ar 14 izglītības iestāžu bibliotēkām. Divās bibliotēkās "
        "darbojas ārējie apkalpošanas punkti, kuros grāmatas izsniedz reizi nedēļā."),
    "1-changes": _p(
        "Bibliotēku juridiskais statuss nemainījās. Vienai bibliotēkai mainījās darba laiks, "
        "lai tas labāk atbilstu lasītāju vēlmēm."),
    "1-strategy": _p(
        "No novada bibliotēku attīstības plāna paveikts: uzsākta krājuma rekataloģizācija, "
        "pilnveidotas bibliotēku tīmekļa lapas un rīkotas digitālo prasmju nodarbības "
        "senioriem."),
    "1-sdg": _p(
        "Bibliotēkas atbalsta ilgtspējīgas attīstības mērķus ar mūžizglītības pasākumiem, "
        "grāmatu apmaiņas plauktiem un informāciju par atkritumu šķirošanu."),
    "1-accreditation": _p(
        "2021. gadā akreditācijai tika sagatavoti dokumenti visām 35 bibliotēkām; "
        "akreditācijas komisija bibliotēkas apmeklēs 2022. gadā."),
    "2-assessment": _p(
        "Bibliotēku izdevumi kopā bija EUR 558 182, gandrīz tikpat, cik iepriekšējā gadā. "
        "Izdevumi uz vienu iedzīvotāju pieauga līdz EUR 18,03, jo iedzīvotāju skaits "
        "samazinājās.",
        "Krājuma komplektēšanai uz vienu iedzīvotāju bija EUR 2,20, uz vienu lietotāju "
        "apmēram EUR 10,59. Finansējums nodrošina pamatfunkcijas, taču jaunu grāmatu "
        "iegādei ar to ir par maz."),
    "3-renovation": _p(
        "Kosmētiskais remonts veikts Deksares, Ozolmuižas un Sakstagala pagasta bibliotēkās. "
        "Audriņu pagasta bibliotēkā nomainīta apkures sistēma, un lasītava iekārtota no "
        "jauna (skat. attēlu pielikumā)."),
    "3-expansion": _p(
        "Mākoņkalna pagasta bibliotēkai pievienota telpa (48 m²) bērnu krājumam; citām "
        "bibliotēkām telpas netika mainītas."),
    "3-new-buildings": _p("Jaunas bibliotēku ēkas 2021. gadā netika būvētas."),
    "3-equipment": _p(
        "Iegādāti 12 jauni datori un 4 multifunkcionālās iekārtas. Visās bibliotēkās "
        "pieejams bezvadu internets."),
    "3-other": _p(
        "Uzstādīti jauni plaukti un apgaismojums, vairākās bibliotēkās ierīkotas uzbrauktuves "
        "pie ieejas (sarakstā “Uzlabošanas darbi”)."),
    "3-problems": _p(
        "Problēma: divās bibliotēkās ziemā ir par vēsu. Risinājums: pašvaldība ir "
        "iekļāvusi apkures sistēmu remontu nākamā gada budžetā."),
    "4-staff": _p(
        "Bibliotēkās strādāja 42 bibliotekāri, no tiem 33 pilnu slodzi. Bibliotēku "
        "izglītība ir 14 darbiniekiem; pārējie mācās kursos un semināros."),
    "4-awards": _p(
        "Trīs bibliotekāri saņēma pašvaldības Atzinības rakstus par ilggadēju darbu."),
    "4-funding": _p(
        "Profesionālā pilnveide lielākoties notika bez maksas tiešsaistē; ceļa izdevumus uz "
        "klātienes semināriem sedza pašvaldība."),
    "4-problems": _p(
        "Problēma: grūti atrast darbiniekus ar bibliotēku izglītību. Risinājums: jaunajiem "
        "darbiniekiem rīkots praktikums Rēzeknes Centrālajā bibliotēkā."),
    "5-indicators": _p(
        "Aktīvo lietotāju skaits samazinājās līdz 6 441 (−9 %), apmeklējumu skaits līdz "
        "77 282 (−13 %). Izsniegumu skaits samazinājās mazāk (−4 %), bet grāmatu "
        "izsniegums pat pieauga par 7 %, jo lasītāji grāmatas ņēma līdzi uz mājām.",
        "Bibliotēkas apkalpoja 20,8 % novada iedzīvotāju."),
    "5-new-services": _p(
        "Jauni pakalpojumi: grāmatu rezervēšana pa tālruni, konsultācijas e-pakalpojumu "
        "lietošanā un grāmatu piegāde mājās cilvēkiem, kuri paši nevar ierasties."),
    "5-surveys": _p(
        "Maltas pagasta bibliotēka aptaujāja 164 lasītājus: 133 ir apmierināti vai ļoti "
        "apmierināti ar bibliotēku (skat. attēlu pielikumā). Jaunus lasītājus piesaistīja "
        "ar pasākumiem ģimenēm."),
    "5-service-points": _p(
        "Ārējos apkalpošanas punktos lasītāji saņēma 1 200 izsniegumus, galvenokārt "
        "periodiku."),
    "5-accessibility": _p(
        "Piecpadsmit bibliotēkas ir pieejamas cilvēkiem ar kustību traucējumiem. "
        "Vājredzīgajiem pieejamas grāmatas palielinātā drukā."),
    "5-target-groups": _p(
        "Senioriem rīkotas digitālo prasmju nodarbības, bezdarbniekiem palīdzēts sagatavot "
        "CV un meklēt vakances."),
    "5-events": _p(
        "Bibliotēkas rīkoja 410 pasākumus, no tiem 160 tiešsaistē: literāras pēcpusdienas, "
        "izstādes un tikšanās ar vietējiem autoriem."),
    "5-reference": _p(
        "Uzziņu skaits pieauga, jo vairāk jautājumu bija par e-pakalpojumiem un "
        "Covid-19 sertifikātiem."),
    "5-public-information": _p(
        "Visās bibliotēkās pieejami pašvaldības izdevumi, informācija par pakalpojumiem un "
        "vēlēšanām."),
    "5-ecatalogue": _p(
        "Elektroniskajā katalogā autorizēto lietotāju skaits pieauga līdz 638; 442 no tiem "
        "autorizējās 2021. gadā."),
    "5-digitisation": _p(
        "Digitalizētas 230 fotogrāfijas no pagastu vēstures krājumiem."),
    "5-ill": _p(
        "Pa starpbibliotēku abonementu saņemti 874 un nosūtīti 629 izdevumi; "
        "galvenais partneris ir Rēzeknes Centrālā bibliotēka."),
    "5-problems": _p(
        "Problēma: daļa lasītāju neprot lietot elektronisko katalogu. Risinājums: "
        "individuālas konsultācijas un īsas instrukcijas bibliotēkās."),
    "6-policy": _p(
        "Krājumu komplektē pēc novada bibliotēku komplektēšanas politikas, kas 20 "
        "bibliotēkās pārskatīta 2021. gadā."),
    "6-funding": _p(
        "Krājuma komplektēšanai pašvaldība piešķīra EUR 68 180; grāmatām izlietoti "
        "EUR 43 029, periodikai EUR 25 125."),
    "6-recataloguing": _p(
        "Rekataloģizācija turpinās; 2021. gadā kopkatalogā ievadīti vēl 5 000 eksemplāru."),
    "6-stocktaking": _p("Krājuma pārbaude notika četrās bibliotēkās."),
    "6-analysis": _p(
        "Krājumā ir 265 595 vienības. Jaunieguvumi — 21 972, izslēgti 19 796 novecojuši "
        "un nolietoti izdevumi."),
    "6-databases": _p(
        "Letonika.lv skatījumu skaits pieauga līdz 3 048, News.lv līdz 2 223."),
    "6-promotion": _p(
        "Jaunās grāmatas popularizētas izstādēs un bibliotēku sociālo tīklu kontos."),
    "6-debtors": _p(
        "Parādniekiem zvana un sūta atgādinājumus; nenodoto izdevumu skaits samazinājās."),
    "6-problems": _p(
        "Problēma: finansējums nepietiek visiem lasītāju pieprasītajiem jaunumiem. "
        "Risinājums: grāmatu apmaiņa starp novada bibliotēkām."),
    "7-overview": _p(
        "Bērnu lietotāju bija 2 039, bērnu apmeklējumu 17 354. Bērni ir 31,7 % no visiem "
        "lietotājiem."),
    "7-collection": _p("Bērnu literatūras jaunieguvumi — 1 400 eksemplāri."),
    "7-services": _p(
        "Pirmsskolas vecuma bērniem rīkoti lasīšanas rīti, skolēniem — erudīcijas spēles "
        "un radošās darbnīcas."),
    "7-reading": _p(
        "Lasīšanas veicināšanas programmā “Bērnu, jauniešu un vecāku žūrija” piedalījās 28 "
        "bibliotēkas. Vasarā rīkots lasīšanas piedzīvojums (skat. afišu pielikumā)."),
    "7-schools": _p(
        "Bibliotēkas sadarbojas ar skolām: bibliotekārās stundas, kopīgi pasākumi un "
        "mācību literatūras apmaiņa."),
    "7-partners": _p(
        "Sadarbības partneri: pagastu pārvaldes, kultūras nami un jauniešu centri."),
    "7-training": _p(
        "Bibliotekāri apmeklēja tiešsaistes seminārus par darbu ar bērniem un jauniešiem."),
    "7-problems": _p(
        "Problēma: bērnu skaits pagastos samazinās. Risinājums: pasākumi ģimenēm kopā ar "
        "skolām."),
    "8-directions": _p(
        "Novadpētniecībā uzmanība pievērsta pagastu vēsturei un vietējiem cilvēkiem."),
    "8-collection": _p(
        "Novadpētniecības krājums papildināts ar vietējo laikrakstu izgriezumiem un "
        "fotogrāfijām."),
    "8-promotion": _p(
        "Rīkotas izstādes par pagastu vēsturi, materiāli publicēti bibliotēku tīmekļa "
        "lapās."),
    "8-cooperation": _p("Sadarbība ar novada muzejiem un skolām."),
    "8-innovations": _p(
        "Divas bibliotēkas sāka vākt vietējo iedzīvotāju atmiņu stāstus audio ierakstos."),
    "8-problems": _p(
        "Problēma: trūkst laika novadpētniecības datu ievadei. Risinājums: brīvprātīgie."),
    "8-outlook": _p(
        "Nākamajos gados plānots digitalizēt vairāk fotogrāfiju un padarīt tās pieejamas "
        "tiešsaistē."),
    "9-reflections": _p(
        "Projekti ļauj iegādāties aprīkojumu un rīkot pasākumus, kam pamatbudžetā trūkst "
        "līdzekļu. Mazajām bibliotēkām vajadzīgs atbalsts pieteikumu rakstīšanā."),
    "10-image": _p(
        "Bibliotēkas informē par savu darbu pagastu izdevumos un sociālajos tīklos."),
    "10-web": _p(
        "Visām bibliotēkām ir lapa novada bibliotēku portālā; 22 bibliotēkām ir savs konts "
        "sociālajos tīklos."),
    "10-events": _p(
        "Veiksmīgākie pasākumi: vasaras lasīšanas piedzīvojums bērniem, dzejas dienas un "
        "tikšanās ar novadnieku rakstniekiem."),
    "10-problems": _p(
        "Problēma: ne visi bibliotekāri prot veidot publikācijas. Risinājums: seminārs par "
        "publicitāti 2022. gadā."),
    "11-municipality": _p(
        "Pašvaldība atbalsta bibliotēkas ar finansējumu un telpu uzturēšanu; bibliotekāri "
        "piedalās pagastu pasākumu organizēšanā."),
    "11-partners": _p(
        "Partneri: Latgales Centrālā bibliotēka, Rēzeknes Centrālā bibliotēka, "
        "biedrības un skolas."),
    "11-cross-border": _p("Pārrobežu sadarbības projektu 2021. gadā nebija."),
    "12-priorities": _p(
        "Metodiskā darba prioritātes: bibliotēku darbs Covid-19 apstākļos, akreditācijas "
        "dokumentu sagatavošana un darbinieku profesionālā pilnveide."),
    "12-main-library": _p(
        "Reģiona galvenā bibliotēka rīkoja seminārus un praktikumus (skat. pasākumu "
        "sarakstu) un konsultēja bibliotekārus par BIS ALISE."),
    "12-school-libraries": _p(
        "Izglītības iestāžu bibliotēkām sniegtas konsultācijas par krājuma uzskaiti."),
    "12-cooperation": _p(
        "Sadarbība ar Latvijas Nacionālo bibliotēku un Kultūras ministriju akreditācijas "
        "jautājumos."),
    "12-problems": _p(
        "Pilnveides vajadzības: digitālās prasmes, darbs ar jauniešiem un projektu "
        "rakstīšana."),
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
