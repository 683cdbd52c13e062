"""Dashboard figures against the demo data (the 2021 report's own figures)."""

from decimal import Decimal

from django.test import TestCase
from django.utils import translation

from catalogue.selectors import catalogue
from dashboards.profile import build_library_profile
from figures.dashboard import build_dashboard
from figures.sources import current_source
from figures.tiles import needed_codes
from libraries.models import Region
from tests.demo_copy import demo_copy


class DemoDashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo_copy()
        cls.region = Region.objects.get(slug="rezeknes-novads")

    def setUp(self):
        translation.activate("lv")
        self.addCleanup(translation.deactivate)
        self.source = current_source(self.region, codes=needed_codes(catalogue()))

    def test_years_are_those_with_accepted_figures(self):
        self.assertEqual(self.source.years, (2019, 2020, 2021))

    def test_visits_per_inhabitant_tile(self):
        dashboard = build_dashboard(self.source, 2021)
        tile = dashboard.tile["derived.visits_per_inhabitant"]
        self.assertEqual(tile.value, Decimal("2.50"))  # 77282 / 30963
        self.assertEqual(tile.previous, Decimal("2.81"))  # 88830 / 31609
        self.assertEqual(tile.change, Decimal(-11))
        self.assertEqual(tile.value_text, "2,50")
        self.assertEqual(tile.change_text, "-11 %")
        self.assertEqual(tile.previous_year, 2020)
        self.assertEqual(dashboard.tiles[0].code, "derived.visits_per_inhabitant")

    def test_key_figures_equal_the_report(self):
        dashboard = build_dashboard(self.source, 2021)
        self.assertEqual(dashboard.tile["visits.total"].value, Decimal(77282))
        self.assertEqual(dashboard.tile["derived.coverage_pct"].value, Decimal("20.8"))
        self.assertTrue(dashboard.tile["derived.coverage_pct"].change_in_points)
        self.assertEqual(dashboard.tile["derived.expenses_per_inhabitant"].value,
                         Decimal("18.03"))
        self.assertEqual(dashboard.tile["derived.acquisition_per_inhabitant"].value,
                         Decimal("2.20"))
        self.assertEqual(dashboard.tile["derived.cost_per_visit"].value, Decimal("7.22"))

    def test_first_year_has_no_change(self):
        dashboard = build_dashboard(self.source, 2019)
        tile = dashboard.tile["visits.total"]
        self.assertIsNone(tile.change)
        self.assertIsNone(dashboard.previous_year)

    def test_trends_cover_every_year(self):
        dashboard = build_dashboard(self.source, 2021)
        chart = dashboard.charts["visits-per-inhabitant"]
        self.assertEqual([row[0] for row in chart.table_rows], ["2019", "2020", "2021"])
        self.assertEqual(chart.table_rows[1][1], "2,81")
        self.assertEqual(chart.table_rows[2][1], "2,50")

    def test_comparison_and_peers(self):
        dashboard = build_dashboard(self.source, 2021)
        self.assertEqual(len(dashboard.rows), 35)
        self.assertEqual(len(dashboard.groups), 4)
        self.assertEqual(sum(len(group.slugs) for group in dashboard.groups), 35)
        self.assertEqual(sorted(row.rank for row in dashboard.rows)[0], 1)
        self.assertEqual(dashboard.region_value, Decimal("2.50"))
        for row in dashboard.below_peers:
            self.assertLess(row.standing.value, row.standing.quartiles.q1)
        self.assertTrue(dashboard.below_peers)
        self.assertEqual(len(dashboard.charts["comparison"].table_rows), 35 + 2)

    def test_sorting(self):
        dashboard = build_dashboard(self.source, 2021, sort="population", descending=True)
        populations = [row.population for row in dashboard.rows]
        self.assertEqual(populations, sorted(populations, reverse=True))
        by_name = build_dashboard(self.source, 2021, sort="name")
        self.assertEqual(by_name.rows[0].name, "Audriņu pagasta bibliotēka")

    def test_library_profile(self):
        profile = build_library_profile(self.source, "maltas", 2021)
        self.assertEqual(profile.name, "Maltas pagasta bibliotēka")
        self.assertEqual(profile.years, (2019, 2020, 2021))
        self.assertIsNotNone(profile.group)
        self.assertEqual(len(profile.standings), 6)
        chart = profile.charts["derived.visits_per_inhabitant"]
        self.assertEqual(len(chart.table_headers), 4)


class DemoDashboardPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo_copy()

    def test_methodologist_reads_visits_per_inhabitant_on_the_page(self):
        from libraries.models import User

        self.client.force_login(User.objects.get(username="metodikis"))
        response = self.client.get("/dashboards/", {"source": "current", "year": 2021},
                                   HTTP_ACCEPT_LANGUAGE="lv")
        html = response.content.decode()
        self.assertIn("Apmeklējums uz vienu iedzīvotāju", html)
        self.assertIn("2,50", html)
        self.assertIn("-11 % salīdzinājumā ar 2020. gadu (2,81)", html)
        self.assertIn("Bibliotēkas zem līdzīgajām", html)
        self.assertIn("Nav publicēts", html)
