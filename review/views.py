"""The methodologist's pages: the completeness board and the review of one submission."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from catalogue.models import Indicator, Section
from core.years import choose_year, open_else_newest
from libraries.permissions import get_access, region_for_reviewer_or_403, reviewer_required
from review import selectors, services
from review.forms import (
    AcceptForm,
    BoardFilterForm,
    CommentForm,
    ReminderForm,
    ReopenForm,
    ReturnForm,
    TextHintDismissForm,
)
from review.models import ReviewComment
from review.tables import BoardTable
from submissions import workflow
from submissions.access import reviewed_submission_or_403
from submissions.models import ReportingYear, Submission
from submissions.selectors import library_notes


def _reporting_year(request, region) -> tuple[ReportingYear | None, list[ReportingYear]]:
    """The region's year asked for (?year=), else `open_else_newest`."""
    years = list(ReportingYear.objects.for_region(region).order_by("-year"))
    by_number = {year.year: year for year in years}
    return by_number.get(choose_year(request, by_number, open_else_newest(years))), years


def _board_url(year: ReportingYear | None) -> str:
    url = reverse("review:board")
    return f"{url}?{urlencode({'year': year.year})}" if year else url


@reviewer_required
def board(request):
    """Every library of the region for a year: status, problems, lateness, reminders."""
    region = region_for_reviewer_or_403(request, request.GET.get("region"))
    year, years = _reporting_year(request, region)
    if year is None:
        return render(request, "review/board.html", {
            "region": region, "years": years,
            "title": pgettext("page title", "Submission progress")})
    rows = selectors.board_rows(region, year)
    summary = selectors.board_summary(rows)
    filters = BoardFilterForm(request.GET or None)
    shown = rows
    if filters.is_valid():
        shown = selectors.filter_rows(rows, status=filters.cleaned_data["status"],
                                      late_only=filters.cleaned_data["late"],
                                      problems_only=filters.cleaned_data["problems"])
    table = BoardTable(shown)
    RequestConfig(request, paginate=False).configure(table)
    return render(request, "review/board.html", {
        "region": region,
        "year": year,
        "years": years,
        "rows": shown,
        "summary": summary,
        "table": table,
        "filters": filters,
        "is_filtered": shown is not rows and len(shown) != len(rows),
        "remindable": sum(1 for row in rows if row.can_be_reminded),
        "title": pgettext("page title", "Submission progress %(year)s") % {
            "year": year.year},
    })


@reviewer_required
@require_POST
def remind(request):
    """Email the chosen libraries (or all not yet submitted) a reminder of the deadline."""
    region = region_for_reviewer_or_403(request, request.POST.get("region"))
    year, _years = _reporting_year(request, region)
    if year is None:
        messages.error(request, _("The region has no reporting year yet."))
        return redirect(_board_url(None))
    library_ids = list(region.libraries.values_list("pk", "name"))
    form = ReminderForm(request.POST, library_choices=library_ids)
    if not form.is_valid():
        for error in form.non_field_errors() or [_("Choose the libraries to remind.")]:
            messages.error(request, error)
        return redirect(_board_url(year))
    chosen = None if form.cleaned_data["everyone"] else form.cleaned_data["library"]
    reminders = services.reminders_send(region=region, year=year, user=request.user,
                                        library_ids=chosen)
    if reminders:
        messages.success(request, ngettext(
            "Reminder sent to %(count)d library.", "Reminders sent to %(count)d libraries.",
            len(reminders)) % {"count": len(reminders)})
    else:
        messages.warning(request, _("No reminder was sent: the chosen libraries have already "
                                    "submitted, or have no email address."))
    return redirect(_board_url(year))


def _submission_for_review(request, pk: int) -> Submission:
    return reviewed_submission_or_403(request, pk, selectors.with_last_audit(
        Submission.objects.all()))


def _attach_notes(data, submission) -> None:
    """The library's own notes (this year's and the newest earlier one) beside each figure
    and chapter: for the methodologist reading the report, never part of it. One query."""
    notes = library_notes(submission.library_id, submission.year.year)
    for block in data.chapters:
        block.note = notes.get(f"chapter-{block.chapter.number}")
        for row in block.figures:
            row.note = notes.get(row.indicator.code)


