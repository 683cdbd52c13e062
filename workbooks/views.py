"""Download a submission's XLSX workbook; upload it filled (the work is in workbook.py)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from libraries.permissions import submission_or_403
from workbooks.workbook import (
    CONTENT_TYPE,
    MAX_BYTES,
    ImportResult,
    build_workbook,
    read_workbook,
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
    """Upload a filled workbook: every figure saved, or none and the list of errors."""
    submission = submission_or_403(request, pk, edit=True)
    result = None
    if request.method == "POST" and _content_length(request) > MAX_BYTES + UPLOAD_OVERHEAD:
        form, result = WorkbookUploadForm(), ImportResult(refused=too_large_message())
    elif request.method == "POST":
        form = WorkbookUploadForm(request.POST, request.FILES)
        if form.is_valid():
            result = read_workbook(form.cleaned_data["workbook"], submission, user=request.user)
    else:
        form = WorkbookUploadForm()
    return render(request, "workbooks/upload.html", {
        "submission": submission, "form": form, "result": result,
        "title": _("Upload the workbook")})
