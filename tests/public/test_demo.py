"""The issue's “done when” on the demo world: anonymously, the region's page shows its
published 2021 visits (77 282) and Maltas' page its published figures, while a figure typed
into Maltas' 2022 draft appears nowhere."""

from django.test import Client, TestCase

from demo.seed import seed_demo
from figures.published import chosen_years, iter_library_years
from libraries.models import Region
from submissions.models import Submission
from tests.factories import set_values

TYPED = 918273  # typed into Maltas' 2022 draft


class PublicDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_demo()
        draft = Submission.objects.get(library__slug="maltas", year__year=2022)
        set_values(draft, **{"visits.total": TYPED, "loans.total": TYPED})

    def test_the_demo_region_has_its_public_pages_on(self):
        assert Region.objects.get(slug="rezeknes-novads").public_pages is True

    def test_the_region_page_shows_the_published_2021_visits(self):
        page = Client().get("/regions/rezeknes-novads/")
        assert page.status_code == 200
        text = page.content.decode()
        assert "77\xa0282" in text  # the 2021 report's visits
        assert 'href="/libraries/maltas/"' in text

    def test_maltas_page_shows_its_published_figures_and_never_the_draft(self):
        origins = chosen_years(region="rezeknes-novads", year_from=2021, year_to=2021)
        (_region, _slug, _year, published), = iter_library_years(
            origins, library="maltas", codes=["visits.total"])
        visits = f"{int(published['visits.total']):,}".replace(",", "\xa0")
        client = Client()
        for url in ("/libraries/maltas/", "/libraries/maltas/?lang=en",
                    "/libraries/maltas/embed/", "/regions/rezeknes-novads/",
                    "/sitemap.xml"):
            response = client.get(url)
            assert response.status_code == 200, url
            text = response.content.decode()
            assert "918\xa0273" not in text and "918,273" not in text and "918273" not in text
        assert visits in client.get("/libraries/maltas/").content.decode()
        assert visits in client.get("/libraries/maltas/embed/").content.decode()