def _render_review(request, submission, *, status=200, **forms):
    data = selectors.submission_review(submission)
    if get_access(request).can_read_library_notes(submission.library):
        _attach_notes(data, submission)
    context = {
        "review": data,
        "submission": submission,
        "last_change": selectors.last_change(submission),
        "library": submission.library,
        "years": data.years,
        "previous_years": data.years[:-1],
        "accept_form": forms.get("accept_form") or AcceptForm(open_comments=data.open_comments),
        "return_form": forms.get("return_form") or ReturnForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
        "comment_form": forms.get("comment_form"),
        "can_accept": submission.status in workflow.REVIEW_FROM,
        "can_return": (submission.status in workflow.REVIEW_FROM
                       and workflow.can_send_back(submission)),
        "can_reopen": (submission.status == Submission.Status.ACCEPTED
                       and workflow.can_send_back(submission)),
        "board_url": _board_url(submission.year),
        "triage_url": reverse("review:triage") + "?" + urlencode(
            {"year": submission.year.year, "region": submission.library.region.slug}),
        # the triage decisions taken on this page come back to it
        "next": reverse("review:submission", args=[submission.pk]) + "#checks",
        "title": _("%(library)s · %(year)s") % {"library": submission.library.name,
                                               "year": submission.year.year},
    }
    return render(request, "review/submission.html", context, status=status)


@reviewer_required
def submission(request, pk: int):
    """A submission's figures beside its two previous years, problems, texts and history."""
    return _render_review(request, _submission_for_review(request, pk))


def _transition(request, pk, form_class, form_name, action, success, *, form_kwargs=None,
                refused=None):
    """Bind the decision form, call the workflow, redirect back to the review page.

    `refused` (the review's own wording) replaces the workflow's message when the
    report's status does not allow the decision.
    """
    submission = _submission_for_review(request, pk)
    form = form_class(request.POST, **(form_kwargs(submission) if form_kwargs else {}))
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        messages.error(request, _("The report was not changed: %(error)s") % {
            "error": errors[0]} if errors else _("The report was not changed: see the form below."))
        return _render_review(request, submission, status=400, **{form_name: form})
    try:
        action(submission=submission, user=request.user, reason=form.cleaned_data["reason"])
    except workflow.TransitionError as error:
        for message in ([refused] if refused else error.messages):
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("review:submission", pk=submission.pk)


def _open_comments(submission: Submission) -> dict:
    return {"open_comments": ReviewComment.objects.filter(
        submission=submission, resolved_at__isnull=True).count()}


@reviewer_required
@require_POST
def accept(request, pk: int):
    """Accept a submitted report; with open comments, only when the reviewer confirms."""
    return _transition(request, pk, AcceptForm, "accept_form", workflow.submission_accept,
                       _("The report is accepted."), form_kwargs=_open_comments,
                       refused=pgettext("review decision",
                                        "Only a submitted report can be accepted."))


@reviewer_required
@require_POST
def return_for_corrections(request, pk: int):
    return _transition(request, pk, ReturnForm, "return_form", workflow.submission_return,
                       _("The report is returned to the library for corrections."))


@reviewer_required
@require_POST
def reopen(request, pk: int):
    return _transition(request, pk, ReopenForm, "reopen_form", workflow.submission_reopen,
                       _("The report is open again for the library to correct."))


@reviewer_required
@require_POST
def comment(request, pk: int):
    """A comment on one figure or text section (or on the whole report)."""
    submission = _submission_for_review(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.get("text", [_("The comment was not saved.")])[0])
        return _render_review(request, submission, status=400, comment_form=form)
    indicator = section = None
    anchor = "comments"
    if form.cleaned_data["indicator"]:
        indicator = get_object_or_404(Indicator, code=form.cleaned_data["indicator"])
        anchor = "f-" + indicator.code.replace(".", "-")
    elif form.cleaned_data["section"]:
        section = get_object_or_404(Section, code=form.cleaned_data["section"])
        anchor = f"s-{section.code}"
    services.comment_add(submission=submission, user=request.user,
                         text=form.cleaned_data["text"], indicator=indicator, section=section)
    messages.success(request, _("Comment saved."))
    return redirect(reverse("review:submission", args=[submission.pk]) + f"#{anchor}")


@reviewer_required
@require_POST
def comment_resolve(request, pk: int, comment_pk: int):
    submission = _submission_for_review(request, pk)
    comment = get_object_or_404(ReviewComment, Q(submission=submission), pk=comment_pk)
    services.comment_resolve(comment=comment, user=request.user)
    messages.success(request, _("Comment marked as resolved."))
    return redirect(reverse("review:submission", args=[submission.pk]))


@reviewer_required
@require_POST
def text_hint_dismiss(request, pk: int):
    """Dismiss, with a reason, a hint of the library's text against its figures."""
    submission = _submission_for_review(request, pk)
    form = TextHintDismissForm(request.POST)
    keys = {row.hint.key for row in selectors.submission_review(submission).text_hints}
    if not form.is_valid() or form.cleaned_data["key"] not in keys:
        errors = form.errors.get("reason") or [_("The hint is no longer there.")]
        messages.error(request, errors[0])
        return redirect(reverse("review:submission", args=[submission.pk]) + "#text-hints")
    services.text_hint_dismiss(submission=submission, user=request.user,
                               key=form.cleaned_data["key"],
                               reason=form.cleaned_data["reason"])
    messages.success(request, _("The hint is dismissed."))
    return redirect(reverse("review:submission", args=[submission.pk]) + "#text-hints")
