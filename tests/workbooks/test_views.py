from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.models import Value
from tests.workbooks.helpers import FIGURES_2021, fill, stored
from workbooks.workbook import CONTENT_TYPE, MAX_BYTES, build_workbook


def _download_url(submission):
    return reverse("workbooks:download", kwargs={"pk": submission.pk})


def _upload_url(submission):
    return reverse("workbooks:upload", kwargs={"pk": submission.pk})


def _upload(client, submission, content, name="audrinu-2022.xlsx"):
    return client.post(_upload_url(submission), {
        "workbook": SimpleUploadedFile(name, content, content_type=CONTENT_TYPE)})


def _confirm(client, submission, preview):
    """Save what a preview showed (the form on the preview page)."""
    return client.post(reverse("workbooks:confirm", kwargs={"pk": submission.pk}),
                       {"token": preview.context["token"]})


# Download ----------------------------------------------------------------------------------

def test_download_requires_login(client_for, submission):
    response = client_for(None).get(_download_url(submission))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["other_librarian", "municipality"])
def test_download_is_refused_to_others(client_for, submission, persona, request):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(_download_url(submission)).status_code == 403


@pytest.mark.parametrize("persona", ["librarian", "methodologist", "admin_user"])
def test_download_gives_the_workbook(client_for, submission, persona, request):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(_download_url(submission))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    assert 'filename="audrinu-2022.xlsx"' in response["Content-Disposition"]
    assert response.content.startswith(b"PK\x03\x04")


def test_download_of_an_accepted_report_still_works(client_for, submission, librarian):
    submission.status = "accepted"
    submission.save()
    assert client_for(librarian).get(_download_url(submission)).status_code == 200


# Upload ------------------------------------------------------------------------------------

def test_upload_requires_login(client_for, submission):
    response = client_for(None).get(_upload_url(submission))
    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["other_librarian", "municipality", "methodologist"])
def test_upload_is_only_for_the_librarian(client_for, submission, persona, request):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(_upload_url(submission)).status_code == 403
    response = _upload(client, submission, fill(build_workbook(submission), FIGURES_2021))
    assert response.status_code == 403
    assert not Value.objects.exists()


def test_upload_form_is_shown_to_the_librarian(client_for, submission, librarian):
    response = client_for(librarian).get(_upload_url(submission))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()
    assert _download_url(submission) in response.content.decode()


def test_upload_saves_and_reports_the_count(client_for, submission, librarian):
    content = fill(build_workbook(submission), FIGURES_2021)
    client = client_for(librarian)
    preview = _upload(client, submission, content)
    assert preview.status_code == 200
    assert not Value.objects.exists()
    response = _confirm(client, submission, preview)
    assert response.status_code == 200
    assert response.context["result"].saved == len(FIGURES_2021)
    assert f"{len(FIGURES_2021)} figures saved" in response.content.decode()
    assert stored(submission)["users.active"][0] == Decimal(300)
    assert Value.objects.filter(submission=submission, updated_by=librarian).exists()


def test_upload_lists_errors_by_sheet_and_cell_and_saves_nothing(client_for, submission,
                                                                 librarian):
    content = fill(build_workbook(submission), {**FIGURES_2021, "users.active": "abc"})
    response = _upload(client_for(librarian), submission, content)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in page
    assert "5 Pakalpojumi" in page and "<td>E6</td>" in page
    assert not Value.objects.filter(submission=submission).exists()


def test_upload_shows_warnings_after_saving(client_for, submission, librarian, last_year):
    content = fill(build_workbook(submission), {**FIGURES_2021, "users.active": 600})
    client = client_for(librarian)
    response = _confirm(client, submission, _upload(client, submission, content))
    assert response.context["result"].ok
    assert "changed by +100%" in response.content.decode()
    assert stored(submission)["users.active"][0] == Decimal(600)


def test_upload_of_a_text_file_is_refused_with_a_message(client_for, submission, librarian):
    response = _upload(client_for(librarian), submission, b"users.active;300", "dati.xlsx")
    assert response.status_code == 200
    assert "not an XLSX file" in response.content.decode()


def test_upload_without_a_file_asks_for_one(client_for, submission, librarian):
    response = client_for(librarian).post(_upload_url(submission), {})
    assert response.status_code == 200
    assert response.context["result"] is None
    assert response.context["form"].errors


def test_upload_is_refused_after_submitting(client_for, submission, librarian):
    submission.status = "submitted"
    submission.save()
    content = fill(build_workbook(submission), FIGURES_2021)
    assert _upload(client_for(librarian), submission, content).status_code == 403
    assert not Value.objects.exists()


def test_upload_is_refused_when_the_year_is_closed(client_for, submission, librarian):
    submission.year.is_open = False
    submission.year.save()
    assert client_for(librarian).get(_upload_url(submission)).status_code == 403


def test_upload_over_5_mb_is_refused_before_reading(client_for, submission, librarian):
    response = _upload(client_for(librarian), submission, b"PK\x03\x04" + b"\0" * MAX_BYTES)
    assert response.status_code == 200
    assert "larger than 5 MB" in response.content.decode()
    assert not Value.objects.exists()
