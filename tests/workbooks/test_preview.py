"""Every workbook upload is previewed; nothing is saved until the preview is confirmed."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from submissions.models import AuditEntry, Submission, Value
from submissions.services import FigureInput, values_save_many
from tests.factories import librarian_of, set_values
from tests.workbooks.helpers import FIGURES_2021, fill, locate, stored
from workbooks.preview import HOLD_SECONDS, _paths
from workbooks.workbook import CONTENT_TYPE, build_workbook

SLIP = {**FIGURES_2021, "visits.total": 40000}  # one digit too many: 4 000 typed as 40 000


@pytest.fixture
def prefilled(submission, last_year):
    """The open report holding last year's figures, as a library starts from them."""
    set_values(submission, **FIGURES_2021)
    return submission


def _upload(client, submission, content):
    return client.post(reverse("workbooks:upload", kwargs={"pk": submission.pk}), {
        "workbook": SimpleUploadedFile("audrinu-2022.xlsx", content, content_type=CONTENT_TYPE)})


def _confirm(client, submission, token):
    return client.post(reverse("workbooks:confirm", kwargs={"pk": submission.pk}),
                       {"token": token})


def _rows(submission):
    return sorted(Value.objects.filter(submission=submission).values_list(
        "indicator__code", "value", "not_applicable", "is_estimate", "explanation",
        "revision"))


def locate_in(submission, code):
    from io import BytesIO

    from openpyxl import load_workbook
    ws, row = locate(load_workbook(BytesIO(build_workbook(submission))), code)
    return ws.title, row


# The preview -------------------------------------------------------------------------------

def test_a_slip_of_ten_is_shown_old_and_new_and_saved_only_when_confirmed(
        client_for, prefilled, librarian):
    client = client_for(librarian)
    before, audit = _rows(prefilled), AuditEntry.objects.count()
    preview = _upload(client, prefilled, fill(build_workbook(prefilled), SLIP))

    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Nothing is saved yet" in page
    sheet, row = locate_in(prefilled, "visits.total")
    (change,) = preview.context["result"].changes
    assert (change.indicator.code, change.kind, change.sheet, change.cell) == (
        "visits.total", "changed", sheet, f"E{row}")
    # old and new as the report's page writes figures, in one row of the sheet's table
    assert (f'<tr class="changed"><td>E{row}</td><td>Visits</td><td>changed</td>'
            "<td>4,000</td><td>40,000</td></tr>") in page
    assert "typing slip undone" in page  # the warning it would need explained
    assert "Save these changes" in page
    # nothing saved by the preview
    assert _rows(prefilled) == before
    assert AuditEntry.objects.count() == audit

    saved = _confirm(client, prefilled, preview.context["token"])
    assert saved.status_code == 200
    assert "1 figure saved." in saved.content.decode()
    assert stored(prefilled)["visits.total"][0] == Decimal(40000)
    assert AuditEntry.objects.filter(submission=prefilled, target="value:visits.total",
                                     user=librarian).count() == 1
    # the held upload is gone: the same token saves nothing twice
    again = _confirm(client, prefilled, preview.context["token"])
    assert again.status_code == 404
    assert "can no longer be saved" in again.content.decode()


def test_the_preview_lists_added_and_cleared_figures_per_sheet(client_for, prefilled,
                                                               librarian):
    content = fill(build_workbook(prefilled), {"users.active": None, "reference.queries": 75})
    content = fill(content, {}, not_applicable=["ill.sent"])
    preview = _upload(client_for(librarian), prefilled, content)
    by_code = {change.indicator.code: change for change in preview.context["result"].changes}
    assert {code: change.kind for code, change in by_code.items()} == {
        "users.active": "cleared", "reference.queries": "changed", "ill.sent": "changed"}
    page = preview.content.decode()
    assert "<td>300</td><td>–</td>" in page  # cleared: 300 → –
    assert "<td>25</td><td>not applicable</td>" in page
    sheets = {sheet.name: sheet for sheet in preview.context["sheets"]}
    services = sheets[by_code["users.active"].sheet]
    assert [change.indicator.code for change in services.cleared] == ["users.active"]
    assert services.unchanged > 0
    assert Value.objects.get(submission=prefilled, indicator__code="users.active").value == 300


