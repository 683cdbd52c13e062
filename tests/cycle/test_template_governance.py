"""Several regions, one template (issue 21, item 1): the national template changes only
nationally; another region's methodologist changes nothing Rēzekne's libraries are
asked; every region's methodologist reads the national change log; a region's own
warning threshold changes the warnings of its own libraries only."""

import pytest
from django.urls import reverse

from catalogue.models import Indicator, RegionThreshold
from cycle import catalogue
from cycle.models import CatalogueChange, RegionChange
from review.selectors import board_rows
from review.triage import triage_queue
from submissions import selectors as entry_selectors
from submissions.validation import WARNING, check_submission
from tests.factories import LibraryFactory, ReportingYearFactory, SubmissionFactory, set_values
from workbooks.workbook import build_workbook, read_workbook

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("cycle:catalogue")


@pytest.fixture
def two_regions(region, library, foreign_region, foreign_library):
    """Rēzekne and Ludza: 2022 closed with 6 000 visits per library, 2023 open with a
    draft of 7 000 (+17 %: within the national default of ±30 %)."""
    drafts = {}
    for owner, lib in ((region, library), (foreign_region, foreign_library)):
        closed = ReportingYearFactory(region=owner, year=2022, is_open=False)
        last = SubmissionFactory(library=lib, year=closed, status="accepted")
        set_values(last, **{"visits.total": 6000, "population.total": 1000})
        year = ReportingYearFactory(region=owner, year=2023, is_open=True)
        drafts[owner.slug] = SubmissionFactory(library=lib, year=year)
        set_values(drafts[owner.slug], **{"visits.total": 7000, "population.total": 1000})
    return drafts


def _national_endpoints(indicator):
    return [
        (reverse("national:indicator_add"),
         {"year": 2023, "valid_from": 2023, "code": "events.online", "name_lv": "x",
          "name_en": "x", "kind": "count", "unit": "number",
          "chapter": indicator.chapter_id, "order": 1}),
        (reverse("national:indicator_retire", args=[indicator.pk]), {"from_year": 2023}),
        (reverse("national:indicator_threshold", args=[indicator.pk]),
         {"change_threshold_pct": 999, "year": 2023}),
    ]


def _template_state():
    return list(Indicator.objects.order_by("pk").values_list(
        "code", "valid_from", "valid_to", "change_threshold_pct", "unit", "chapter_id",
        "parent_id"))


@pytest.mark.parametrize("who", ["foreign_methodologist", "methodologist"])
def test_no_regional_methodologist_changes_what_rezekne_s_libraries_are_asked(
        client_for, request, two_regions, who):
    """The issue's walk: Ludza's (or Rēzekne's own) methodologist posts a 999 % threshold
    on visits.total and retires loans.total from 2023: every national endpoint answers
    403 and the template stays as it was."""
    client = client_for(request.getfixturevalue(who))
    before = _template_state()
    for indicator in Indicator.objects.filter(code__in=["visits.total", "loans.total"]):
        for url, data in _national_endpoints(indicator):
            assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("national:catalogue")).status_code == 403
    assert _template_state() == before
    assert Indicator.objects.get(code="loans.total").in_force(2023)
    assert not CatalogueChange.objects.exists()


