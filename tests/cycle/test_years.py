"""Reporting years from the portal: open (drafts + invitations), close, reopen, deadline;
the commands; the pages for every role."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from cycle import services
from cycle.models import RegionChange
from submissions.models import ReportingYear, Submission
from tests.factories import LibraryFactory, ReportingYearFactory, SubmissionFactory, librarian_of

pytestmark = pytest.mark.django_db

YEARS = reverse("cycle:years")
OPEN = reverse("cycle:year_open")
# a deadline the page accepts: opening a year from the page refuses one already passed
AHEAD = timezone.localdate() + timedelta(days=60)


@pytest.fixture
def network(region, library, other_library):
    """Two active libraries with a librarian each, one closed library."""
    LibraryFactory(region=region, name="Slēgtā bibliotēka", slug="slegta", active=False)
    return [librarian_of(library, "librarian"), librarian_of(other_library, "other-librarian")]


# Services -----------------------------------------------------------------------------------

def test_opening_a_year_creates_a_draft_per_active_library_and_invites(
        region, network, methodologist, foreign_library, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        year = services.reporting_year_open(region=region, year=2023,
                                            deadline=date(2024, 1, 15), user=methodologist)
    assert (year.region, year.is_open, year.deadline) == (region, True, date(2024, 1, 15))
    drafts = Submission.objects.filter(year=year)
    assert sorted(d.library.slug for d in drafts) == ["audrinu", "maltas"]
    assert all(d.status == Submission.Status.DRAFT for d in drafts)
    assert not Submission.objects.filter(library=foreign_library).exists()
    assert len(mail.outbox) == 2
    invitation = next(m for m in mail.outbox if "librarian@example.test" in m.to)
    audrinu = drafts.get(library__slug="audrinu")
    assert f"/entry/{audrinu.pk}/" in invitation.body or \
        reverse("entry:submission", args=[audrinu.pk]) in invitation.body
    assert "2023" in invitation.subject
    assert "15.01.2024" in invitation.body
    assert invitation.reply_to == [methodologist.email]
    assert RegionChange.objects.get(region=region).subject == "2023"


def test_a_year_opens_once_per_region(region, foreign_region, network):
    services.reporting_year_open(region=region, year=2023, deadline=date(2024, 1, 15))
    services.reporting_year_open(region=foreign_region, year=2023, deadline=date(2024, 2, 1))
    with pytest.raises(ValidationError):
        services.reporting_year_open(region=region, year=2023, deadline=date(2024, 1, 15))
    with pytest.raises(ValidationError):
        services.reporting_year_open(region=region, year=2024, deadline=date(2023, 12, 1))


def test_closing_waits_for_the_deadline_unless_asked(region, network):
    year = services.reporting_year_open(region=region, year=2023,
                                        deadline=date(2024, 1, 15), invite=False)
    with pytest.raises(ValidationError):
        services.reporting_year_close(reporting_year=year, today=date(2024, 1, 15))
    services.reporting_year_close(reporting_year=year, today=date(2024, 1, 16))
    year.refresh_from_db()
    assert not year.is_open
    draft = Submission.objects.select_related("year").filter(year=year).first()
    assert draft.status == Submission.Status.LAPSED  # not submitted by the deadline
    assert not draft.is_editable  # a closed year refuses edits


def test_a_closed_year_refuses_the_librarians_edits(client_for, region, network, library):
    year = services.reporting_year_open(region=region, year=2023,
                                        deadline=date(2024, 1, 15), invite=False)
    services.reporting_year_close(reporting_year=year, before_deadline=True)
    draft = Submission.objects.get(year=year, library=library)
    response = client_for(network[0]).post(
        reverse("entry:submit", args=[draft.pk]))
    assert response.status_code in (403, 302)
    draft.refresh_from_db()
    assert draft.status == Submission.Status.LAPSED


def test_reopening_creates_drafts_for_libraries_added_meanwhile(region, network):
    year = services.reporting_year_open(region=region, year=2023,
                                        deadline=date(2024, 1, 15), invite=False)
    services.reporting_year_close(reporting_year=year, before_deadline=True)
    LibraryFactory(region=region, slug="jauna", name="Jaunā bibliotēka")
    services.reporting_year_reopen(reporting_year=year)
    year.refresh_from_db()
    assert year.is_open
    assert Submission.objects.filter(year=year, library__slug="jauna").exists()


def test_a_library_added_while_a_year_is_open_gets_its_draft(region, network):
    year = services.reporting_year_open(region=region, year=2023,
                                        deadline=date(2024, 1, 15), invite=False)
    newcomer = LibraryFactory(region=region, slug="jauna", name="Jaunā bibliotēka")
    created = services.drafts_for_new_library(library=newcomer)
    assert [s.year for s in created] == [year]


def test_changing_the_deadline_is_recorded(region, network, methodologist):
    year = ReportingYearFactory(region=region, year=2023, deadline=date(2024, 1, 15))
    services.reporting_year_set_deadline(reporting_year=year, deadline=date(2024, 2, 1),
                                         user=methodologist)
    year.refresh_from_db()
    assert year.deadline == date(2024, 2, 1)
    change = RegionChange.objects.get()
    assert (change.user, change.subject) == (methodologist, "2023")
    assert "01.02.2024" in change.text


# Commands -------------------------------------------------------------------------------------

def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@translation.override("en")  # the messages are read in English
def test_open_year_and_close_year_commands(region, network):
    output = _run("open_year", "--year", "2023", "--deadline", "2024-01-15")
    assert "2023 is open until 2024-01-15, 2 draft report(s)" in output
    year = ReportingYear.objects.get(region=region, year=2023)
    assert year.submissions.count() == 2
    output = _run("close_year", "--year", "2023", "--region", region.slug)  # deadline passed
    assert "2023 is closed; 2 report(s) not submitted" in output
    soon = timezone.localdate() + timedelta(days=10)
    _run("open_year", "--year", str(soon.year - 1), "--deadline", soon.isoformat())
    with pytest.raises(CommandError, match="deadline"):
        _run("close_year", "--year", str(soon.year - 1))
    output = _run("close_year", "--year", str(soon.year - 1), "--before-deadline")
    assert "is closed" in output


@pytest.mark.parametrize(("language", "web_words"), [
    ("en", "Close before the deadline"), ("lv", "Slēgt pirms termiņa")])
def test_close_year_before_the_deadline_names_its_flag_not_the_pages_checkbox(
        region, network, language, web_words):
    soon = timezone.localdate() + timedelta(days=10)
    _run("open_year", "--year", str(soon.year - 1), "--deadline", soon.isoformat())
    with translation.override(language), pytest.raises(CommandError) as refused:
        _run("close_year", "--year", str(soon.year - 1))
    message = str(refused.value)
    assert "--before-deadline" in message and soon.isoformat() in message
    assert web_words not in message
    assert ReportingYear.objects.get(region=region, year=soon.year - 1).is_open


def _refusal(*args) -> str:
    with pytest.raises(CommandError) as refused:
        _run(*args)
    return str(refused.value)


@translation.override("en")
def test_the_other_cycle_commands_refusals_name_their_flags(region, network):
    assert ("--deadline 2024-12-31 is before the year 2025 begins: give a later date, e.g. "
            "--deadline 2026-01-15") in _refusal("open_year", "--year", "2025",
                                                 "--deadline", "2024-12-31")
    assert "“15.01.2024” is not a date: write it as YYYY-MM-DD" in _refusal(
        "open_year", "--year", "2023", "--deadline", "15.01.2024")
    _run("open_year", "--year", "2023", "--deadline", "2024-01-15")
    assert ("already has the year 2023. To open it for another region, give that region's "
            "--region") in _refusal("open_year", "--year", "2023", "--deadline", "2024-01-15")
    assert ("no reporting year 2030 (its years: 2023). Open it with open_year --year 2030 "
            "--deadline YYYY-MM-DD") in _refusal("close_year", "--year", "2030")
    assert "no region “nav” (regions: rezeknes-novads)" in _refusal(
        "close_year", "--year", "2023", "--region", "nav")


@translation.override("en")  # the messages are read in English
def test_commands_need_the_region_when_there_are_several(region, foreign_region, network):
    with pytest.raises(CommandError, match="--region"):
        _run("open_year", "--year", "2023", "--deadline", "2024-01-15")
    _run("open_year", "--year", "2023", "--deadline", "2024-01-15",
         "--region", foreign_region.slug)
    assert ReportingYear.objects.get(year=2023).region == foreign_region
    with pytest.raises(CommandError, match="no reporting year 2023"):
        _run("close_year", "--year", "2023", "--region", region.slug)


# Pages ----------------------------------------------------------------------------------------

def test_the_methodologist_opens_a_year_from_the_page(client_for, region, network,
                                                      methodologist):
    client = client_for(methodologist)
    page = client.get(YEARS)
    assert page.status_code == 200
    assert "Open the year" in page.content.decode()
    response = client.post(OPEN, {"region": region.slug, "year": "2023",
                                  "deadline": AHEAD.isoformat()}, follow=True)
    assert "2023 is open: 2 libraries have a draft" in response.content.decode()
    assert ReportingYear.objects.get(region=region, year=2023).submissions.count() == 2
    # the librarian now finds the 2023 report in "My library"
    mine = client_for(network[0]).get(reverse("entry:my_reports")).content.decode()
    assert "Fill in the 2023 report" in mine


def test_the_methodologist_closes_and_reopens_from_the_page(client_for, region, network,
                                                            methodologist):
    year = ReportingYearFactory(region=region, year=2022, is_open=True,
                                deadline=timezone.localdate() + timedelta(days=5))
    client = client_for(methodologist)
    page = client.post(reverse("cycle:year_close", args=[year.pk]), follow=True)
    assert "has not passed yet" in page.content.decode()
    year.refresh_from_db()
    assert year.is_open
    client.post(reverse("cycle:year_close", args=[year.pk]), {"before_deadline": "1"})
    year.refresh_from_db()
    assert not year.is_open
    client.post(reverse("cycle:year_reopen", args=[year.pk]))
    year.refresh_from_db()
    assert year.is_open
    client.post(reverse("cycle:year_deadline", args=[year.pk]), {"deadline": "2023-03-01"})
    year.refresh_from_db()
    assert year.deadline == date(2023, 3, 1)


def test_anonymous_is_sent_to_log_in(client_for, region):
    response = client_for(None).get(YEARS)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client_for(None).post(OPEN, {"year": "2023", "deadline": AHEAD.isoformat()}
                                 ).status_code == 302
    assert not ReportingYear.objects.exists()


@pytest.mark.parametrize("who", ["librarian", "municipality"])
def test_other_roles_are_refused(client_for, request, region, network, who):
    user = network[0] if who == "librarian" else request.getfixturevalue("municipality")
    year = ReportingYearFactory(region=region, year=2022, is_open=True)
    client = client_for(user)
    assert client.get(YEARS).status_code == 403
    assert client.post(OPEN, {"year": "2023", "deadline": AHEAD.isoformat()}).status_code == 403
    for name in ("year_close", "year_reopen", "year_deadline"):
        assert client.post(reverse(f"cycle:{name}", args=[year.pk]),
                           {"before_deadline": "1", "deadline": "2030-01-01"}
                           ).status_code == 403
    year.refresh_from_db()
    assert year.is_open and year.deadline == date(2023, 2, 9)
    assert not ReportingYear.objects.filter(year=2023).exists()


def test_a_methodologist_of_another_region_cannot_touch_this_regions_years(
        client_for, region, network, foreign_methodologist, foreign_library):
    year = ReportingYearFactory(region=region, year=2022, is_open=True)
    client = client_for(foreign_methodologist)
    page = client.get(YEARS).content.decode()
    assert "Ludzas novads" in page and "Rēzeknes novads" not in page
    assert client.get(YEARS, {"region": region.slug}).status_code == 403
    assert client.post(OPEN, {"region": region.slug, "year": "2023",
                              "deadline": AHEAD.isoformat()}).status_code == 403
    for name in ("year_close", "year_reopen", "year_deadline"):
        assert client.post(reverse(f"cycle:{name}", args=[year.pk]),
                           {"before_deadline": "1", "deadline": "2030-01-01"}
                           ).status_code == 404
    year.refresh_from_db()
    assert year.is_open and year.deadline == date(2023, 2, 9)
    # opening in their own region touches only their libraries
    client.post(OPEN, {"year": "2023", "deadline": AHEAD.isoformat()})
    opened = ReportingYear.objects.get(year=2023)
    assert opened.region.slug == "ludzas-novads"
    assert [s.library.slug for s in opened.submissions.all()] == ["cirmas"]


def test_the_board_no_longer_lists_drafts_that_do_not_exist(client_for, region, network,
                                                            methodologist):
    ReportingYearFactory(region=region, year=2023, is_open=True)  # opened without drafts
    board = client_for(methodologist).get(reverse("review:board"), {"year": 2023})
    html = board.content.decode()
    assert "No report" in html
    SubmissionFactory(library=network[0].memberships.get().library,
                      year=ReportingYear.objects.get(year=2023))
    assert "Draft" in client_for(methodologist).get(
        reverse("review:board"), {"year": 2023}).content.decode()


def test_the_navigation_leads_the_methodologist_to_these_pages_not_the_admin(
        client_for, region, methodologist, librarian):
    html = client_for(methodologist).get(reverse("home")).content.decode()
    assert f'href="{YEARS}"' in html and "Catalogue and network" in html
    # the home page's own list says what is there, beside the completeness board
    assert "Catalogue and network: open and close reporting years, invite librarians" in html
    assert 'href="/admin/"' not in html
    assert f'href="{YEARS}"' not in client_for(librarian).get(reverse("home")).content.decode()


def test_an_open_year_reads_atverts_in_latvian(client, region, network, methodologist):
    """Another app's “open” (“atklāts”, as an open-air event) must not name a year's state."""
    ReportingYearFactory(region=region, year=2023, is_open=True)
    client.force_login(methodologist)
    page = client.get(YEARS).content.decode()
    assert '<span class="status status-open">atvērts</span>' in page
    assert "atklāts" not in page


def test_the_page_refuses_a_deadline_already_passed_and_suggests_one_ahead(
        client_for, region, network, methodologist):
    """Opening 2023 in December 2026 with “15.01.2024”: the librarians would be invited
    to a report already late. The page says so at the field and opens nothing."""
    client = client_for(methodologist)
    passed = timezone.localdate() - timedelta(days=1)
    response = client.post(OPEN, {"region": region.slug, "year": "2023",
                                  "deadline": passed.isoformat()})
    assert response.status_code == 200
    assert "has already passed" in " ".join(response.context["open_form"].errors["deadline"])
    assert not ReportingYear.objects.filter(region=region, year=2023).exists()
    # the suggested deadline is one the page accepts
    suggested = client.get(YEARS).context["open_form"].initial["deadline"]
    assert suggested >= timezone.localdate()


def test_cycle_answers_at_the_address_the_readme_gives(client_for, region, methodologist,
                                                       librarian, municipality):
    """Issue 22, item 14: `/cycle/` leads to the reporting years for a methodologist and
    keeps the usual rules for everyone else."""
    response = client_for(methodologist).get("/cycle/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("cycle:years")
    assert response.status_code == 200 and "Reporting years" in response.content.decode()
    chosen = client_for(methodologist).get(f"/cycle/?region={region.slug}")
    assert chosen["Location"] == f"{reverse('cycle:years')}?region={region.slug}"
    anonymous = client_for(None).get("/cycle/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert client_for(librarian).get("/cycle/").status_code == 403
    assert client_for(municipality).get("/cycle/").status_code == 403
