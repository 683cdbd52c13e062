"""Issue 21 items 3 and 4 walked in the browser: the methodologist merges Rāznas into
Ratnieku and closes 2022, each confirmed on a page saying what will happen; the librarian
concerned then finds a page that says what happened, with the email in the outbox."""

import pytest

from tests.browser.conftest import format_violations

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_catalogue():
    from catalogue.selectors import forget_catalogue
    from submissions.selectors import forget_kept

    forget_catalogue()
    forget_kept()


def test_a_merge_told_to_the_merged_librarys_librarian(page, live_server, demo_data, login,
                                                       axe_violations, screenshot):
    from notifications.models import OutgoingEmail
    from submissions.models import Submission

    draft = Submission.objects.get(library__slug="cornajas-raznas", year__year=2022)
    login(page, live_server, "metodikis")
    page.goto(live_server.url + "/cycle/network/")
    merge = page.locator("section", has=page.get_by_role("heading",
                                                          name="Apvienot divas bibliotēkas"))
    merge.get_by_label("Apvienot bibliotēku").select_option(
        label="Čornajas pagasta Rāznas bibliotēka")
    merge.get_by_label("ar bibliotēku").select_option(
        label="Čornajas pagasta Ratnieku bibliotēka")
    merge.get_by_label("no gada").fill("2022")
    merge.get_by_role("button", name="Apvienot…").click()

    # the confirmation: what goes, what carries on, who is told; nothing merged yet
    assert "Kas notiks" in page.locator("main").inner_text()
    text = page.locator(".merge-plan").inner_text()
    assert "Dzēsti melnraksti: Čornajas pagasta Rāznas bibliotēka · 2022" in text
    assert "Pārskati, kas turpinās: Čornajas pagasta Ratnieku bibliotēka · 2022" in text
    assert "Kam nosūta e-pastu:" in text
    assert Submission.objects.filter(pk=draft.pk).exists()
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    page.get_by_role("button", name="Apvienot un paziņot bibliotekāriem").click()
    assert "Abu bibliotēku bibliotekāriem nosūtīts e-pasts." in page.locator(
        ".messages").inner_text()

    email = OutgoingEmail.objects.get(kind="library_merged")
    assert "bibl-cornajas-raznas@libreport.example" in email.to
    assert "bibl-cornajas-ratnieku@libreport.example" in email.to

    # Rāznas' librarian follows the link the 2022 invitation carried
    page.context.clear_cookies()
    login(page, live_server, "bibl-cornajas-raznas")
    page.goto(f"{live_server.url}/entry/submission/{draft.pk}/")
    main = page.locator("main").inner_text()
    assert "Bibliotēkas Čornajas pagasta Rāznas bibliotēka 2022. gada pārskata vairs nav" \
        in main
    assert "ir apvienota ar bibliotēku “Čornajas pagasta Ratnieku bibliotēka”" in main
    assert "bibl-cornajas-ratnieku@libreport.example" in main  # whom to ask
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    page.goto(live_server.url + "/entry/")
    home = page.locator("main").inner_text()
    assert "pārskata vēl nav" not in home
    assert "ir apvienota ar bibliotēku “Čornajas pagasta Ratnieku bibliotēka”" in home
    screenshot(page, "merge-told-to-the-librarian")


def test_closing_a_year_told_to_the_returned_reports_librarian(
        page, live_server, demo_data, login, axe_violations, screenshot):
    from django.utils import timezone

    from notifications.models import OutgoingEmail
    from submissions.models import StatusChange, Submission

    dricanu = Submission.objects.get(library__slug="dricanu", year__year=2022)
    Submission.objects.filter(pk=dricanu.pk).update(status=Submission.Status.RETURNED,
                                                    submitted_at=timezone.now())
    StatusChange.objects.create(submission=dricanu, from_status="submitted",
                                to_status="returned", reason="Pārbaudiet apmeklējumu.")

    login(page, live_server, "metodikis")
    page.goto(live_server.url + "/cycle/years/")
    page.locator("tr", has_text="2022").get_by_role("link", name="Slēgt 2022. gadu…").click()
    counts = page.locator(".close-counts").inner_text()
    assert "Atgriezti labošanai\t1" in counts
    assert "Melnraksti\t34" in counts
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    page.get_by_label("Slēgt pirms termiņa").check()
    page.get_by_role("button", name="Slēgt 2022. gadu un paziņot bibliotekāriem").click()
    assert "2022. gads ir slēgts: 35 pārskati nav iesniegti līdz termiņam" in page.locator(
        ".messages").inner_text()

    assert any("bibliotekars@libreport.example" in email.to
               for email in OutgoingEmail.objects.filter(kind="year_closed"))

    page.context.clear_cookies()
    login(page, live_server, "bibliotekars")
    page.goto(f"{live_server.url}/entry/submission/{dricanu.pk}/")
    main = page.locator("main").inner_text()
    assert "nav iesniegts līdz termiņam" in main
    assert "Nav iesniegts līdz termiņam" in main
    assert "Izlabojiet" not in main and "Iesniegts " not in main
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    screenshot(page, "closed-year-told-to-the-librarian")