def test_another_regions_methodologist_cannot_touch_rezekne_s_own_questions(
        client_for, region, two_regions, methodologist, foreign_methodologist):
    """Rēzekne's own question (issue 21 item 2): Ludza's methodologist can neither add
    one for Rēzekne nor retire it (403 naming Rēzekne, 404 through Ludza); Rēzekne's
    own methodologist can."""
    own = catalogue.indicator_add(
        user=methodologist, region=region, chapter=None, valid_from=2023, code="events",
        name_lv="Pasākumi", name_en="Events", kind="count", unit="number", order=1)
    retire = reverse("cycle:own_retire", args=["indicator", own.pk])
    client = client_for(foreign_methodologist)
    assert client.post(reverse("cycle:own_indicator_add"), {
        "region": region.slug, "own-valid_from": 2023, "own-code": "more",
        "own-name_lv": "x", "own-name_en": "x", "own-kind": "count", "own-unit": "number",
        "own-order": 1}).status_code == 403
    assert client.post(retire, {"region": region.slug, "from_year": 2023}).status_code == 403
    assert client.post(retire, {"from_year": 2023}).status_code == 404
    assert client.post(reverse("cycle:indicator_threshold", args=[own.pk]), {
        "change_threshold_pct": 999}).status_code == 404  # not one Ludza asks
    own.refresh_from_db()
    assert own.valid_to is None and own.change_threshold_pct is None
    assert Indicator.objects.filter(region=region).count() == 1
    assert not RegionThreshold.objects.exists()
    assert client_for(methodologist).post(retire, {"from_year": 2023}).status_code == 302
    own.refresh_from_db()
    assert own.valid_to == 2022


def test_another_regions_threshold_is_its_own(client_for, region, foreign_region, two_regions,
                                              methodologist, foreign_methodologist):
    """Ludza's methodologist posting the issue's 999 % on visits.total sets Ludza's own
    threshold: the national default and Rēzekne's warnings stay; the change is in
    Ludza's change log, not Rēzekne's. Posting it for Rēzekne is refused."""
    visits = Indicator.objects.get(code="visits.total")
    url = reverse("cycle:indicator_threshold", args=[visits.pk])
    client = client_for(foreign_methodologist)
    assert client.post(url, {"region": region.slug, "change_threshold_pct": 999}
                       ).status_code == 403
    assert client.post(url, {"change_threshold_pct": 999, "year": 2023}).status_code == 302
    visits.refresh_from_db()
    assert visits.change_threshold_pct == 30
    assert list(RegionThreshold.objects.values_list("region", "change_threshold_pct")) == [
        (foreign_region.pk, 999)]
    change = RegionChange.objects.get(kind=RegionChange.Kind.INDICATOR)
    assert (change.region, change.subject) == (foreign_region, "visits.total")
    assert "999 %" in change.text
    rezekne_page = client_for(methodologist).get(CATALOGUE).content.decode()
    assert "999" not in rezekne_page
    ludza_page = client.get(CATALOGUE).content.decode()
    assert 'value="999"' in ludza_page


def test_the_national_methodologist_changes_the_template_and_every_region_reads_why(
        client_for, two_regions, national, methodologist, foreign_methodologist):
    loans = Indicator.objects.get(code="loans.total")
    client = client_for(national)
    assert reverse("national:catalogue") in client.get("/").content.decode()  # home
    assert client.get(reverse("national:catalogue")).status_code == 200
    response = client.post(reverse("national:indicator_retire", args=[loans.pk]),
                           {"from_year": 2023})
    assert response.status_code == 302
    assert not Indicator.objects.get(code="loans.total").in_force(2023)
    assert CatalogueChange.objects.filter(subject="loans.total", user=national).exists()
    assert not RegionChange.objects.exists()  # in no one region's log: in the national one
    for reader in (methodologist, foreign_methodologist):
        page = client_for(reader).get(CATALOGUE, {"year": 2023}).content.decode()
        assert "Changes of the national template" in page
        assert "<strong>loans.total</strong>: retired from 2023" in page
        # read-only: no form that would change the template
        assert reverse("national:indicator_retire", args=[loans.pk]) not in page
        assert "Add an indicator" not in page


def _change_warnings(problems) -> list[str]:
    return [p.code for p in problems if p.severity == WARNING and p.kind == "change"]