def test_a_figure_new_to_the_report_is_listed_as_added(client_for, submission, librarian):
    preview = _upload(client_for(librarian), submission,
                      fill(build_workbook(submission), {"users.active": 300}))
    (change,) = preview.context["result"].changes
    assert (change.indicator.code, change.kind) == ("users.active", "added")
    assert "<td>–</td><td>300</td>" in preview.content.decode()
    assert not Value.objects.exists()


def test_a_workbook_with_errors_offers_no_saving(client_for, prefilled, librarian):
    content = fill(build_workbook(prefilled), {**SLIP, "users.active": "abc"})
    preview = _upload(client_for(librarian), prefilled, content)
    page = preview.content.decode()
    assert "Nothing was saved" in page
    assert preview.context["token"] == ""
    assert "Save these changes" not in page
    assert stored(prefilled)["visits.total"][0] == Decimal(4000)


def test_a_workbook_changing_nothing_offers_no_saving(client_for, prefilled, librarian):
    preview = _upload(client_for(librarian), prefilled, build_workbook(prefilled))
    assert "nothing to change" in preview.content.decode()
    assert preview.context["token"] == ""


# Who may confirm -------------------------------------------------------------------------

def test_another_librarian_of_the_same_library_cannot_confirm_the_token(
        client_for, prefilled, librarian, library):
    token = _upload(client_for(librarian), prefilled,
                    fill(build_workbook(prefilled), SLIP)).context["token"]
    colleague = librarian_of(library, "colleague")
    response = _confirm(client_for(colleague), prefilled, token)
    assert response.status_code == 404
    assert stored(prefilled)["visits.total"][0] == Decimal(4000)
    # and the token still works for the one who uploaded it
    assert _confirm(client_for(librarian), prefilled, token).context["saved"]


@pytest.mark.parametrize("persona", ["other_librarian", "methodologist", "municipality"])
def test_others_cannot_confirm_the_token(client_for, prefilled, librarian, persona, request):
    token = _upload(client_for(librarian), prefilled,
                    fill(build_workbook(prefilled), SLIP)).context["token"]
    response = _confirm(client_for(request.getfixturevalue(persona)), prefilled, token)
    assert response.status_code == 403
    assert stored(prefilled)["visits.total"][0] == Decimal(4000)


def test_a_token_is_bound_to_its_report(client_for, prefilled, librarian, other_library,
                                        open_year):
    """The librarian of two libraries cannot save one library's upload into the other."""
    from tests.factories import MembershipFactory, SubmissionFactory

    MembershipFactory(user=librarian, library=other_library, region=other_library.region,
                      role="librarian")
    second = SubmissionFactory(library=other_library, year=open_year)
    token = _upload(client_for(librarian), prefilled,
                    fill(build_workbook(prefilled), SLIP)).context["token"]
    assert _confirm(client_for(librarian), second, token).status_code == 404
    assert not Value.objects.filter(submission=second).exists()


def test_a_token_is_refused_after_an_hour(client_for, prefilled, librarian):
    client = client_for(librarian)
    token = _upload(client, prefilled, fill(build_workbook(prefilled), SLIP)).context["token"]
    _data, meta_path = _paths(token)
    meta = json.loads(meta_path.read_text())
    meta["created"] -= HOLD_SECONDS + 1
    meta_path.write_text(json.dumps(meta))
    assert _confirm(client, prefilled, token).status_code == 404
    assert stored(prefilled)["visits.total"][0] == Decimal(4000)
    assert not meta_path.exists()


def test_a_new_preview_replaces_the_earlier_one(client_for, prefilled, librarian):
    client = client_for(librarian)
    first = _upload(client, prefilled, fill(build_workbook(prefilled), SLIP)).context["token"]
    second = _upload(client, prefilled, fill(build_workbook(prefilled), {"visits.total": 4100})
                     ).context["token"]
    assert _confirm(client, prefilled, first).status_code == 404
    assert _confirm(client, prefilled, second).context["saved"]
    assert stored(prefilled)["visits.total"][0] == Decimal(4100)


def test_a_report_submitted_since_the_preview_is_not_changed(client_for, prefilled, librarian):
    client = client_for(librarian)
    token = _upload(client, prefilled, fill(build_workbook(prefilled), SLIP)).context["token"]
    Submission.objects.filter(pk=prefilled.pk).update(status="submitted")
    assert _confirm(client, prefilled, token).status_code == 403
    assert stored(prefilled)["visits.total"][0] == Decimal(4000)


