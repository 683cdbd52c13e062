"""Download a submission's XLSX workbook; upload it filled, see what it would change, and
confirm (the work is in workbook.py and preview.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from submissions.access import submission_or_403
from workbooks.preview import (
    preview_sheets,
    workbook_confirm,
    workbook_held,
    workbook_release,
    workbook_try,
)
from workbooks.workbook import (
    CONTENT_TYPE,
    MAX_BYTES,
    ImportResult,
    build_workbook,
    too_large_message,
    workbook_filename,
)

UPLOAD_OVERHEAD = 64 * 1024  # the multipart envelope around the file


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class WorkbookUploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("Filled workbook (.xlsx)"),
        help_text=_("The workbook downloaded from this page, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{CONTENT_TYPE}"}))


@login_required
@require_GET
def workbook_download(request, pk):
    """The librarian's (or the methodologist's) workbook of one submission."""
    submission = submission_or_403(request, pk)
    response = HttpResponse(build_workbook(submission), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{workbook_filename(submission)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def workbook_upload(request, pk):
    """Upload a filled workbook: what it would change is shown, and nothing is saved
    until confirmed (`workbook_confirm_upload`)."""
    submission = submission_or_403(request, pk, edit=True)
    result, token = None, ""
    if request.method == "POST" and _content_length(request) > MAX_BYTES + UPLOAD_OVERHEAD:
        form, result = WorkbookUploadForm(), ImportResult(refused=too_large_message())
    elif request.method == "POST":
        form = WorkbookUploadForm(request.POST, request.FILES)
        if form.is_valid():
            result, token = workbook_try(file=form.cleaned_data["workbook"],
                                         submission=submission, user=request.user)
    else:
        form = WorkbookUploadForm()
    return _page(request, submission, form, result, token=token)


@login_required
@require_POST
def workbook_confirm_upload(request, pk):
    """Save the previewed upload held under the posted token: checked again, and shown
    again instead of saved if the report's figures changed since the preview. “Cancel”
    deletes the held upload."""
    submission = submission_or_403(request, pk, edit=True)
    held = workbook_held(token=request.POST.get("token", ""), user=request.user,
                         submission=submission)
    if held is None:
        return _page(request, submission, WorkbookUploadForm(), None, gone=True, status=404)
    if "cancel" in request.POST:
        workbook_release(token=held.token)
        messages.info(request, _("The upload was cancelled. Nothing was saved."))
        return redirect("workbooks:upload", pk=submission.pk)
    result = workbook_confirm(held=held, submission=submission, user=request.user)
    saved = result.ok and not result.stale
    token = held.token if result.stale and result.ok and result.changes else ""
    return _page(request, submission, WorkbookUploadForm(), result, token=token, saved=saved)


def _page(request, submission, form, result, *, token="", saved=False, gone=False,
          status=200):
    return render(request, "workbooks/upload.html", {
        "submission": submission, "form": form, "result": result, "token": token,
        "saved": saved, "gone": gone,
        "sheets": preview_sheets(result) if result and not result.refused else [],
        "title": _("Upload the workbook")}, status=status)
