import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_history_lists_figure_text_and_list_changes(client_for, submission, librarian,
                                                    methodologist):
    client = client_for(librarian)
    client.post(reverse("entry:chapter", kwargs={"pk": submission.pk, "number": 5}), {
        "v-users.active": "482", "rev-users.active": "0",
        "t-5-indicators": "<p>Labs gads</p>", "trev-5-indicators": "0"})
    client.post(reverse("entry:list_add", kwargs={"pk": submission.pk,
                                                       "kind": "improvements"}),
                {"improvements-description": "Jauni plaukti", "improvements-cost": "300"})
    for user in (librarian, methodologist):
        content = client_for(user).get(
            reverse("entry:history", kwargs={"pk": submission.pk})).content.decode()
        assert "Aktīvo lietotāju skaits" in content and "482" in content
        assert "Labs gads" in content
        assert "Jauni plaukti" in content
        assert "librarian" in content  # who


def test_explanations_are_audited_and_values_shown_in_latvian(client_for, submission,
                                                              librarian):
    from submissions.models import AuditEntry

    client = client_for(librarian)
    chapter = reverse("entry:chapter", kwargs={"pk": submission.pk, "number": 4})
    client.post(chapter, {"v-staff.units_total": "4,72", "rev-staff.units_total": "0",
                          "est-staff.units_total": "1"})
    client.post(chapter, {"v-staff.units_total": "4,72", "rev-staff.units_total": "1",
                          "est-staff.units_total": "1", "ex-staff.units_total": "Jauna slodze."})
    entry = AuditEntry.objects.get(target="explanation:staff.units_total")
    assert (entry.old, entry.new) == ("", "Jauna slodze.")
    content = client.get(
        reverse("entry:history", kwargs={"pk": submission.pk})).content.decode()
    assert "4,72 (aplēse)" in content
    assert "Jauna slodze." in content