# A report changed between the preview and the confirmation --------------------------------

def test_a_report_changed_since_the_preview_is_previewed_again(client_for, prefilled,
                                                               librarian):
    client = client_for(librarian)
    preview = _upload(client, prefilled, fill(build_workbook(prefilled), SLIP))
    token = preview.context["token"]
    # meanwhile the figure is corrected on the report's page
    values_save_many(submission=prefilled, user=librarian,
                     inputs={"visits.total": FigureInput(raw="4200")})
    response = _confirm(client, prefilled, token)
    page = response.content.decode()
    assert response.status_code == 200
    assert not response.context["saved"]
    assert response.context["result"].stale
    assert "changed since your preview" in page
    assert "<td>4,200</td><td>40,000</td>" in page  # the new preview: from what is stored now
    assert stored(prefilled)["visits.total"][0] == Decimal(4200)
    # confirming the new preview saves it
    assert _confirm(client, prefilled, response.context["token"]).context["saved"]
    assert stored(prefilled)["visits.total"][0] == Decimal(40000)


# import_submissions --dry-run --------------------------------------------------------------

def _run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _dump():
    out = StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_changes_and_leaves_the_database_identical(tmp_path, prefilled,
                                                                      methodologist):
    path = tmp_path / "audrinu-2022.xlsx"
    path.write_bytes(fill(build_workbook(prefilled), {**SLIP, "users.active": None}))
    before = _dump()
    output = _run("import_submissions", str(path), "--dry-run", "--user", "methodologist")
    assert _dump() == before
    _sheet, row = locate_in(prefilled, "visits.total")
    assert "[1/1] audrinu-2022.xlsx: dry run, would save 2 figure(s): 0 added, 1 changed, " \
           "1 cleared" in output
    assert f"changed E{row} visits.total: 4,000 → 40,000" in output
    assert "cleared E" in output and "users.active: 300 → –" in output
    assert "typing slip undone" in output
    assert "Dry run, nothing saved: 1 of 1 file(s) could be imported." in output


def test_dry_run_with_accept_creates_no_report(tmp_path, library, closed_year):
    from tests.workbooks.test_commands import _template

    path = _template(tmp_path, 2021)
    path.write_bytes(fill(path.read_bytes(), FIGURES_2021))
    before = _dump()
    output = _run("import_submissions", str(path), "--dry-run", "--accept")
    assert _dump() == before
    assert not Submission.objects.filter(year=closed_year).exists()
    assert f"would save {len(FIGURES_2021)} figure(s): {len(FIGURES_2021)} added" in output
    assert "then accept the report" in output


def test_dry_run_of_a_workbook_with_errors_fails_and_saves_nothing(tmp_path, prefilled):
    path = tmp_path / "audrinu-2022.xlsx"
    path.write_bytes(fill(build_workbook(prefilled), {"users.active": "abc"}))
    before = _dump()
    with pytest.raises(CommandError, match="1 failed"):
        _run("import_submissions", str(path), "--dry-run")
    assert _dump() == before


def test_cancelling_deletes_the_held_upload_and_saves_nothing(client_for, prefilled,
                                                              librarian):
    client = client_for(librarian)
    token = _upload(client, prefilled, fill(build_workbook(prefilled), SLIP)).context["token"]
    data_path, meta_path = _paths(token)
    assert data_path.exists() and meta_path.exists()
    response = client.post(reverse("workbooks:confirm", kwargs={"pk": prefilled.pk}),
                           {"token": token, "cancel": "1"}, follow=True)
    assert "The upload was cancelled. Nothing was saved." in response.content.decode()
    assert not data_path.exists() and not meta_path.exists()
    assert stored(prefilled)["visits.total"][0] == Decimal(4000)
    assert _confirm(client, prefilled, token).status_code == 404


def test_the_preview_sums_up_every_sheet(client_for, prefilled, librarian):
    preview = _upload(client_for(librarian), prefilled, fill(build_workbook(prefilled), SLIP))
    page = preview.content.decode()
    sheet, _row = locate_in(prefilled, "visits.total")
    assert "The workbook by sheet" in page
    # added 0, changed 1, cleared 0 on the sheet of the slip
    assert f">{sheet}</a></th><td>0</td><td>1</td><td>0</td>" in page
