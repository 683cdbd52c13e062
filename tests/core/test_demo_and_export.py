"""seed_demo reproduces every figure of the 2021 report's tables through export_report."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from PIL import Image

from catalogue.derived import round_half_away
from demo.seed import seed_demo
from libraries.models import Library, Membership, Region, User
from reports.consolidated import report_from_dict
from reports.models import PublishedReport
from submissions.models import ReportingYear, Submission, TrainingEvent, Value
from tests.demo_copy import demo_copy
from tests.factories import UserFactory

# DOMAIN.md's tables, region totals 2019 / 2020 / 2021 (None: "-", not reported).
REPORT = {
    "expenses": {
        "finance.expenses_total": [543795, 559008, 558182],
        "finance.salaries": [296674, 292608, 296270],
        "acquisition_funding.total": [67357, 68681, 68180],
    },
    "main_indicators": {
        "users.active": [7941, 7114, 6441],
        "users.active.children": [2780, 2513, 2039],
        "visits.total": [121336, 88830, 77282],
        "visits.children": [39979, 23929, 17354],
        "visits.virtual": [26873, 23548, 19786],
        "loans.total": [235818, 200370, 192617],
        "loans.books": [109868, 93761, 100023],
        "loans.periodicals": [116542, 99975, 90588],
        "loans.children": [39240, 29395, 27673],
        "population.total": [32306, 31609, 30963],
        "population.children": [None, 4881, 4772],
    },
    "authorized_users": {
        "users.active": [7941, 7114, 6441],
        "ecatalogue.authorized_total": [42, 196, 638],
        "ecatalogue.authorized_new": [27, 154, 442],
    },
    "ill": {
        "ill.received": [1152, 1431, 874],
        "ill.sent": [1058, 1240, 629],
    },
    "acquisition_funding": {
        "acquisition_funding.municipal": [67357, 68681, 68180],
        "acquisition_funding.books": [41836, 43156, 43029],
        "acquisition_funding.children_books": [None, None, None],
        "acquisition_funding.periodicals": [25521, 25509, 25125],
        "derived.acquisition_per_inhabitant": [2.08, 2.17, 2.20],
        "acquisition_funding.total": [67357, 68681, 68180],
    },
    "collection": {
        "collection.acquired": [24161, 22557, 21972],
        "collection.acquired.books": [7226, 7681, 8007],
        "collection.acquired.latvian_fiction": [None, None, None],
        "collection.acquired.children": [1419, 1667, 1400],
        "collection.withdrawn": [18064, 25888, 19796],
        "collection.stock": [267423, 263233, 265595],
        "derived.turnover.books": [0.4, 0.4, 0.5],
        "derived.turnover.periodicals": [2.1, 2.0, 1.8],
    },
    "databases": {
        "databases.letonika.views": [2618, 2339, 3048],
        "databases.letonika.sessions": [None, None, 1623],
        "databases.letonika.downloads": [None, None, None],
        "databases.news.views": [644, 1642, 2223],
    },
    "staff": {
        "staff.librarians": [44, 43, 42],
        "staff.units_total": [52, 51, 49],
        "staff.full_time": [37, 36, 33],
        "staff.education.library": [18, 17, 14],
        "staff.education.other": [19, 21, 28],
    },
}

# The report's "% salīdzinot ar iepr. gadu" column (2020; 2021), with the true +226 %.
REPORT_CHANGES = {
    ("main_indicators", "users.active"): [-10, -9],
    ("main_indicators", "users.active.children"): [-10, -19],
    ("main_indicators", "visits.total"): [-27, -13],
    ("main_indicators", "visits.children"): [-40, -27],
    ("main_indicators", "visits.virtual"): [-12, -16],
    ("main_indicators", "loans.total"): [-15, -4],
    ("main_indicators", "loans.books"): [-15, 7],
    ("main_indicators", "loans.periodicals"): [-14, -9],
    ("main_indicators", "loans.children"): [-25, -6],
    ("main_indicators", "population.total"): [-2, -2],
    ("main_indicators", "population.children"): [None, -2],
    ("authorized_users", "users.active"): [-10, -9],
    ("authorized_users", "ecatalogue.authorized_total"): [367, 226],
    ("authorized_users", "ecatalogue.authorized_new"): [470, 187],
}


def export(year=2021, **options) -> dict:
    out = StringIO()
    options.setdefault("region", "rezeknes-novads")
    call_command("export_report", year=year, format="json", stdout=out, **options)
    return json.loads(out.getvalue())


def shown(numbers, places):
    """Exact exported figures as the report shows them (rounded half away from zero)."""
    return [None if number is None else float(round_half_away(Decimal(str(number)), places))
            for number in numbers]


def rows_of(data, table):
    """Rows by code, figures rounded as the report prints them (the JSON keeps them exact)."""
    rows = {}
    for row in data["tables"][table]["rows"]:
        rows[row["code"]] = {**row, "exact": row["values"],
                             "values": shown(row["values"], row["decimals"]),
                             "change_pct": shown(row["change_pct"], row["change_decimals"])}
    return rows


class DemoReportFiguresTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo_copy()
        cls.data = export()

    def test_the_json_has_the_documented_shape(self):
        data = self.data
        assert data["region"] == "Rēzeknes novads"
        assert data["year"] == 2021
        assert data["years"] == [2019, 2020, 2021]
        assert set(data["tables"]) >= {"expenses", "main_indicators", "alise_usage",
                                       "authorized_users", "ill", "acquisition_funding",
                                       "collection", "databases"}
        row = rows_of(data, "main_indicators")["users.active"]
        assert set(row) >= {"code", "label", "values", "change_pct"}
        assert row["label"] == "Aktīvo lietotāju skaits"
        assert row["values"] == [7941, 7114, 6441]
        assert row["change_pct"] == [None, -10, -9]
        assert isinstance(data["tables"]["main_indicators"]["title"], str)

    def test_every_figure_of_the_reports_tables(self):
        for table, figures in REPORT.items():
            rows = rows_of(self.data, table)
            for code, expected in figures.items():
                with self.subTest(table=table, code=code):
                    assert rows[code]["values"] == expected

    def test_every_change_of_the_main_indicators(self):
        for (table, code), expected in REPORT_CHANGES.items():
            with self.subTest(code=code):
                assert rows_of(self.data, table)[code]["change_pct"][1:] == expected

    def test_authorised_users_change_is_the_true_226_not_the_printed_326(self):
        change = rows_of(self.data, "authorized_users")["ecatalogue.authorized_total"]
        assert change["change_pct"][2] == 226

    def test_alise_usage_counts_the_libraries(self):
        rows = rows_of(self.data, "alise_usage")
        assert rows["derived.libraries"]["values"][2] == 35
        for code in ("alise.uses", "alise.circulation", "alise.ill", "alise.acquisition"):
            assert rows[code]["values"][2] == 35
        assert rows["ecatalogue.authorized_new"]["values"][2] == 442
        assert rows["ecatalogue.web_orders"]["values"][2] is None

    def test_coverage_is_computed_true_and_changes_in_points(self):
        rows = rows_of(self.data, "main_indicators")
        # The report printed 24 % for 2019; 7941 / 32306 = 24.6 %.
        assert rows["derived.coverage_pct"]["values"] == [24.6, 22.5, 20.8]
        assert rows["derived.coverage_pct"]["change_unit"] == "points"
        assert rows["derived.coverage_pct"]["change_pct"] == [None, -2.1, -1.7]
        # The printed 9 % / 8 % / 7 %: child users as a share of the whole population.
        assert [round(v) for v in rows["derived.children_population_pct"]["values"]] == [9, 8, 7]
        # … and 51 % / 43 % of the children of the region.
        assert rows["derived.children_coverage_pct"]["values"][1:] == [51.5, 42.7]
        assert rows["derived.children_share_pct"]["values"][2] == 31.7

    def test_narrative_figures_of_2021(self):
        rows = rows_of(self.data, "expenses")
        assert rows["derived.expenses_per_inhabitant"]["values"][2] == 18.03
        acquisition = rows_of(self.data, "acquisition_funding")
        assert acquisition["derived.acquisition_per_user"]["values"][2] == 10.59

    def test_rows_where_no_library_reported_are_marked_missing(self):
        row = rows_of(self.data, "main_indicators")["population.children"]
        assert row["values"][0] is None
        assert row["missing_libraries"][0] == 35
        assert row["missing_libraries"][2] == 0

    def test_the_town_library_and_maltas_are_the_largest(self):
        visits = dict(Value.objects.filter(
            indicator__code="visits.total", submission__year__year=2021,
        ).values_list("submission__library__slug", "value"))
        largest = sorted(visits, key=visits.get, reverse=True)[:2]
        assert set(largest) == {"vilanu-pilsetas", "maltas"}

    def test_every_of_which_row_stays_within_its_total(self):
        values = {(s, c): v for s, c, v in Value.objects.filter(value__isnull=False)
                  .values_list("submission_id", "indicator__code", "value")}
        parents = dict(Value.objects.filter(indicator__parent__isnull=False)
                       .values_list("indicator__code", "indicator__parent__code").distinct())
        for (submission, code), value in values.items():
            if code in parents and (submission, parents[code]) in values:
                assert value <= values[(submission, parents[code])], code

    def test_the_network_and_the_people(self):
        assert Library.objects.filter(region__slug="rezeknes-novads").count() == 35
        assert Library.objects.filter(kind="town").get().name == "Viļānu pilsētas bibliotēka"
        assert set(Library.objects.filter(external_service_points__gt=0)
                   .values_list("slug", flat=True)) == {"sakstagala", "vilanu-radopoles"}
        for library in Library.objects.all():
            assert Membership.objects.filter(library=library, role="librarian").exists()
        roles = set(Membership.objects.filter(library__isnull=True).values_list("role",
                                                                                flat=True))
        assert roles == {"methodologist", "municipality", "national"}
        assert User.objects.get(username="admin").is_superuser

    def test_2022_is_open_with_empty_drafts(self):
        year = ReportingYear.objects.get(year=2022)
        assert year.is_open
        drafts = Submission.objects.filter(year=year)
        assert drafts.count() == 35
        assert all(s.status == Submission.Status.DRAFT for s in drafts)
        assert not Value.objects.filter(submission__year=year).exists()

    @pytest.mark.slow
    def test_running_it_twice_duplicates_nothing(self):
        """Seeding again (the one real second seed of the suite; it was three tests: this
        one, the published versions' and the synthetic regions')."""
        rezekne = PublishedReport.objects.filter(region__slug="rezeknes-novads")
        counts = [Library.objects.count(), User.objects.count(), Submission.objects.count(),
                  Value.objects.count(), TrainingEvent.objects.count(),
                  Membership.objects.count()]
        others = (Region.objects.count(), PublishedReport.objects.count())
        assert rezekne.count() == 3
        seed_demo()
        assert counts == [Library.objects.count(), User.objects.count(),
                          Submission.objects.count(), Value.objects.count(),
                          TrainingEvent.objects.count(), Membership.objects.count()]
        assert others == (Region.objects.count(), PublishedReport.objects.count())
        assert rezekne.count() == 3  # nothing changed, nothing published twice
        assert export() == self.data

    def test_demo_logins_use_the_printed_password(self):
        assert User.objects.get(username="metodikis").check_password("demo-parole-2022")

    def test_english_labels_on_request(self):
        data = export(language="en")
        assert rows_of(data, "main_indicators")["users.active"]["label"] == "Active users"

    def test_output_file(self):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "report.json"
            call_command("export_report", year=2021, format="json", output=str(target),
                         region="rezeknes-novads", stderr=StringIO())
            assert json.loads(target.read_text(encoding="utf-8")) == self.data


@pytest.mark.django_db
def test_seed_demo_refuses_a_database_with_other_data():
    UserFactory(username="real-person")
    with pytest.raises(CommandError, match="real-person"):
        call_command("seed_demo", stdout=StringIO())
    assert not Library.objects.exists()


@pytest.mark.slow  # a real seed_demo
@pytest.mark.django_db
def test_seed_demo_runs_on_other_data_when_forced():
    UserFactory(username="real-person")
    out = StringIO()
    call_command("seed_demo", "--force", stdout=out)
    assert Library.objects.filter(region__slug="rezeknes-novads").count() == 35
    assert "metodikis" in out.getvalue()
    assert "demo-parole-2022" in out.getvalue()
    assert User.objects.filter(username="real-person").exists()


class DemoShowsEverythingTest(TestCase):
    """Every demo login has something to see at once (issue 14, item 4)."""

    @classmethod
    def setUpTestData(cls):
        demo_copy()

    def test_2019_to_2021_are_published(self):
        rezekne = PublishedReport.objects.filter(region__slug="rezeknes-novads")
        assert sorted(rezekne.values_list("year", "version")) == [
            (2019, 1), (2020, 1), (2021, 1)]
        # seeding again publishes nothing twice: test_running_it_twice_duplicates_nothing

    def test_the_municipality_sees_the_2021_dashboard_and_reports_at_first_login(self):
        self.client.force_login(User.objects.get(username="pasvaldiba"))
        response = self.client.get(reverse("dashboards:dashboard"))
        assert response.status_code == 200
        assert response.context["board"].year == 2021
        assert len(response.context["board"].rows) == 35
        published = self.client.get(reverse("reports:published"))
        assert published.status_code == 200
        assert len(published.context["versions"]) == 3

    def test_logging_in_as_the_municipality_lands_on_the_2021_dashboard(self):
        """The login form, as a new user fills it in: the first page is the dashboard."""
        response = self.client.post(reverse("login"), {
            "username": "pasvaldiba", "password": "demo-parole-2022"}, follow=True)
        assert response.request["PATH_INFO"] == reverse("dashboards:dashboard")
        assert response.context["board"].year == 2021
        assert "Sveicināti" not in response.content.decode()
        # a methodologist still lands on the home page with their tasks
        self.client.logout()
        response = self.client.post(reverse("login"), {
            "username": "metodikis", "password": "demo-parole-2022"}, follow=True)
        assert response.request["PATH_INFO"] == reverse("home")

    def test_the_2021_report_has_the_demo_pictures_and_a_text_in_every_section(self):
        published = PublishedReport.objects.get(year=2021, region__slug="rezeknes-novads")
        data = report_from_dict(published.snapshot["report"])
        pictures = [(group.chapter, picture.library) for group in data.appendices
                    for picture in group.pictures]
        assert pictures == [(3, "Audriņu pagasta bibliotēka"),
                            (5, "Maltas pagasta bibliotēka"),
                            (7, "Dricānu pagasta bibliotēka")]
        for group in data.appendices:
            for picture in group.pictures:
                assert picture.caption
                with default_storage.open(picture.path, "rb") as handle:
                    assert Image.open(handle).size[0] >= 900
        empty = [section.code for chapter in data.chapters for section in chapter.sections
                 if not section.regional_html]
        assert empty == []


class ExactFiguresTest(TestCase):
    """Exports carry euros with cents and ratios unrounded; only the display rounds."""

    @classmethod
    def setUpTestData(cls):
        demo_copy()
        cls.data = export()

    def test_json_figures_are_exact(self):
        rows = rows_of(self.data, "main_indicators")
        coverage = rows["derived.coverage_pct"]["exact"][2]
        assert coverage == pytest.approx(6441 / 30963 * 100, abs=1e-12)
        assert rows["users.active"]["change_pct"][2] == -9  # shown rounded …
        change = next(row for row in self.data["tables"]["main_indicators"]["rows"]
                  if row["code"] == "users.active")["change_pct"][2]
        assert change == pytest.approx((6441 - 7114) / 7114 * 100, abs=1e-12)  # … kept exact
