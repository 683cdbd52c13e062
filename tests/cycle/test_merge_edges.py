"""Issue 21 item 3: a merge is confirmed on a page saying what will happen, emails the
librarians of both libraries, gives (or tells whom to ask for) the continuing library's
report, and a link to a removed draft explains the merge instead of a 404."""

from datetime import date

import pytest
from django.urls import reverse

from cycle import network, services
from libraries.models import Membership, Role
from notifications.models import OutgoingEmail
from submissions.models import RemovedDraft, Submission

pytestmark = pytest.mark.django_db
MERGE = reverse("cycle:library_merge")


@pytest.fixture
def open_2023(region, library, other_library):
    return services.reporting_year_open(region=region, year=2023,
                                        deadline=date(2030, 1, 15), invite=False)


@pytest.fixture
def draft(open_2023, library):
    return Submission.objects.get(year=open_2023, library=library)


def _data(library, other_library):
    return {"library": library.pk, "into": other_library.pk, "from_year": 2023}


def test_the_form_shows_what_will_happen_and_merges_nothing(
        client_for, region, library, other_library, draft, methodologist, librarian,
        other_librarian):
    page = client_for(methodologist).get(MERGE, _data(library, other_library))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Merge Audriņu pagasta bibliotēka into Maltas pagasta bibliotēka" in text
    assert "Removed drafts: Audriņu pagasta bibliotēka · 2023" in text
    assert "Reports that carry on: Maltas pagasta bibliotēka · 2023 (draft)" in text
    told = text.split("Who is told by email:")[1].split("</li>")[0]
    name = librarian.get_full_name() or librarian.email
    assert f"{name} (Audriņu pagasta bibliotēka)" in told
    assert "(Maltas pagasta bibliotēka)" in told
    assert 'name="give_access"' in text
    library.refresh_from_db()
    assert library.merged_into is None
    assert Submission.objects.filter(pk=draft.pk).exists()


def test_a_refused_merge_says_why_before_the_confirmation(client_for, region, library,
                                                          open_2023, methodologist):
    page = client_for(methodologist).get(MERGE, {**_data(library, library)})
    assert "Choose two different libraries." in page.content.decode()


def test_merging_emails_both_libraries_librarians(
        client_for, region, library, other_library, draft, methodologist, librarian,
        other_librarian, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(methodologist).post(MERGE, _data(library, other_library),
                                                  follow=True)
    assert "The librarians of both libraries were emailed." in response.content.decode()
    email = OutgoingEmail.objects.get(kind="library_merged")
    assert {librarian.email, other_librarian.email} <= set(email.to)
    continuing = Submission.objects.get(library=other_library, year__year=2023)
    assert reverse("entry:submission", args=[continuing.pk]) in email.body
    assert "2023" in email.subject and "Maltas pagasta bibliotēka" in email.body
    assert email.reply_to == [methodologist.email]
    assert not Membership.objects.filter(user=librarian, library=other_library).exists()


def test_giving_access_makes_the_continuing_report_theirs(
        client_for, region, library, other_library, draft, methodologist, librarian):
    client_for(methodologist).post(MERGE, {**_data(library, other_library),
                                           "give_access": "1"})
    assert Membership.objects.filter(user=librarian, library=other_library,
                                     role=Role.LIBRARIAN).exists()
    home = client_for(librarian).get(reverse("entry:my_reports")).content.decode()
    assert "Fill in the 2023 report" in home
    assert "Audriņu pagasta bibliotēka is merged into Maltas pagasta bibliotēka from 2023" \
        in home


def test_the_librarians_home_page_says_whom_to_ask(
        client_for, region, library, other_library, draft, methodologist, librarian,
        other_librarian):
    network.library_merge(region=region, user=methodologist, library=library,
                          into=other_library, from_year=2023)
    home = client_for(librarian).get(reverse("entry:my_reports")).content.decode()
    assert "No report for the open year yet" not in home
    assert "The 2023 report is open" not in home  # no deadline of a report not theirs
    assert "Audriņu pagasta bibliotēka is merged into Maltas pagasta bibliotēka from 2023" \
        in home
    assert other_librarian.email in home and methodologist.email in home


def test_the_link_to_a_removed_draft_explains_the_merge(
        client_for, region, library, other_library, draft, methodologist, librarian,
        other_librarian):
    network.library_merge(region=region, user=methodologist, library=library,
                          into=other_library, from_year=2023)
    assert RemovedDraft.objects.get(submission_pk=draft.pk).year == 2023
    page = client_for(librarian).get(reverse("entry:submission", args=[draft.pk]))
    assert page.status_code == 410
    text = page.content.decode()
    assert "The 2023 report of Audriņu pagasta bibliotēka is no longer there" in text
    assert "is merged into Maltas pagasta bibliotēka from 2023" in text
    # the continuing library's librarian is linked to the report that carries on
    mine = client_for(other_librarian).get(reverse("entry:submission", args=[draft.pk]))
    assert mine.status_code == 404  # not their library's draft
    review = client_for(methodologist).get(reverse("entry:submission", args=[draft.pk]))
    continuing = Submission.objects.get(library=other_library, year__year=2023)
    assert reverse("entry:submission", args=[continuing.pk]) in review.content.decode()


@pytest.mark.parametrize("who", ["municipality", "foreign_methodologist"])
def test_other_roles_and_regions_get_not_found(client_for, request, region, library,
                                               other_library, draft, methodologist, who):
    network.library_merge(region=region, user=methodologist, library=library,
                          into=other_library, from_year=2023)
    response = client_for(request.getfixturevalue(who)).get(
        reverse("entry:submission", args=[draft.pk]))
    assert response.status_code == 404
    assert "Maltas" not in response.content.decode()


@pytest.mark.parametrize("who", ["librarian", "municipality", "foreign_methodologist"])
def test_other_roles_and_regions_see_no_merge_confirmation(
        client_for, request, region, library, other_library, draft, who):
    client = client_for(request.getfixturevalue(who))
    data = _data(library, other_library)
    if who == "foreign_methodologist":
        assert client.get(MERGE, {**data, "region": region.slug}).status_code == 403
        text = client.get(MERGE, data).content.decode()
        assert "Select a valid choice" in text and "Removed drafts" not in text
    else:
        assert client.get(MERGE, data).status_code == 403


# Closing a library: the same confirmation, email and explained link ------------------------
def test_closing_a_library_is_confirmed_told_and_explained(
        client_for, region, library, draft, methodologist, librarian,
        django_capture_on_commit_callbacks):
    close = reverse("cycle:library_close", args=[library.pk])
    client = client_for(methodologist)
    page = client.get(close, {"from_year": 2023}).content.decode()
    assert "Removed drafts: Audriņu pagasta bibliotēka · 2023" in page
    assert Submission.objects.filter(pk=draft.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(close, {"from_year": 2023}, follow=True)
    assert "Its librarians were emailed." in response.content.decode()
    assert librarian.email in OutgoingEmail.objects.get(kind="library_closed").to
    text = client_for(librarian).get(
        reverse("entry:submission", args=[draft.pk])).content.decode()
    assert "Audriņu pagasta bibliotēka is closed from 2023" in text


@pytest.mark.parametrize("who", ["librarian", "foreign_methodologist"])
def test_other_roles_and_regions_see_no_closing_confirmation(client_for, request, region,
                                                             library, draft, who):
    response = client_for(request.getfixturevalue(who)).get(
        reverse("cycle:library_close", args=[library.pk]), {"from_year": 2023})
    assert response.status_code in (403, 404)
    assert "Removed drafts" not in response.content.decode()
