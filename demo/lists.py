"""Lists and texts of the 2021 demo data, taken from the 2021 report.

Training events are the report's table “Apmeklētie profesionālās pilnveides
pasākumi”: each event's participants are spread one per library, so merging the
libraries' lists gives the report's rows back.
"""

# date from, date to, place, organiser, title, hours, participants
TRAINING_2021 = [
    ("2021-01-21", None, "ZOOM", "LNB",
     "Konference “Literatūras zināšanas mūsdienīgam bibliotekāram”", "5", 2),
    ("2021-01-20", "2021-02-16", "Tiešsaistē", "Biedrība “Viedokļu līderu skola”",
     "Projekta “Mediju klubs” tiešsaistes nodarbības", "10", 2),
    ("2021-02-16", None, "Tiešsaistē", "LNB",
     "Latvijas bibliotēku sistēma un bibliotēku darbību reglamentējošie dokumenti", "6", 1),
    ("2021-02-17", None, "ZOOM", "Cert.lv", "IT drošība darba vietā", "4", 1),
    ("2021-02-23", None, "ZOOM", "LNB", "Lietotāju apkalpošana bibliotēkā", "5", 3),
    ("2021-03-02", None, "ZOOM", "LNB KAC",
     "Informācijas meklēšana digitālajā kolekcijā periodika.lv", "4", 1),
    ("2021-03-10", None, "Tiešsaistē", "Projekts “Zenit stāsti”",
     "Projekta “Zenit stāsti” seminārs", "3", 6),
    ("2021-03-18", None, "Tiešsaistē", "Latvijas Kultūras koledža",
     "Tiešsaistes atvērtās lekcijas publisko bibliotēku darbiniekiem", "4", 7),
    ("2021-03-31", None, "MS Teams", "Rēzeknes Centrālā bibliotēka (RCB)",
     "Rēzeknes reģiona bibliotēku darbinieku seminārs", "5", 31),
    ("2021-04-14", None, "ZOOM", "Ludzas rajona partnerība",
     "4 soļu stratēģija Facebook jēgpilnai izmantošanai klientu piesaistei", "5.5", 1),
    ("2021-04-14", None, "ZOOM", "LBB",
     "Latvijas bibliotekāru 21. konference “Darīt neticamo!”", "5", 9),
    ("2021-04-15", None, "ZOOM", "LBB", "Bibliotēku ideju tirgus “Darīt neticamo!”", "4", 9),
    ("2021-04-16", None, "ZOOM", "Izglītības un attīstības centrs EGO",
     "Emocionālā higiēna darbā un ikdienā", "8", 29),
    ("2021-05-13", None, "ZOOM", "LNB",
     "Konference “Literatūras zināšanas mūsdienīgam bibliotekāram”", "5", 9),
    ("2021-05-14", None, "ZOOM", "LBB Latgales nodaļa",
     "Konference “Pašizglītība personības attīstībai”", "6", 13),
    ("2021-05-27", None, "ZOOM", "LNB, LBB",
     "Latvijas pagastu bibliotekāru 6. kongress “Pagasta bibliotēka – vieta kopienas "
     "attīstībai”", "6.5", 4),
    ("2021-05-28", None, "Tiešsaistē", "LNB", "Ievads medijpratībā", "3", 4),
    ("2021-06-08", None, "ZOOM", "Pedagoģiskās meistarības skola",
     "Bibliotēkas speciālista kompetences programma „Labvēlīgas psiholoģiskās vides "
     "veidošana bibliotēkas darbā”", "6", 1),
    ("2021-07-28", None, "Rēzeknes CB / klātienē", "RCB",
     "Darbs ar bibliotēku informācijas sistēmu ALISE", "3.5", 3),
    ("2021-08-24", None, "RCB / klātienē", "RCB",
     "Darbs ar bibliotēku informācijas sistēmu ALISE", "3.5", 4),
    ("2021-09-02", "2021-11-09", "Tiešsaistē", "LNB KAC, LBB",
     "Nenoteiktības un pārmaiņu apstākļos nepieciešamo kompetenču attīstīšana Latvijas "
     "bibliotēku vadītājiem", "24", 1),
    ("2021-09-09", None, "Tiešsaistē", "LNB",
     "Elektroniskie resursi un informācijas meklēšana", "6", 1),
    ("2021-09-22", None, "Tiešsaistē", "Latvijas Bibliotekāru izglītības apvienība",
     "Nesaprotamais jaunietis bibliotēkā", "2", 3),
    ("2021-09-24", None, "MS Teams",
     "Europe Direct Austrumlatgalē un Krāslavas novada CB",
     "Seminārs “Digitālās komunikācijas pamati un komplimentu kultūra Eiropā”", "4", 8),
    ("2021-09-30", None, "Tiešsaistē", "Izglītības un attīstības centrs EGO",
     "Pasākuma vizuālā tēla un noformējuma veidošana", "8", 1),
    ("2021-10-15", None, "Tiešsaistē", "Pedagoģiskās meistarības skola",
     "Digitālā vide kā instruments interešu īstenošanai", "6", 2),
    ("2021-10-29", None, "MS Teams", "RCB", "Rēzeknes reģiona bibliotēku darbinieku seminārs",
     "5", 28),
    ("2021-11-01", "2021-11-20", "ZOOM", "British Council Latvia", "Interaktīvā medijpratība",
     "12", 3),
    ("2021-11-04", None, "Tiešsaistē", "RCB",
     "Medijpratība – ne tikai izglītības, bet arī veselības un drošības jautājums", "5", 3),
    ("2021-11-05", "2021-12-09", "ZOOM", "Patvērums “Droša māja”", "“Atvērti pasaulei”", "30",
     1),
    ("2021-11-24", None, "MS Teams", "RCB", "Darbs ar bibliotēku informācijas sistēmu ALISE",
     "1.5", 11),
    ("2021-12-15", None, "MS Teams", "RCB",
     "Analītisko ierakstu veidošana saskaņā ar RDA par Latviju un Eiropu", "4", 21),
    ("2021-12-21", None, "Tiešsaistē", "Pedagoģiskās meistarības skola",
     "Kompetences programma “Kultūras darba psihohigiēna”", "6", 2),
]

