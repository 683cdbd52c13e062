"""The demo's two synthetic regions and its national user."""

from django.test import TestCase
from django.urls import reverse

from demo.regions import NATIONAL_USERNAME, REGIONS
from demo.seed import DEMO_PASSWORD
from libraries.models import Library, Membership, Region
from reports.models import PublishedReport
from reports.national import build_national_report
from submissions.models import Submission
from tests.demo_copy import demo_copy


class DemoRegionsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo_copy()

    def test_two_synthetic_regions_with_their_people(self):
        synthetic = Region.objects.exclude(slug="rezeknes-novads")
        assert sorted(synthetic.values_list("slug", flat=True)) == sorted(
            region.slug for region in REGIONS)
        for region in synthetic:
            assert region.name.endswith("(sintētisks)")
            roles = set(Membership.objects.filter(region=region).values_list("role", flat=True))
            assert roles == {"methodologist", "municipality", "librarian"}
            libraries = Library.objects.filter(region=region)
            assert libraries.count() > 10
            assert all(name.endswith("(sintētiska)")
                       for name in libraries.values_list("name", flat=True))

    def test_their_2019_to_2021_are_accepted_and_published(self):
        for region in Region.objects.exclude(slug="rezeknes-novads"):
            statuses = set(Submission.objects.filter(library__region=region)
                           .values_list("year__year", "status"))
            assert statuses == {(2019, "accepted"), (2020, "accepted"), (2021, "accepted")}
            assert sorted(PublishedReport.objects.filter(region=region)
                          .values_list("year", flat=True)) == [2019, 2020, 2021]

    def test_the_national_user_opens_the_national_report(self):
        assert self.client.login(username=NATIONAL_USERNAME, password=DEMO_PASSWORD)
        response = self.client.get(reverse("national:report") + "?table=main_indicators")
        assert response.status_code == 200
        national = build_national_report(2021)
        published = {status.slug for status in national.published_regions}
        assert published >= {region.slug for region in REGIONS}
        total = next(row for row in national.data.tables.table("main_indicators").rows
                     if row.code == "visits.total" and row.is_total)
        parts = [row.values[-1] for row in national.data.tables.table("main_indicators").rows
                 if row.code == "visits.total" and row.region_slug and row.published]
        assert total.values[-1] == sum(parts)
