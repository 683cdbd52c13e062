"""The demo network: Rēzekne county's 35 public libraries, named as the 2021 report names them.

Three names the report does not give (Ilzeskalna, Stoļerovas, Viļānu pagasta) are
real parishes of the county. `size` is a relative weight used to spread the
region totals plausibly: the town library and Maltas are the largest.
"""

REGION = {
    "name": "Rēzeknes novads",
    "slug": "rezeknes-novads",
    "main_library": "Rēzeknes valstspilsētas Centrālā bibliotēka",
}

# name, slug, parish, kind, external service points, size
LIBRARIES = [
    ("Audriņu pagasta bibliotēka", "audrinu", "Audriņu pagasts", "parish", 0, 1.15),
    ("Bērzgales pagasta bibliotēka", "berzgales", "Bērzgales pagasts", "parish", 0, 1.05),
    ("Čornajas pagasta Ratnieku bibliotēka", "cornajas-ratnieku", "Čornajas pagasts",
     "parish", 0, 0.75),
    ("Čornajas pagasta Rāznas bibliotēka", "cornajas-raznas", "Čornajas pagasts", "parish", 0,
     0.7),
    ("Dekšāres pagasta bibliotēka", "deksares", "Dekšāres pagasts", "parish", 0, 0.8),
    ("Dricānu pagasta bibliotēka", "dricanu", "Dricānu pagasts", "parish", 0, 1.45),
    ("Feimaņu pagasta bibliotēka", "feimanu", "Feimaņu pagasts", "parish", 0, 0.85),
    ("Gaigalavas pagasta bibliotēka", "gaigalavas", "Gaigalavas pagasts", "parish", 0, 0.9),
    ("Griškānu pagasta bibliotēka", "griskanu", "Griškānu pagasts", "parish", 0, 0.95),
    ("Ilzeskalna pagasta bibliotēka", "ilzeskalna", "Ilzeskalna pagasts", "parish", 0, 0.75),
    ("Kantinieku pagasta bibliotēka", "kantinieku", "Kantinieku pagasts", "parish", 0, 0.8),
    ("Kaunatas pagasta 1. bibliotēka", "kaunatas-1", "Kaunatas pagasts", "parish", 0, 1.0),
    ("Kaunatas pagasta 2. bibliotēka", "kaunatas-2", "Kaunatas pagasts", "parish", 0, 0.6),
    ("Lendžu pagasta bibliotēka", "lendzu", "Lendžu pagasts", "parish", 0, 0.85),
    ("Lūznavas pagasta bibliotēka", "luznavas", "Lūznavas pagasts", "parish", 0, 1.1),
    ("Mākoņkalna pagasta bibliotēka", "makonkalna", "Mākoņkalna pagasts", "parish", 0, 0.8),
    ("Maltas pagasta bibliotēka", "maltas", "Maltas pagasts", "parish", 0, 2.7),
    ("Nagļu pagasta bibliotēka", "naglu", "Nagļu pagasts", "parish", 0, 0.85),
    ("Nautrēnu pagasta bibliotēka", "nautrenu", "Nautrēnu pagasts", "parish", 0, 1.0),
    ("Ozolaines pagasta bibliotēka", "ozolaines", "Ozolaines pagasts", "parish", 0, 1.05),
    ("Ozolmuižas pagasta bibliotēka", "ozolmuizas", "Ozolmuižas pagasts", "parish", 0, 0.9),
    ("Pušas pagasta bibliotēka", "pusas", "Pušas pagasts", "parish", 0, 0.5),
    ("Rikavas pagasta bibliotēka", "rikavas", "Rikavas pagasts", "parish", 0, 0.9),
    ("Sakstagala pagasta bibliotēka", "sakstagala", "Sakstagala pagasts", "parish", 1, 0.95),
    ("Silmalas pagasta bibliotēka", "silmalas", "Silmalas pagasts", "parish", 0, 1.0),
    ("Silmalas pagasta Kruķu bibliotēka", "silmalas-kruku", "Silmalas pagasts", "parish", 0, 0.7),
    ("Silmalas pagasta Ružinas bibliotēka", "silmalas-ruzinas", "Silmalas pagasts", "parish",
     0, 0.65),
    ("Silmalas pagasta Štikānu bibliotēka", "silmalas-stikanu", "Silmalas pagasts", "parish",
     0, 0.6),
    ("Sokolku pagasta bibliotēka", "sokolku", "Sokolku pagasts", "parish", 0, 0.75),
    ("Stoļerovas pagasta bibliotēka", "stolerovas", "Stoļerovas pagasts", "parish", 0, 0.7),
    ("Strūžānu pagasta bibliotēka", "struzanu", "Strūžānu pagasts", "parish", 0, 0.95),
    ("Vērēmu pagasta bibliotēka", "veremu", "Vērēmu pagasts", "parish", 0, 1.0),
    ("Viļānu pagasta bibliotēka", "vilanu-pagasta", "Viļānu pagasts", "parish", 0, 0.75),
    ("Viļānu pagasta Radopoles bibliotēka", "vilanu-radopoles", "Viļānu pagasts", "parish", 1,
     0.85),
    ("Viļānu pilsētas bibliotēka", "vilanu-pilsetas", "Viļāni", "town", 0, 3.3),
]

