"""The forms the facts' sentences need (`reports.facts`) for the whole catalogue:
each figure's name as a sentence's subject in both languages, the gender and number of
the Latvian noun and the number of the English one."""

from django.db import migrations

M, F = "m", "f"
SG, PL = False, True

# code: (Latvian subject, gender, Latvian plural, English subject, English plural)
FORMS = {
    "population.total": ("iedzīvotāju skaits", M, SG, "the population served", SG),
    "population.children": ("bērnu līdz 18 gadiem skaits", M, SG,
                            "the number of children under 18", SG),
    "users.active": ("aktīvo lietotāju skaits", M, SG, "the number of active users", SG),
    "users.active.children": ("aktīvo lietotāju skaits bērnu vidū", M, SG,
                              "the number of active users under 18", SG),
    "visits.total": ("apmeklējums", M, SG, "visits", PL),
    "visits.children": ("bērnu apmeklējums", M, SG, "children's visits", PL),
    "visits.virtual": ("virtuālais apmeklējums", M, SG, "virtual visits", PL),
    "loans.total": ("izsniegums", M, SG, "loans", PL),
    "loans.books": ("grāmatu izsniegums", M, SG, "book loans", PL),
    "loans.periodicals": ("periodisko izdevumu izsniegums", M, SG,
                          "loans of periodicals", PL),
    "loans.children": ("izsniegums bērniem", M, SG, "loans to children", PL),
    "reference.queries": ("reģistrēto uzziņu skaits", M, SG,
                          "registered reference queries", PL),
    "ecatalogue.authorized_total": ("autorizēto lietotāju skaits", M, SG,
                                    "authorised e-catalogue users", PL),
    "ecatalogue.authorized_new": ("pārskata periodā autorizēto lietotāju skaits", M, SG,
                                  "users authorised this year", PL),
    "ecatalogue.web_orders": ("tīmeklī pasūtīto eksemplāru skaits", M, SG,
                              "copies ordered on the web", PL),
    "ill.received": ("no citām Latvijas bibliotēkām saņemto dokumentu skaits", M, SG,
                     "interlibrary loan items received", PL),
    "ill.sent": ("uz citām Latvijas bibliotēkām nosūtīto dokumentu skaits", M, SG,
                 "interlibrary loan items sent", PL),
    "finance.expenses_total": ("izdevumi", M, PL, "expenses", PL),
    "finance.salaries": ("darbinieku atalgojums", M, SG, "staff pay", SG),
    "acquisition_funding.municipal": ("pašvaldības finansējums krājuma komplektēšanai", M, SG,
                                      "municipal acquisition funding", SG),
    "acquisition_funding.books": ("finansējums grāmatām", M, SG, "funding for books", SG),
    "acquisition_funding.children_books": ("finansējums bērnu grāmatām", M, SG,
                                           "funding for children's books", SG),
    "acquisition_funding.periodicals": ("finansējums periodiskajiem izdevumiem", M, SG,
                                        "funding for periodicals", SG),
    "acquisition_funding.other": ("finansējums no citiem avotiem", M, SG,
                                  "acquisition funding from other sources", SG),
    "collection.acquired": ("jaunieguvumi", M, PL, "acquisitions", PL),
    "collection.acquired.books": ("iegūto grāmatu skaits", M, SG, "books acquired", PL),
    "collection.acquired.latvian_fiction": ("iegūto latviešu daiļliteratūras izdevumu skaits",
                                            M, SG, "Latvian fiction acquired", SG),
    "collection.acquired.children": ("bērniem iegūto dokumentu skaits", M, SG,
                                     "items acquired for children", PL),
    "collection.withdrawn": ("izslēgtie dokumenti", M, PL, "withdrawn items", PL),
    "collection.stock": ("krājuma kopskaits", M, SG, "the total stock", SG),
    "collection.stock.books": ("grāmatu krājums", M, SG, "the book stock", SG),
    "collection.stock.periodicals": ("periodisko izdevumu krājums", M, SG,
                                     "the stock of periodicals", SG),
    "databases.letonika.views": ("Letonikas skatījumi", M, PL, "Letonika views", PL),
    "databases.letonika.sessions": ("Letonikas piekļuves sesijas", F, PL,
                                    "Letonika sessions", PL),
    "databases.letonika.downloads": ("Letonikas lejupielādes", F, PL,
                                     "Letonika downloads", PL),
    "databases.news.views": ("“Laikrakstu bibliotēkas” skatījumi", M, PL,
                             "Lursoft News views", PL),
    "staff.librarians": ("bibliotekāro darbinieku skaits", M, SG,
                         "the number of library staff", SG),
    "staff.full_time": ("darbinieku skaits uz pilnu slodzi", M, SG,
                        "the number of staff working full time", SG),
    "staff.units_total": ("štata vienību skaits", M, SG, "staff units", PL),
    "staff.education.library": ("darbinieku skaits ar profesionālo bibliotekāro izglītību",
                                M, SG, "the number of staff with library education", SG),
    "staff.education.other": ("darbinieku skaits ar izglītību citās jomās", M, SG,
                              "the number of staff educated in other fields", SG),
    "staff.education.secondary": ("darbinieku skaits ar vispārējo vidējo izglītību", M, SG,
                                  "the number of staff with general secondary education",
                                  SG),
    "derived.libraries": ("bibliotēku skaits", M, SG, "the number of libraries", SG),
    "acquisition_funding.total": ("finansējums krājuma komplektēšanai", M, SG,
                                  "acquisition funding", SG),
    "derived.coverage_pct": ("bibliotekārais aptvērums", M, SG, "coverage", SG),
    "derived.children_population_pct": ("bērnu lietotāju īpatsvars iedzīvotāju vidū", M, SG,
                                        "the share of child users in the population", SG),
    "derived.children_coverage_pct": ("bērnu aptvērums", M, SG, "children's coverage", SG),
    "derived.children_share_pct": ("bērnu īpatsvars lietotāju vidū", M, SG,
                                   "the share of children among users", SG),
    "derived.loans_per_user": ("izsniegums uz vienu lietotāju", M, SG, "loans per user", PL),
    "derived.visits_per_inhabitant": ("apmeklējums uz vienu iedzīvotāju", M, SG,
                                      "visits per inhabitant", PL),
    "derived.expenses_per_inhabitant": ("izdevumi uz vienu iedzīvotāju", M, PL,
                                        "expenses per inhabitant", PL),
    "derived.cost_per_visit": ("izmaksas uz vienu apmeklējumu", F, PL,
                               "the cost per visit", SG),
    "derived.acquisition_per_inhabitant": ("finansējums krājumam uz vienu iedzīvotāju", M, SG,
                                           "acquisition funding per inhabitant", SG),
    "derived.acquisition_per_user": ("finansējums krājumam uz vienu lietotāju", M, SG,
                                     "acquisition funding per active user", SG),
    "derived.turnover.books": ("grāmatu krājuma apgrozība", F, SG, "book stock turnover", SG),
    "derived.turnover.periodicals": ("periodisko izdevumu apgrozība", F, SG,
                                     "periodicals turnover", SG),
    # the standard indicators the public pages added (0008_indicator_definitions)
    "derived.loans_per_inhabitant": ("izsniegums uz vienu iedzīvotāju", M, SG,
                                     "loans per inhabitant", PL),
    "derived.turnover": ("krājuma apgrozība", F, SG, "collection turnover", SG),
    "derived.cost_per_loan": ("izmaksas uz vienu izsniegumu", F, PL, "the cost per loan", SG),
    "derived.staff_per_1000": ("štata vienību skaits uz 1000 iedzīvotājiem", M, SG,
                               "staff units per 1,000 inhabitants", PL),
    "derived.full_time_pct": ("darbinieku uz pilnu slodzi īpatsvars", M, SG,
                              "the share of staff working full time", SG),
    # yes / no questions: counted, not summed ("34 no 35 bibliotēkām")
    "access.reduced_mobility": ("pieejamība personām ar kustību traucējumiem", F, SG,
                                "access for people with reduced mobility", SG),
    "alise.uses": ("darbs ar BIS ALISE", M, SG, "work with BIS ALISE", SG),
    "alise.circulation": ("cirkulācijas modulis", M, SG, "the circulation module", SG),
    "alise.ill": ("SBA modulis", M, SG, "the interlibrary loan module", SG),
    "alise.acquisition": ("komplektēšanas modulis", M, SG, "the acquisition module", SG),
    "databases.available": ("abonētās datubāzes", F, PL, "subscribed databases", PL),
    "acquisition_policy.updated": ("komplektēšanas politikas dokuments", M, SG,
                                   "the acquisition policy", SG),
    "accredited": ("akreditācija", F, SG, "accreditation", SG),
    "improvements.done": ("uzlabošanas darbi", M, PL, "improvement works", PL),
}


def fill(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for indicator in Indicator.objects.filter(code__in=FORMS):
        phrase_lv, gender, plural_lv, phrase_en, plural_en = FORMS[indicator.code]
        indicator.phrase_lv, indicator.gender_lv, indicator.plural_lv = phrase_lv, gender, plural_lv
        indicator.phrase_en, indicator.plural_en = phrase_en, plural_en
        indicator.save(update_fields=["phrase_lv", "gender_lv", "plural_lv", "phrase_en",
                                      "plural_en"])


class Migration(migrations.Migration):
    dependencies = [("indicators", "0012_indicator_grammar")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