def test_a_regions_own_threshold_warns_its_own_libraries_only(
        region, foreign_region, two_regions, foreign_methodologist, methodologist):
    """+17 % on visits: no warning at the national ±30 %; Ludza sets its own 10 %: Ludza's
    library is warned (page, submit, workbook, board, triage) and Rēzekne's is not; the
    national default lowered to 10 % then warns Rēzekne, unless Rēzekne set its own."""
    rezekne, ludza = two_regions[region.slug], two_regions[foreign_region.slug]
    visits = Indicator.objects.get(code="visits.total")
    catalogue.region_threshold_set(region=foreign_region, user=foreign_methodologist,
                                   indicator=visits, change_threshold_pct=10)

    def warned(submission) -> dict[str, bool]:
        state = entry_selectors.submission_state(submission)
        workbook = read_workbook(build_workbook(submission), submission, save=False)
        row = next(r for r in board_rows(submission.library.region, 2023)
                   if r.library.pk == submission.library_id)
        queue = triage_queue(submission.library.region, 2023)
        return {
            "page": "visits.total" in _change_warnings(state.all_problems()),
            "submit": "visits.total" in _change_warnings(check_submission(submission)),
            "workbook": any(w.code == "visits.total" for w in workbook.warnings),
            "board": row.warnings > 0,
            "triage": any(item.code == "visits.total" and any(
                check.kind == "change" for check in item.checks) for item in queue),
        }

    assert set(warned(ludza).values()) == {True}
    assert set(warned(rezekne).values()) == {False}
    catalogue.indicator_set_threshold(user=None, indicator=visits, change_threshold_pct=10)
    catalogue.region_threshold_set(region=foreign_region, user=foreign_methodologist,
                                   indicator=visits, change_threshold_pct=50)
    assert set(warned(rezekne).values()) == {True}
    assert set(warned(ludza).values()) == {False}
    # back to the national default
    catalogue.region_threshold_set(region=foreign_region, user=foreign_methodologist,
                                   indicator=visits, change_threshold_pct=None)
    assert not RegionThreshold.objects.exists()
    assert set(warned(ludza).values()) == {True}


def test_a_threshold_of_one_region_is_not_set_twice(foreign_region, foreign_methodologist):
    visits = Indicator.objects.get(code="visits.total")
    LibraryFactory(region=foreign_region)
    for pct in (20, 25, 25):
        catalogue.region_threshold_set(region=foreign_region, user=foreign_methodologist,
                                       indicator=visits, change_threshold_pct=pct)
    assert RegionThreshold.objects.get().change_threshold_pct == 25
    assert RegionChange.objects.count() == 2  # the repeated 25 % changed nothing


def test_a_methodologist_keeping_the_network_in_the_admin_only_reads_the_template(
        client_for, two_regions, foreign_methodologist, admin_user):
    """The demo's methodologists are staff with the catalogue keepers' permissions: the
    admin shows them the indicators and chapters but refuses every change of them."""
    from demo.seed import _catalogue_keepers

    foreign_methodologist.is_staff = True
    foreign_methodologist.save(update_fields=["is_staff"])
    foreign_methodologist.groups.add(_catalogue_keepers())
    visits = Indicator.objects.get(code="visits.total")
    change = reverse("admin:catalogue_indicator_change", args=[visits.pk])
    client = client_for(foreign_methodologist)
    assert client.get(change).status_code == 200
    assert client.post(change, {"code": "visits.total", "change_threshold_pct": 999}
                       ).status_code == 403
    assert client.get(reverse("admin:catalogue_indicator_add")).status_code == 403
    chapter = visits.chapter
    assert client.post(reverse("admin:catalogue_chapter_change", args=[chapter.pk]),
                       {"number": chapter.number}).status_code == 403
    visits.refresh_from_db()
    assert visits.change_threshold_pct == 30
    # the ratio limits are the whole country's too, even with the admin's permissions given
    from django.contrib.auth.models import Permission
    foreign_methodologist.user_permissions.add(
        *Permission.objects.filter(content_type__model="ratiolimit"))
    assert client.get(reverse("admin:catalogue_ratiolimit_add")).status_code == 403
    assert client_for(admin_user).get(reverse("admin:catalogue_indicator_add")
                                      ).status_code == 200
    assert client_for(admin_user).get(reverse("admin:catalogue_ratiolimit_add")
                                      ).status_code == 200