# Where each demo library is, for its public page: the village or town (plausible, not
# checked against the address register) and a postcode; the street and the opening hours
# are made up (`address`, `opening_note` below).
PLACES = {
    "audrinu": ("Audriņi", "LV-4611"), "berzgales": ("Bērzgale", "LV-4612"),
    "cornajas-ratnieku": ("Ratnieki", "LV-4617"), "cornajas-raznas": ("Kaunata", "LV-4622"),
    "deksares": ("Dekšāres", "LV-4633"), "dricanu": ("Dricāni", "LV-4615"),
    "feimanu": ("Feimaņi", "LV-4627"), "gaigalavas": ("Gaigalava", "LV-4617"),
    "griskanu": ("Griškāni", "LV-4606"), "ilzeskalna": ("Ilzeskalns", "LV-4619"),
    "kantinieku": ("Kantinieki", "LV-4614"), "kaunatas-1": ("Kaunata", "LV-4622"),
    "kaunatas-2": ("Dubuļi", "LV-4622"), "lendzu": ("Lendži", "LV-4625"),
    "luznavas": ("Lūznava", "LV-4627"), "makonkalna": ("Lipuški", "LV-4628"),
    "maltas": ("Malta", "LV-4630"), "naglu": ("Ezernieki", "LV-4641"),
    "nautrenu": ("Rogovka", "LV-4652"), "ozolaines": ("Bekši", "LV-4601"),
    "ozolmuizas": ("Ozolmuiža", "LV-4607"), "pusas": ("Puša", "LV-4636"),
    "rikavas": ("Rikava", "LV-4638"), "sakstagala": ("Sakstagals", "LV-4641"),
    "silmalas": ("Gornica", "LV-4604"), "silmalas-kruku": ("Kruki", "LV-4604"),
    "silmalas-ruzinas": ("Ružina", "LV-4604"), "silmalas-stikanu": ("Štikāni", "LV-4604"),
    "sokolku": ("Sokolki", "LV-4650"), "stolerovas": ("Stoļerova", "LV-4646"),
    "struzanu": ("Strūžāni", "LV-4647"), "veremu": ("Adamova", "LV-4649"),
    "vilanu-pagasta": ("Viļāni", "LV-4650"), "vilanu-radopoles": ("Radopole", "LV-4650"),
    "vilanu-pilsetas": ("Viļāni", "LV-4650"),
}
STREETS = ("Skolas iela", "Centra iela", "Brīvības iela", "Dārza iela", "Parka iela")


def address(slug: str) -> str:
    """A demo library's address as a letter carries it: street and house, place, postcode."""
    place, postcode = PLACES[slug]
    number = sum(map(ord, slug)) % 23 + 1
    return f"{STREETS[len(slug) % len(STREETS)]} {number}, {place}, {postcode}"


def opening_note(slug: str, kind: str) -> str:
    if kind == "town":
        return "P.–Pk. 10–19, S. 10–15"
    return "P., T. 9–17; O., C. 10–18; Pk. 9–16" if len(slug) % 2 else "P.–Pk. 9–17"