PROJECTS_2021 = {
    "feimanu": [(
        "Iedvesmas bibliotēka", "LNB Atbalsta biedrība; pašvaldība", "2100",
        "Modernizējot bibliotēku, tiks piedāvāts jauns publiski pieejams izklaidējošs un reizē "
        "izglītojošs komplekss: jaunākās paaudzes 3 grupas apgūs 3D tehnoloģijas pamatus. "
        "Laika posmā 01.2022. – 12.2022.",
        "no",
    )],
}

IMPROVEMENTS_2021 = {
    "deksares": "Kosmētiskais remonts visās telpās",
    "dricanu": "Sanitārās telpas izbūve; ieejas celiņa un laukuma pie kāpnēm rekonstrukcija",
    "ozolmuizas": "Telpu kosmētiskais remonts, nomainīts grīdas segums",
    "sakstagala": "Bibliotēkas un datortelpas kosmētiskais remonts; pārvietojamie plaukti",
    "makonkalna": "Pievienota viena telpa 48 m² platībā bērnu krājumam",
    "audrinu": "Nomainīta apkures sistēma, notekreņu remonts, jaunas evakuācijas durvis",
    "griskanu": "Nomainīti divi gaismas ķermeņu bloki",
    "maltas": "Uzstādīts jauns granulu katls",
    "cornajas-ratnieku": "Ārsienas energoefektivitātes darbi",
    "veremu": "Ārsienas energoefektivitātes darbi; periodikas un bērnu grāmatu plaukts",
    "sokolku": "Uzstādīti divi jauni soliņi pie ieejas",
    "struzanu": "Ratiņkrēslu uzbrauktuves un kāpņu remonts, velo novietne, bērnu mēbeles",
    "vilanu-radopoles": "Remontētas āra kāpnes, jauna nojume ieejas durvīm",
    "feimanu": "5 jauni datorkrēsli un 3 apmeklētāju krēsli",
}

TEXTS_2021 = {
    ("dricanu", "5-new-services"):
        "<p>Uzsākta Rēzeknes novada veco ļaužu pansionāta Pilcenes filiāles klientu "
        "apkalpošana. Pansionāta sociālajam darbiniekam, kā bibliotēkas lasītājam, tiek "
        "izsniegtas grāmatas un periodika, kurš tos nogādā pansionāta klientiem.</p>",
    ("dricanu", "5-surveys"):
        "<p>Akcijas „Labo vārdu pasts 2021” laikā saņemti 37 pozitīvi bibliotēkas darba "
        "vērtējumi.</p>",
    ("audrinu", "5-surveys"):
        "<p>Reizi gadā tiek veikta aptauja ar mērķi uzzināt iedzīvotāju viedokli par "
        "bibliotēkas pakalpojumiem. Anketa ir anonīma.</p>",
    ("veremu", "5-surveys"):
        "<p>Aprīlī bibliotēkas Facebook lapā bija ievietota aptaujas anketa ar mērķi "
        "noskaidrot lietotāju vēlmes un vajadzības.</p>",
    ("silmalas-kruku", "5-surveys"):
        "<p>Digitālās nedēļas laikā bibliotēkas Facebook lapā notika anketēšana par "
        "bibliotēkas pakalpojumu izmantošanu. No 36 aptaujātajiem 58% bibliotēku apmeklē, lai "
        "lasītu grāmatas, gandrīz 78% seko bibliotēkas aktivitātēm sociālajos tīklos.</p>",
    ("sakstagala", "5-service-points"):
        "<p>Ārējās apkalpošanas punkts darbojas no 2015. gada 1. decembra katru piektdienu no "
        "9.00 līdz 16.00. Lasītāju apkalpošana notiek automatizēti BIS ALISE.</p>",
    ("vilanu-radopoles", "5-service-points"):
        "<p>Ārējais apkalpošanas punkts atrodas Jaunviļānu atpūtas un informācijas centrā "
        "“Kamenīte”, pieejams darbdienās no 8.00 līdz 17.00.</p>",
    ("maltas", "3-other"):
        "<p>Uzstādīts jauns granulu katls, kas nodrošinās pastāvīgu siltumu un ļaus samazināt "
        "izdevumus.</p>",
    ("feimanu", "9-reflections"):
        "<p>Izstrādājām projekta “Iedvesmas bibliotēka” pieteikumu; diemžēl tas netika "
        "atbalstīts. Katrs projekts – jauna pieredze.</p>",
}
