"""List rows (training, projects, improvement works): validated, audited, access-checked."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from submissions.models import AuditEntry, ImprovementWork, Project, Submission, TrainingEvent

pytestmark = pytest.mark.django_db


def add_url(submission, kind):
    return reverse("entry:list_add", kwargs={"pk": submission.pk, "kind": kind})


def training(**overrides):
    data = {"training-date_from": "2022-03-10", "training-date_to": "",
            "training-place": "Zoom", "training-organiser": "LNB",
            "training-title": "Digitālās prasmes", "training-hours": "4",
            "training-participants": "2"}
    data.update({f"training-{key}": value for key, value in overrides.items()})
    return data


def test_add_training_row_with_audit(client_for, submission, librarian):
    response = client_for(librarian).post(add_url(submission, "training"), training())
    assert response.status_code == 302
    assert response["Location"].endswith("/chapter/4/#list-training")
    row = TrainingEvent.objects.get(submission=submission)
    assert row.hours == 4 and row.participants == 2 and row.date_from == date(2022, 3, 10)
    entry = AuditEntry.objects.get(submission=submission, action="added")
    assert "Digitālās prasmes" in entry.new and entry.user == librarian


@pytest.mark.parametrize(("field", "value"), [
    ("hours", "0"), ("participants", "0"), ("date_to", "2022-03-01"), ("title", ""),
])
def test_invalid_training_rows_are_refused_with_a_message(client_for, submission, librarian,
                                                          field, value):
    response = client_for(librarian).post(add_url(submission, "training"),
                                          training(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not TrainingEvent.objects.exists()


def test_project_amount_cannot_be_negative(client_for, submission, librarian):
    response = client_for(librarian).post(add_url(submission, "projects"), {
        "projects-title": "Iedvesmas bibliotēka", "projects-funders": "LNB",
        "projects-amount": "-1", "projects-support": "no"})
    assert response.context["form"].errors["amount"]
    response = client_for(librarian).post(add_url(submission, "projects"), {
        "projects-title": "Iedvesmas bibliotēka", "projects-funders": "LNB",
        "projects-amount": "2100", "projects-support": "no"})
    assert response.status_code == 302
    assert Project.objects.get().amount == Decimal(2100)


def test_edit_and_delete_are_audited(client_for, submission, librarian):
    client = client_for(librarian)
    client.post(add_url(submission, "improvements"), {
        "improvements-description": "Jauni plaukti", "improvements-cost": "300"})
    row = ImprovementWork.objects.get()
    edit = reverse("entry:list_edit", kwargs={"pk": submission.pk, "kind": "improvements",
                                                   "row_pk": row.pk})
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"description": "Jauni plaukti", "cost": "350",
                                  "base_revision": row.revision})
    assert response.status_code == 302
    changed = AuditEntry.objects.get(action="changed")
    assert "300" in changed.old and "350" in changed.new
    # a stale edit is refused
    response = client.post(edit, {"description": "Vecie plaukti", "cost": "1",
                                  "base_revision": row.revision})
    assert ImprovementWork.objects.get().description == "Jauni plaukti"
    delete = reverse("entry:list_delete", kwargs={"pk": submission.pk,
                                                       "kind": "improvements", "row_pk": row.pk})
    assert client.post(delete).status_code == 302
    assert not ImprovementWork.objects.exists()
    assert AuditEntry.objects.get(action="deleted").old.startswith("kas paveikts: Jauni plaukti")


def test_list_rows_are_shown_in_their_chapter(client_for, submission, librarian):
    client = client_for(librarian)
    client.post(add_url(submission, "training"), training())
    content = client.get(reverse("entry:chapter", kwargs={
        "pk": submission.pk, "number": 4})).content.decode()
    assert "Digitālās prasmes" in content and "10.03.2022" in content


def test_other_roles_cannot_edit_or_delete_rows(client_for, submission, librarian,
                                                other_librarian, municipality, methodologist,
                                                client):
    client_for(librarian).post(add_url(submission, "training"), training())
    row = TrainingEvent.objects.get()
    kwargs = {"pk": submission.pk, "kind": "training", "row_pk": row.pk}
    edit = reverse("entry:list_edit", kwargs=kwargs)
    delete = reverse("entry:list_delete", kwargs=kwargs)
    for user in (other_librarian, municipality, methodologist):
        assert client_for(user).get(edit).status_code == 403
        assert client_for(user).post(delete).status_code == 403
    assert client.post(delete).status_code == 302  # anonymous → login
    Submission.objects.filter(pk=submission.pk).update(status="submitted")
    assert client_for(librarian).post(delete).status_code == 403
    assert TrainingEvent.objects.exists()


def test_unknown_list_is_404(client_for, submission, librarian):
    assert client_for(librarian).get(add_url(submission, "nope")).status_code == 404


def test_list_numbers_are_shown_as_typed(client_for, submission, librarian):
    """“6,5” hours come back as “6,5” (not “6,50”), “1 500,50” EUR as “1 500,50”."""
    client = client_for(librarian)
    client.post(add_url(submission, "training"), training(hours="6,5"))
    client.post(add_url(submission, "projects"), {
        "projects-title": "Lasīšanas veicināšana", "projects-funders": "VKKF",
        "projects-amount": "1 500,50", "projects-description": "03.2023–11.2023",
        "projects-support": "yes"})
    assert Project.objects.get(submission=submission).amount == Decimal("1500.50")
    training_page = client.get(reverse("entry:chapter",
                                       kwargs={"pk": submission.pk, "number": 4}))
    cells = training_page.content.decode()
    assert "<td>6,5</td>" in cells and "6,50" not in cells
    projects_page = client.get(reverse("entry:chapter",
                                       kwargs={"pk": submission.pk, "number": 9}))
    assert "<td>1\xa0500,50</td>" in projects_page.content.decode()
