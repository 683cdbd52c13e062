"""Every national view with every role; drill-down region → published report → library."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from libraries.models import Library
from reports.services import report_publish
from tests.factories import RegionFactory, librarian_of
from tests.reports.conftest import make_network

VIEWS = [
    ("national:overview", {}),
    ("national:report", {}),
    ("national:report", {"table": "main_indicators"}),
    ("national:report_download", {"fmt": "json"}),
    ("national:report_download", {"fmt": "xlsx"}),
    ("national:report_download", {"fmt": "docx"}),
    ("national:report_csv", {"key": "main_indicators"}),
    ("national:dashboard", {}),
    ("national:dashboard_csv", {}),
    ("national:region", {"slug": "rezeknes-novads"}),
    ("national:region", {"slug": "parauga-novads"}),
    ("national:library", {"slug": "rezeknes-novads", "library_slug": "rezeknes-novads-lib-1"}),
]


def _url(name, params):
    query = {key: params[key] for key in ("table",) if key in params}
    kwargs = {key: value for key, value in params.items() if key != "table"}
    url = reverse(name, kwargs=kwargs)
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def everyone(rezekne_published, methodologist, municipality, other_methodologist,
             other_municipality, national, admin_user):
    library = Library.objects.get(slug="rezeknes-novads-lib-1")
    return {
        "librarian": librarian_of(library, "national-test-librarian"),
        "methodologist": methodologist, "municipality": municipality,
        "other methodologist": other_methodologist,
        "other municipality": other_municipality,
        "national": national, "admin": admin_user,
    }


@pytest.mark.parametrize(("name", "params"), VIEWS)
def test_only_the_national_level_and_administrators_open_national_views(
        client_for, everyone, name, params):
    url = _url(name, params)
    response = client_for(None).get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for role in ("librarian", "methodologist", "municipality", "other methodologist",
                 "other municipality"):
        assert client_for(everyone[role]).get(url).status_code == 403, role
    assert client_for(everyone["national"]).get(url).status_code == 200
    assert client_for(everyone["admin"]).get(url).status_code == 200


def test_the_national_methodologist_finds_rezekne_and_drills_down_to_a_library(
        client_for, everyone, rezekne_published):
    client = client_for(everyone["national"])
    nav = client.get(reverse("home")).content.decode()
    assert reverse("national:overview") in nav
    page = client.get(reverse("national:report") + "?table=main_indicators").content.decode()
    region_url = reverse("national:region", kwargs={"slug": "rezeknes-novads"})
    assert f'href="{region_url}?year=2021">Rēzeknes novads</a>' in page
    assert "Parauga novads (sintētisks) <em>(" in page  # listed as not published
    region_page = client.get(region_url + "?year=2021").content.decode()
    assert "<caption>Rēzeknes novads: bibliotēkas</caption>" in region_page
    published_url = reverse("reports:published_detail", kwargs={"pk": rezekne_published.pk})
    assert published_url in region_page
    assert client.get(published_url).status_code == 200
    library_url = reverse("national:library", kwargs={
        "slug": "rezeknes-novads", "library_slug": "rezeknes-novads-lib-1"})
    assert library_url in region_page
    library_page = client.get(library_url + "?year=2021").content.decode()
    visits = rezekne_published.snapshot["figures"]["2021"]["rezeknes-novads-lib-1"][
        "visits.total"]
    assert f"<td class=\"num\">{visits}</td>" in library_page


def test_the_national_methodologists_first_login_leads_to_the_national_pages(client, national):
    """Logging in lands on the home page: it names the national pages, never "no role"."""
    response = client.post(reverse("login"), {"username": "nacionalais",
                                               "password": "test-password"}, follow=True)
    page = response.content.decode()
    assert response.request["PATH_INFO"] == reverse("home")
    assert "vēl nav piešķirta loma" not in page
    assert "Nacionālais līmenis" in page
    for name in ("national:overview", "national:report", "national:dashboard"):
        assert f'href="{reverse(name)}"' in page, name
    assert "Nacionālais pārskats: katra reģiona publicētie dati" in page


def test_another_regions_people_cannot_open_a_published_version_but_national_can(
        client_for, rezekne_published, other_methodologist, other_municipality, national):
    url = reverse("reports:published_detail", kwargs={"pk": rezekne_published.pk})
    assert client_for(other_methodologist).get(url).status_code in (403, 404)
    assert client_for(other_municipality).get(url).status_code in (403, 404)
    assert client_for(national).get(url).status_code == 200


def test_unknown_library_and_unknown_format_are_404(client_for, national, rezekne_published):
    client = client_for(national)
    assert client.get(reverse("national:library", kwargs={
        "slug": "rezeknes-novads", "library_slug": "nav"})).status_code == 404
    assert client.get(reverse("national:report_download",
                              kwargs={"fmt": "odt"})).status_code == 404
    assert client.get(reverse("national:region", kwargs={"slug": "nav"})).status_code == 404


def _queries_and_size(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), len(response.content)


NATIONAL_PAGES = [reverse("national:overview") + "?year=2021",
                  reverse("national:report") + "?year=2021",
                  reverse("national:report") + "?year=2021&table=main_indicators",
                  reverse("national:dashboard") + "?year=2021",
                  reverse("national:region", kwargs={"slug": "rezeknes-novads"})
                  + "?year=2021"]


def test_queries_do_not_grow_with_regions_and_libraries_and_pages_stay_small(
        client_for, national, rezekne_published):
    client = client_for(national)
    small = [_queries_and_size(client, url) for url in NATIONAL_PAGES]
    for n in range(3):
        region = RegionFactory(name=f"Lielais novads {n}", slug=f"lielais-{n}")
        make_network(region, 30)
        report_publish(region=region, year=2021, user=None)
    make_network(RegionFactory(name="Rēzeknes papildu", slug="rez-more"), 60)
    large = [_queries_and_size(client, url) for url in NATIONAL_PAGES]
    assert [queries for queries, _size in small] == [queries for queries, _size in large]
    assert all(size < 500_000 for _queries, size in large)


def test_national_pages_do_not_grow_with_the_number_of_libraries(client_for, national,
                                                                 region):
    """3 regions × 60 libraries, then × 120: the pages keep their size and query count
    (per-region rows and totals only; a region's libraries are paginated)."""
    regions = [RegionFactory(name=f"Liels novads {n}", slug=f"big-{n}") for n in range(3)]
    for big in regions:
        make_network(big, 60)
        report_publish(region=big, year=2021, user=None, make_pdf=False)
    pages = [*NATIONAL_PAGES[:4],
             reverse("national:region", kwargs={"slug": "big-0"}) + "?year=2021",
             reverse("national:library", kwargs={"slug": "big-0", "library_slug": "big-0-lib-1"})
             + "?year=2021"]
    client = client_for(national)
    client.get(pages[0])  # the session
    small = [_queries_and_size(client, url) for url in pages]
    for big in regions:
        make_network(big, 60, start=60)
        report_publish(region=big, year=2021, user=None, make_pdf=False)
    large = [_queries_and_size(client, url) for url in pages]
    assert [queries for queries, _size in small] == [queries for queries, _size in large]
    for url, (_q, small_size), (_q2, large_size) in zip(pages, small, large, strict=True):
        assert large_size < 500_000, url
        # twice the libraries: a few wider numbers, never a row per library more
        assert abs(large_size - small_size) < 0.02 * small_size + 1_000, (
            url, small_size, large_size)
    # the drill-down paginates: 120 libraries on three pages of at most 50, none larger
    # than the first
    region_url = pages[4]
    last = client.get(region_url + "&page=3").content.decode()
    assert "Bibliotēka big-0 0119" in last and "Bibliotēka big-0 0099" not in last
    assert len(last) <= large[4][1]


def test_the_national_dashboard_names_the_unit_in_words_never_its_code(
        client_for, national, rezekne_published):
    client = client_for(national)
    page = client.get(reverse("national:dashboard") + "?year=2021").content.decode()
    assert "per_person" not in page
    assert "uz personu" in page  # the chart's axis
    english = client_for(national)
    english.cookies["django_language"] = "en"
    page = english.get(reverse("national:dashboard") + "?year=2021").content.decode()
    assert "per_person" not in page and "per person" in page
    rows = client.get(reverse("national:dashboard_csv") + "?year=2021").content.decode()
    assert "per_person" not in rows


def test_a_regions_library_list_rounds_as_the_published_report(client_for, national, region,
                                                              two_networks, methodologist):
    """Visits per inhabitant of a library at the national drill-down shows the catalogue's
    two decimals, as the region's published report and the open data do (23 / 11 = 2,09)."""
    from submissions.models import Value

    Value.objects.filter(submission__library__slug="rezeknes-novads-lib-1",
                         submission__year__year=2021,
                         indicator__code="visits.total").update(value=23)
    report_publish(region=region, year=2021, user=methodologist, make_pdf=False)
    page = client_for(national).get(
        reverse("national:region", kwargs={"slug": "rezeknes-novads"}) + "?year=2021"
    ).content.decode()
    row = page.split("Bibliotēka rezeknes-novads 0001</a></th>")[1].split("</tr>")[0]
    assert row.endswith('<td class="num">2,09</td>'), row
