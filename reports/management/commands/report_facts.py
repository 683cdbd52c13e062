import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext

from catalogue.models import Section
from figures.selectors import ACCEPTED_ONLY, ALL_STATUSES
from libraries.models import Region
from reports.facts import facts_for
from reports.selectors import report_facts


class Command(BaseCommand):
    help = ("Print the facts drafted from a year's report figures (the panel beside the "
            "regional texts): per fact its section, chapter, indicator, the figures used and "
            "the sentence in Latvian and English.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--region", help="region slug (default: every region)")
        parser.add_argument("--section", help="a region table's key (main_indicators), "
                                              "'events', a text section's code (5-indicators: "
                                              "its chapter) or a chapter number")
        parser.add_argument("--status", choices=("accepted", "all"), default="accepted")
        parser.add_argument("--format", choices=("json", "text"), default="json")
        parser.add_argument("--language", choices=("lv", "en"), default="lv",
                            help="the sentence printed by --format text")

    def handle(self, *args, year, region=None, section=None, status="accepted",
               format="json", language="lv", **options):
        regions = Region.objects.order_by("name")
        if region:
            regions = regions.filter(slug=region)
            if not regions.exists():
                raise CommandError(gettext("No region %(slug)s (--region slugs: %(slugs)s).") % {
                    "slug": region,
                    "slugs": ", ".join(Region.objects.values_list("slug", flat=True))})
        statuses = ACCEPTED_ONLY if status == "accepted" else ALL_STATUSES
        chosen = self._chooser(section)
        items, lines = [], []
        for each in regions:
            with translation.override(language):
                facts = [fact for fact in report_facts(each, year, statuses) if chosen(fact)]
            for fact in facts:
                items.append({"region": each.slug, **fact.to_dict()})
                text = fact.text_en if language == "en" else fact.text_lv
                lines.append(f"{each.slug} · {fact.chapter} · {fact.section} · "
                             f"{fact.indicator or '-'}: {text}")
        if format == "json":
            self.stdout.write(json.dumps(items, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(lines))

    @staticmethod
    def _chooser(section):
        if not section:
            return lambda fact: True
        if section.isdigit():
            return lambda fact: fact.chapter == int(section)
        text_section = Section.objects.filter(code=section).select_related("chapter").first()
        if text_section is not None:
            number = text_section.chapter.number
            return lambda fact: fact.chapter == number
        return lambda fact: bool(facts_for([fact], section=section))
