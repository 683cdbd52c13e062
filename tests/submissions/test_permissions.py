"""Every data-entry view: anonymous → login, other library / municipality → 403,
methodologist → read only, own librarian → 200; after submitting, no edits."""

import pytest
from django.urls import reverse

from submissions.models import Submission

pytestmark = pytest.mark.django_db

READ_VIEWS = ["submission", "chapter", "history"]
EDIT_POSTS = ["chapter", "autosave", "submit", "list_add", "picture_upload"]


def url(name, submission):
    kwargs = {"pk": submission.pk}
    if name == "chapter":
        kwargs["number"] = 5
    if name == "list_add":
        kwargs["kind"] = "training"
    return reverse(f"entry:{name}", kwargs=kwargs)


@pytest.mark.parametrize("name", ["my_reports", *READ_VIEWS, *EDIT_POSTS])
def test_it_sends_anonymous_visitors_to_log_in(client, submission, name):
    target = reverse("entry:my_reports") if name == "my_reports" else url(name, submission)
    response = client.post(target) if name in EDIT_POSTS else client.get(target)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", READ_VIEWS)
def test_librarian_of_another_library_cannot_see(client_for, submission, other_librarian,
                                                 name):
    assert client_for(other_librarian).get(url(name, submission)).status_code == 403


@pytest.mark.parametrize("name", EDIT_POSTS)
def test_librarian_of_another_library_cannot_change(client_for, submission, other_librarian,
                                                    name):
    assert client_for(other_librarian).post(url(name, submission)).status_code == 403


@pytest.mark.parametrize("name", ["my_reports", *READ_VIEWS])
def test_municipality_cannot_see(client_for, submission, municipality, name):
    target = reverse("entry:my_reports") if name == "my_reports" else url(name, submission)
    assert client_for(municipality).get(target).status_code == 403


@pytest.mark.parametrize("name", EDIT_POSTS)
def test_municipality_cannot_change(client_for, submission, municipality, name):
    assert client_for(municipality).post(url(name, submission)).status_code == 403


@pytest.mark.parametrize("name", READ_VIEWS)
def test_methodologist_reads(client_for, submission, methodologist, name):
    response = client_for(methodologist).get(url(name, submission))
    assert response.status_code == 200
    assert b'name="v-' not in response.content  # read only: no inputs


@pytest.mark.parametrize("name", EDIT_POSTS)
def test_methodologist_cannot_change(client_for, submission, methodologist, name):
    assert client_for(methodologist).post(url(name, submission)).status_code == 403


@pytest.mark.parametrize("name", ["my_reports", *READ_VIEWS])
def test_own_librarian_sees(client_for, submission, librarian, name):
    target = reverse("entry:my_reports") if name == "my_reports" else url(name, submission)
    response = client_for(librarian).get(target)
    assert response.status_code == 200


def test_own_librarian_gets_inputs(client_for, submission, librarian):
    response = client_for(librarian).get(url("chapter", submission))
    assert b'name="v-users.active"' in response.content


@pytest.mark.parametrize("name", EDIT_POSTS)
def test_after_submitting_the_librarian_cannot_change(client_for, submission, librarian, name):
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.SUBMITTED)
    assert client_for(librarian).post(url(name, submission)).status_code == 403


@pytest.mark.parametrize("name", READ_VIEWS)
def test_after_submitting_the_librarian_reads_without_inputs(client_for, submission, librarian,
                                                             name):
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.SUBMITTED)
    response = client_for(librarian).get(url(name, submission))
    assert response.status_code == 200
    assert b'name="v-' not in response.content


def test_my_reports_lists_only_own_libraries(client_for, submission, other_submission,
                                             librarian):
    response = client_for(librarian).get(reverse("entry:my_reports"))
    assert submission.library.name.encode() in response.content
    assert other_submission.library.name.encode() not in response.content