# Region totals by year, as printed in the 2021 report (DOMAIN.md). None: not reported.
# Where the report gives no figure for a year, a plausible one is used and marked ~.
TOTALS = {
    2019: {
        "population.total": 32306, "population.children": None,
        "users.active": 7941, "users.active.children": 2780,
        "visits.total": 121336, "visits.children": 39979, "visits.virtual": 26873,
        "loans.total": 235818, "loans.books": 109868, "loans.periodicals": 116542,
        "loans.children": 39240,
        "reference.queries": 3652,  # ~
        "ecatalogue.authorized_total": 42, "ecatalogue.authorized_new": 27,
        "ecatalogue.web_orders": None,
        "ill.received": 1152, "ill.sent": 1058,
        "databases.letonika.views": 2618, "databases.letonika.sessions": None,
        "databases.letonika.downloads": None, "databases.news.views": 644,
        "finance.expenses_total": 543795, "finance.salaries": 296674,
        "acquisition_funding.municipal": 67357, "acquisition_funding.books": 41836,
        "acquisition_funding.children_books": None, "acquisition_funding.periodicals": 25521,
        "acquisition_funding.other": 0,
        "collection.acquired": 24161, "collection.acquired.books": 7226,
        "collection.acquired.latvian_fiction": None, "collection.acquired.children": 1419,
        "collection.withdrawn": 18064, "collection.stock": 267423,
        # Book and periodical stock are not printed; chosen so that the printed turnover
        # (0.4 and 2.1) follows from loans / stock.
        "collection.stock.books": 251384, "collection.stock.periodicals": 55217,
        "staff.librarians": 44, "staff.full_time": 37, "staff.units_total": 52,  # ~
        "staff.education.library": 18, "staff.education.other": 19,  # ~
        "staff.education.secondary": 7,  # ~
    },
    2020: {
        "population.total": 31609, "population.children": 4881,
        "users.active": 7114, "users.active.children": 2513,
        "visits.total": 88830, "visits.children": 23929, "visits.virtual": 23548,
        "loans.total": 200370, "loans.books": 93761, "loans.periodicals": 99975,
        "loans.children": 29395,
        "reference.queries": 3410,  # ~
        "ecatalogue.authorized_total": 196, "ecatalogue.authorized_new": 154,
        "ecatalogue.web_orders": None,
        "ill.received": 1431, "ill.sent": 1240,
        "databases.letonika.views": 2339, "databases.letonika.sessions": None,
        "databases.letonika.downloads": None, "databases.news.views": 1642,
        "finance.expenses_total": 559008, "finance.salaries": 292608,
        "acquisition_funding.municipal": 68681, "acquisition_funding.books": 43156,
        "acquisition_funding.children_books": None, "acquisition_funding.periodicals": 25509,
        "acquisition_funding.other": 0,
        "collection.acquired": 22557, "collection.acquired.books": 7681,
        "collection.acquired.latvian_fiction": None, "collection.acquired.children": 1667,
        "collection.withdrawn": 25888, "collection.stock": 263233,
        "collection.stock.books": 229140, "collection.stock.periodicals": 50112,
        # 2021's text: 42 (−1) staff, 49 (−2) units, 33 (−3) full time,
        # library education 14 (−3), other fields 28 (+7).
        "staff.librarians": 43, "staff.full_time": 36, "staff.units_total": 51,
        "staff.education.library": 17, "staff.education.other": 21,
        "staff.education.secondary": 6,  # ~
    },
    2021: {
        "population.total": 30963, "population.children": 4772,
        "users.active": 6441, "users.active.children": 2039,
        "visits.total": 77282, "visits.children": 17354, "visits.virtual": 19786,
        "loans.total": 192617, "loans.books": 100023, "loans.periodicals": 90588,
        "loans.children": 27673,
        "reference.queries": 3097,
        "ecatalogue.authorized_total": 638, "ecatalogue.authorized_new": 442,
        "ecatalogue.web_orders": None,
        "ill.received": 874, "ill.sent": 629,
        "databases.letonika.views": 3048, "databases.letonika.sessions": 1623,
        "databases.letonika.downloads": None, "databases.news.views": 2223,
        "finance.expenses_total": 558182, "finance.salaries": 296270,
        "acquisition_funding.municipal": 68180, "acquisition_funding.books": 43029,
        "acquisition_funding.children_books": None, "acquisition_funding.periodicals": 25125,
        "acquisition_funding.other": 0,
        "collection.acquired": 21972, "collection.acquired.books": 8007,
        "collection.acquired.latvian_fiction": None, "collection.acquired.children": 1400,
        "collection.withdrawn": 19796, "collection.stock": 265595,
        "collection.stock.books": 221870, "collection.stock.periodicals": 49588,
        "staff.librarians": 42, "staff.full_time": 33, "staff.units_total": 49,
        "staff.education.library": 14, "staff.education.other": 28,
        "staff.education.secondary": 5,
    },
}

