"""A region's own questions in the demo (issue 21 item 2): the synthetic Vidzeme region asks
its libraries one figure and one text of its own from 2023, through the same services
the catalogue page uses (`cycle.catalogue`); Rēzekne and Zemgale ask none.
Idempotent: an existing code is left as it is."""

from catalogue.models import Indicator, Section
from cycle import catalogue
from libraries.models import Region

REGION = "vidzemes-paraugnovads"
FROM_YEAR = 2023
INDICATOR = {
    "code": "lasisanas_pecpusdienas", "name_lv": "Lasīšanas pēcpusdienas bērniem",
    "name_en": "Reading afternoons for children", "kind": Indicator.Kind.COUNT,
    "unit": Indicator.Unit.NUMBER, "order": 10, "change_threshold_pct": 50,
    "phrase_lv": "lasīšanas pēcpusdienas", "phrase_en": "reading afternoons",
    "gender_lv": Indicator.Gender.FEMININE, "plural_lv": True, "plural_en": True,
}
SECTION = {
    "code": "novadpetnieciba", "order": 10,
    "title_lv": "Novadpētniecības darbs ar skolām",
    "title_en": "Local history work with schools",
    "prompt_lv": "Kādus novadpētniecības pasākumus bibliotēka rīkoja kopā ar skolām?",
    "prompt_en": "Which local history events did the library hold with schools?",
}


def seed_regional_questions() -> None:
    region = Region.objects.filter(slug=REGION).first()
    if region is None:
        return
    methodologist = region.memberships.filter(role="methodologist").first()
    user = methodologist.user if methodologist else None
    if not Indicator.objects.filter(code=catalogue.own_code(region, INDICATOR["code"])).exists():
        catalogue.indicator_add(user=user, region=region, chapter=None,
                                valid_from=FROM_YEAR, **INDICATOR)
    if not Section.objects.filter(code=catalogue.own_code(region, SECTION["code"])).exists():
        catalogue.section_add(user=user, region=region, valid_from=FROM_YEAR, **SECTION)
