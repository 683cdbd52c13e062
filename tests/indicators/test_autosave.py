"""The autosave endpoint behind entry.js: one figure or one text, with its base revision."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import ChapterText, Value
from tests.factories import set_values

pytestmark = pytest.mark.django_db


def autosave(client, submission, **data):
    return client.post(reverse("indicators:autosave", kwargs={"pk": submission.pk}), data,
                       HTTP_ACCEPT="application/json")


def figure(code, value, revision=0, **extra):
    return {"kind": "figure", "code": code, f"v-{code}": value, f"rev-{code}": revision,
            **{f"{key}-{code}": val for key, val in extra.items()}}


def test_saves_a_figure_and_returns_revision_problems_and_progress(
        client_for, submission, last_submission, librarian):
    client = client_for(librarian)
    client.cookies["django_language"] = "en"
    response = autosave(client, submission, **figure("visits.total", "3000"))
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] and data["revision"] == 1
    assert data["change"] == "-50 %"
    assert [p["severity"] for p in data["problems"]] == ["warning"]
    assert "changed by -50%" in data["problems"][0]["message"]
    assert data["progress"]["chapter"]["filled"] == 1
    assert data["progress"]["overall"]["warnings"] == 1
    # explaining it clears the open warning
    data = autosave(client, submission, **figure("visits.total", "3000", 1,
                                                 ex="Closed for renovation.")).json()
    assert data["problems"][0]["explained"] is True
    assert data["progress"]["overall"]["warnings"] == 0


def test_hard_error_is_422_and_nothing_is_stored(client_for, submission, librarian):
    response = autosave(client_for(librarian), submission, **figure("users.active", "-4"))
    assert response.status_code == 422
    assert response.json()["errors"]
    assert not Value.objects.filter(submission=submission).exists()


def test_stale_save_is_409_with_both_values_and_nothing_lost(client_for, submission, librarian,
                                                            other_librarian):
    set_values(submission, **{"users.active": 400})
    value = Value.objects.get(submission=submission, indicator__code="users.active")
    # someone else saves first (revision goes up)
    Value.objects.filter(pk=value.pk).update(value=Decimal(410), revision=value.revision + 1,
                                             updated_by=other_librarian)
    client = client_for(librarian)
    response = autosave(client, submission, **figure("users.active", "420", value.revision))
    assert response.status_code == 409
    data = response.json()
    assert data["theirs"]["text"] == "410" and data["yours"] == "420"
    assert data["theirs"]["revision"] == value.revision + 1
    assert data["by"] == "other-librarian"
    assert Value.objects.get(pk=value.pk).value == 410  # theirs is kept
    # “overwrite with mine” sends their revision as the base
    response = autosave(client, submission, **figure("users.active", "420", value.revision + 1))
    assert response.status_code == 200
    assert Value.objects.get(pk=value.pk).value == 420


def test_saves_a_text_sanitised(client_for, submission, librarian):
    client = client_for(librarian)
    response = autosave(client, submission, kind="text", section="5-indicators",
                        html='<p>Good <a href="javascript:alert(1)">year</a></p>',
                        base_revision=0)
    assert response.status_code == 200
    assert response.json()["html"] == '<p>Good <a rel="noopener noreferrer">year</a></p>'
    text = ChapterText.objects.get(submission=submission, section__code="5-indicators")
    assert text.revision == 1
    # a stale text is refused with theirs
    response = autosave(client, submission, kind="text", section="5-indicators",
                        html="<p>Mine</p>", base_revision=0)
    assert response.status_code == 409
    assert response.json()["theirs"]["html"].startswith("<p>Good")


def test_unknown_indicator_is_404(client_for, submission, librarian):
    response = autosave(client_for(librarian), submission, **figure("no.such", "1"))
    assert response.status_code == 404


def test_anonymous_save_is_redirected_not_stored(client, submission):
    response = autosave(client, submission, **figure("users.active", "1"))
    assert response.status_code == 302
    assert not Value.objects.exists()


def test_locked_submission_answers_json_so_the_page_can_say_why(client_for, submission,
                                                                 librarian):
    from indicators.models import Submission

    Submission.objects.filter(pk=submission.pk).update(status="submitted")
    response = autosave(client_for(librarian), submission, **figure("users.active", "1"))
    assert response.status_code == 403
    assert response.json()["locked"] is True
    assert not Value.objects.exists()


def test_not_applicable_input_is_not_disabled_without_javascript(client_for, submission,
                                                                 librarian):
    Value.objects.create(submission=submission, indicator_id=Value._meta.get_field(
        "indicator").related_model.objects.get(code="visits.virtual").pk, not_applicable=True)
    content = client_for(librarian).get(reverse("indicators:chapter", kwargs={
        "pk": submission.pk, "number": 5})).content.decode()
    start = content.index('id="f-visits-virtual"')
    assert "disabled" not in content[start - 200:start + 300]