# Yes/no indicators: the libraries answering “no” (everyone else answers “yes”),
# or for counts below half, the libraries answering “yes”.
ALL = None
BOOL_NO = {
    2019: {"accredited": [], "databases.available": [], "alise.uses": [],
           "alise.circulation": [], "alise.ill": [], "alise.acquisition": []},
    2020: {"accredited": [], "databases.available": [], "alise.uses": [],
           "alise.circulation": [], "alise.ill": [], "alise.acquisition": []},
    # Pušas was not accredited in 2021; Maltas and Ozolaines lost database access.
    2021: {"accredited": ["pusas"], "databases.available": ["maltas", "ozolaines"],
           "alise.uses": [], "alise.circulation": [], "alise.ill": [], "alise.acquisition": []},
}
BOOL_YES = {
    2019: {
        "access.reduced_mobility": ["audrinu", "berzgales", "dricanu", "feimanu", "griskanu",
                                    "kaunatas-1", "luznavas", "maltas", "nautrenu", "ozolaines",
                                    "rikavas", "sakstagala", "struzanu", "vilanu-pilsetas"],
        "acquisition_policy.updated": ["audrinu", "dricanu", "maltas", "naglu", "rikavas",
                                       "silmalas", "veremu", "vilanu-pilsetas"],
        "improvements.done": ["audrinu", "berzgales", "dricanu", "gaigalavas", "kantinieku",
                              "lendzu", "maltas", "nautrenu", "sakstagala", "vilanu-pilsetas"],
    },
    2020: {
        "access.reduced_mobility": ["audrinu", "berzgales", "dricanu", "feimanu", "griskanu",
                                    "kaunatas-1", "luznavas", "maltas", "nautrenu", "ozolaines",
                                    "rikavas", "sakstagala", "struzanu", "vilanu-pilsetas",
                                    "ozolmuizas"],
        "acquisition_policy.updated": ["audrinu", "berzgales", "dricanu", "feimanu", "lendzu",
                                       "maltas", "nautrenu", "rikavas", "silmalas", "sokolku",
                                       "veremu", "vilanu-pilsetas"],
        "improvements.done": ["audrinu", "cornajas-raznas", "deksares", "dricanu", "feimanu",
                              "ilzeskalna", "kaunatas-2", "maltas", "rikavas", "stolerovas",
                              "vilanu-pilsetas"],
    },
    2021: {
        # “Personām ar kustību traucējumiem pieejamas 15 bibliotēkas.”
        "access.reduced_mobility": ["audrinu", "berzgales", "dricanu", "feimanu", "griskanu",
                                    "kaunatas-1", "luznavas", "maltas", "nautrenu", "ozolaines",
                                    "ozolmuizas", "rikavas", "sakstagala", "struzanu",
                                    "vilanu-pilsetas"],
        # “Savas krājuma komplektēšanas politikas dokumentu aktualizēja 20 bibliotēkas.”
        "acquisition_policy.updated": ["audrinu", "berzgales", "cornajas-ratnieku", "deksares",
                                       "dricanu", "feimanu", "gaigalavas", "griskanu",
                                       "kantinieku", "kaunatas-1", "lendzu", "luznavas",
                                       "maltas", "naglu", "nautrenu", "rikavas", "sakstagala",
                                       "silmalas", "veremu", "vilanu-pilsetas"],
        # “Kopā dažādi uzlabošanas darbi veikti 14 bibliotēkās.”
        "improvements.done": ["audrinu", "cornajas-ratnieku", "deksares", "dricanu", "feimanu",
                              "griskanu", "makonkalna", "maltas", "ozolmuizas", "sakstagala",
                              "sokolku", "struzanu", "veremu", "vilanu-radopoles"],
    },
}

# Figures the report gives for single libraries (2021).
PINNED_2021 = {
    "acquisition_funding.municipal": {"maltas": 5996, "vilanu-pilsetas": 6926, "pusas": 831,
                                      "dricanu": 3598},
    "databases.letonika.views": {"audrinu": 570},
    "databases.letonika.sessions": {"audrinu": 312},
}
# Libraries registered for Letonika's remote sessions (“no sešām bibliotēkām”).
LETONIKA_SESSION_LIBRARIES = ["audrinu", "dricanu", "nautrenu", "rikavas", "silmalas-kruku",
                              "vilanu-pilsetas"]
# Libraries that do not register reference queries (“ne visās bibliotēkās tiek veikta uzskaite”).
NO_REFERENCE_COUNT = ["kaunatas-2", "pusas", "silmalas-stikanu", "stolerovas"]
# Where the printed stock does not flow from last year's stock (DOMAIN.md): the
# difference is put on one library, whose librarian explained it.
STOCK_DIFFERENCE = {
    2020: ("maltas", "Krājuma pārbaudē konstatēti un norakstīti iztrūkstošie eksemplāri."),
    2021: ("kaunatas-2", "Inventarizācijā atrasti un krājumā atjaunoti agrāk neuzskaitīti "
                         "eksemplāri."),
}
