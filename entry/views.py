"""The librarian's data entry: my reports, a submission's overview, its chapters (figures,
texts, lists, pictures), autosave, submit and the history of changes.

Every view fetches the submission through submissions.access.submission_or_403
(edit=True for every change) and writes through submissions.services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from catalogue import selectors as catalogue_selectors
from catalogue.models import Chapter
from core.changelog import HistoryRow, who
from entry.autosave import UnknownField, answer, autosave_answer, locked
from entry.forms import ROW_FORMS, AutosaveForm, ChapterForm, NoteForm, PictureForm
from entry.selectors import left_out
from entry.templatetags.entry_tags import audit_value
from libraries.models import Library
from libraries.permissions import get_access
from review.comments import comment_items, open_comments
from submissions import selectors, services
from submissions.access import notes_submission_or_403, submission_or_403
from submissions.models import AuditEntry, Picture, RemovedDraft, ReportingYear, Submission
from submissions.selectors import LISTS
from submissions.services import StaleRowError, StaleTextError, StaleValueError
from submissions.workflow import TransitionError, submission_submit


def deadline_text(year: ReportingYear) -> str:
    """“until 09.02.2023, 45 days left” (or how late it is)."""
    days = (year.deadline - timezone.localdate()).days
    deadline = date_format(year.deadline, "SHORT_DATE_FORMAT")
    if days < 0:
        return ngettext("deadline %(date)s, %(days)s day late",
                        "deadline %(date)s, %(days)s days late", -days) % {
            "date": deadline, "days": -days}
    return ngettext("until %(date)s, %(days)s day left", "until %(date)s, %(days)s days left",
                    days) % {"date": deadline, "days": days}


def js_strings() -> dict:
    """The texts entry.js shows, translated."""
    return {
        "saved": _("Saved"), "saving": _("Saving…"),
        "failed": _("Could not save — trying again"),
        "unsaved": _("Not saved yet"),
        "invalid": _("Not saved: see the message"),
        "notSaved": _("Not saved"),
        "conflict": _("Someone else changed this — choose below"),
        "allSaved": _("All changes saved"),
        "someFailed": _("Some changes are not saved yet — trying again. What you typed stays "
                        "in this browser."),
        "loggedOut": _("You are logged out. What you typed is kept in this browser; log in "
                       "again and it will be saved."),
        "logIn": _("Log in"),
        "locked": _("This report can no longer be changed."),
        "keepTheirs": _("Keep theirs"), "overwrite": _("Overwrite with mine"),
        "restored": _("Restored what you typed before (not saved yet)."),
        "explained": _("explained"),
    }


# My reports and the overview ------------------------------------------------------------------

@login_required
def my_reports(request):
    access = get_access(request)
    if not access.is_librarian:
        raise PermissionDenied
    open_year = (ReportingYear.objects.open()
                 .filter(region_id__in=access.librarian_region_ids).order_by("-year").first())
    libraries = list(Library.objects.filter(pk__in=access.librarian_library_ids)
                     .in_latvian_order())
    submissions = {}
    if open_year:
        submissions = {s.library_id: s for s in Submission.objects.filter(
            year__year=open_year.year, year__is_open=True, library__in=libraries)
            .select_related("year", "library")}
    earlier = {}
    for sub in (Submission.objects.filter(library__in=libraries, year__is_open=False)
                .select_related("year").order_by("-year__year")):
        earlier.setdefault(sub.library_id, []).append(sub)
    chapters = {}  # per region: its libraries are asked its own questions too
    cards = []
    for library in libraries:
        submission = submissions.get(library.pk)
        total = None
        if submission:
            if library.region_id not in chapters:
                chapters[library.region_id] = list(
                    catalogue_selectors.entry_chapters(library.region_id))
            state = selectors.submission_state(submission)
            _per_chapter, total = selectors.progress(
                state, chapters[library.region_id], selectors.written_sections(submission))
        cards.append({"library": library, "submission": submission, "progress": total,
                      "earlier": earlier.get(library.pk, [])[:3],
                      "left_out": left_out(library, open_year.year, access)
                      if open_year and not submission else None})
    return render(request, "entry/my_reports.html", {
        "open_year": open_year, "cards": cards,
        # no deadline to meet for a librarian whose libraries all merged or closed
        "any_report": any(card["submission"] or not card["left_out"] for card in cards),
        "deadline": deadline_text(open_year) if open_year else "",
    })


def _overview_context(request, submission):
    access = get_access(request)
    chapters = list(catalogue_selectors.entry_chapters(submission.library.region_id))
    state = selectors.submission_state(submission)
    per_chapter, total = selectors.progress(state, chapters,
                                            selectors.written_sections(submission))
    comments = open_comments(submission)
    open_items = selectors.open_items(state)
    return {
        "still_open": still_open_text(open_items),
        "explained_warnings": selectors.explained_warnings(state),
        "submission": submission,
        "can_edit": access.can_edit_submission(submission),
        "is_reviewer": access.can_review_region(submission.library.region_id),
        "chapters": chapters,
        "progress": per_chapter,
        "total": total,
        "open_items": open_items,
        "deadline": deadline_text(submission.year),
        "returned": selectors.return_reason(submission),
        "comments": comments,
        "comment_items": comment_items(comments),
        "chapters_without_text": selectors.chapters_without_text(per_chapter),
    }


@login_required
def submission(request, pk):
    try:
        submission = submission_or_403(request, pk)
    except Http404:
        return removed_draft(request, pk)
    context = _overview_context(request, submission)
    context["year_changes"] = selectors.year_changes(submission)
    context["last_year"] = submission.year.year - 1
    return render(request, "entry/submission.html", context)


def removed_draft(request, pk):
    """A link to a draft removed by a merge or a closing (the email opening the year
    carried it): say what happened and which report carries on, to those who may see the
    library; anyone else gets “not found”."""
    removed = (RemovedDraft.objects.select_related("library__merged_into", "library__region")
               .filter(submission_pk=pk).first())
    access = get_access(request)
    if removed is None or not access.can_view_library(removed.library):
        raise Http404
    return render(request, "entry/removed_draft.html", {
        "removed": removed, "left_out": left_out(removed.library, removed.year, access),
    }, status=410)


def still_open_text(open_items) -> str:
    """What stops submitting, in one line: “2 errors, 1 warning without an explanation,
    15 required figures empty”."""
    counts = {"error": 0, "warning": 0, "missing": 0}
    for item in open_items:
        counts[item.problem.severity] += 1
    parts = []
    if counts["error"]:
        parts.append(ngettext("%(n)s error", "%(n)s errors", counts["error"])
                     % {"n": counts["error"]})
    if counts["warning"]:
        parts.append(ngettext("%(n)s warning without an explanation",
                              "%(n)s warnings without an explanation", counts["warning"])
                     % {"n": counts["warning"]})
    if counts["missing"]:
        parts.append(ngettext("%(n)s required figure empty", "%(n)s required figures empty",
                              counts["missing"]) % {"n": counts["missing"]})
    return ", ".join(parts)


@login_required
def submit(request, pk):
    """GET: the confirmation (what will be sent: chapters without text, the explained
    warnings); POST: submit."""
    submission = submission_or_403(request, pk, edit=True)
    if request.method != "POST":
        context = _overview_context(request, submission)
        return render(request, "entry/submit_confirm.html", context)
    try:
        submission_submit(submission=submission, user=request.user)
    except TransitionError:
        state = selectors.submission_state(submission)
        messages.error(request, _("The report was not submitted: %(open)s. The panel “What "
                                  "is still open” links to each.") % {
            "open": still_open_text(selectors.open_items(state)) or _("it changed meanwhile")})
        return redirect(reverse("entry:submission", kwargs={"pk": submission.pk})
                        + "#status-panel")
    messages.success(request, _("The report is submitted."))
    return redirect("entry:submission", pk=submission.pk)


@login_required
def history(request, pk):
    submission = submission_or_403(request, pk)
    before, after = _("Before"), _("After")
    rows = [HistoryRow(entry.at, who(entry.user), entry.label if entry.action == "status"
                       else f"{capfirst(entry.get_action_display())}: "
                            f"{entry.label or entry.target}",
                       (("old", before, audit_value(entry.old)),
                        ("new", after, audit_value(entry.new))))
            for entry in AuditEntry.objects.filter(submission=submission)
            .select_related("user")[:1000]]
    return render(request, "entry/history.html", {
        "submission": submission, "rows": rows})


# A chapter: figures and texts -------------------------------------------------------------------

def _save_chapter(request, submission, chapter, state):
    """Save every changed figure and text of the posted chapter form (read and validated
    by `ChapterForm`), each through its service.

    Returns {code: (typed, errors, stale)} for the figures not saved and
    {section code: (typed html, errors, stale)} for the texts not saved.
    """
    form = ChapterForm(request.POST, rows=selectors.chapter_rows(state, chapter),
                       sections=chapter.sections.all())
    form.is_valid()  # what it refuses comes back per field, the rest is saved
    pending, refused = form.figures()
    failed = {code: (typed, errors, None) for code, (typed, errors) in refused.items()}
    # A total and its part may be raised together: a part refused against the old total
    # is tried again once the others are saved.
    for attempt in (1, 2):
        retry = []
        for indicator, typed, data in pending:
            try:
                services.value_save(submission=submission, indicator=indicator, data=data,
                                    user=request.user, indicators=state.indicators)
                failed.pop(indicator.code, None)
            except StaleValueError as error:
                failed[indicator.code] = (typed, [], error.current)
            except ValidationError as error:
                failed[indicator.code] = (typed, error.messages, None)
                if attempt == 1:
                    retry.append((indicator, typed, data))
        pending = retry
        if not pending:
            break
    texts, refused_texts = form.texts()
    failed_texts = {code: (html, errors, None)
                    for code, (html, errors) in refused_texts.items()}
    for section, html, base_revision in texts:
        try:
            services.text_save(submission=submission, section=section, html=html,
                               user=request.user, base_revision=base_revision)
        except StaleTextError as error:
            failed_texts[section.code] = (html, [], error.current)
    return failed, failed_texts


def _chapter_context(request, submission, chapter, failed=None, failed_texts=None):
    access = get_access(request)
    state = selectors.submission_state(submission)
    comments = open_comments(submission)
    rows = selectors.chapter_rows(state, chapter, comments)
    for row in rows:
        if failed and row.code in failed:
            row.typed, row.errors, row.stale = failed[row.code]
    notes = (selectors.library_notes(submission.library_id, submission.year.year,
                                     chapter=chapter)
             if access.can_read_library_notes(submission.library) else {})
    for row in rows:
        row.note = notes.get(row.code)
    sections = selectors.section_rows(submission, chapter, comments)
    for section in sections:
        if failed_texts and section.section.code in failed_texts:
            section.typed, section.errors, section.stale = failed_texts[section.section.code]
    chapters = list(catalogue_selectors.entry_chapters(submission.library.region_id))
    per_chapter, total = selectors.progress(state, chapters,
                                            selectors.written_sections(submission))
    can_edit = access.can_edit_submission(submission)
    lists = []
    for slug, model, list_rows in selectors.chapter_lists(submission, chapter):
        lists.append({"slug": slug, "title": model._meta.verbose_name_plural,
                      "rows": list_rows, "form": ROW_FORMS[slug](prefix=slug),
                      "fields": ROW_FORMS[slug]._meta.fields, "model": model})
    pictures = list(Picture.objects.filter(submission=submission, chapter=chapter)
                    if chapter.number != Chapter.APPENDICES else
                    Picture.objects.filter(submission=submission).select_related("chapter"))
    index = [c.number for c in chapters]
    position = index.index(chapter.number)
    return {
        "submission": submission, "chapter": chapter, "rows": rows, "sections": sections,
        "lists": lists, "pictures": pictures,
        "picture_form": PictureForm(initial={"chapter": chapter.pk}) if can_edit else None,
        "can_edit": can_edit, "chapters": chapters,
        "chapter_progress": next(p for p in per_chapter if p.chapter.pk == chapter.pk),
        "progress": per_chapter, "total": total,
        "previous_chapter": chapters[position - 1] if position > 0 else None,
        "next_chapter": chapters[position + 1] if position + 1 < len(chapters) else None,
        "returned": selectors.return_reason(submission),
        "deadline": deadline_text(submission.year),
        "last_year": submission.year.year - 1,
        "has_failures": bool(failed or failed_texts),
        "chapter_note": notes.get(f"chapter-{chapter.number}"),
        "can_write_note": access.can_write_library_note(submission.library),
        "strings": js_strings(),
    }


@login_required
def chapter(request, pk, number):
    submission = submission_or_403(request, pk, edit=request.method == "POST")
    chapter = get_object_or_404(catalogue_selectors.entry_chapters(submission.library.region_id),
                                number=number)
    if request.method == "POST":
        state = selectors.submission_state(submission)
        failed, failed_texts = _save_chapter(request, submission, chapter, state)
        if not failed and not failed_texts:
            messages.success(request, _("Saved."))
            return redirect("entry:chapter", pk=submission.pk, number=chapter.number)
        messages.error(request, ngettext(
            "%(count)s field was not saved; see the message next to it. What you typed is "
            "still there.",
            "%(count)s fields were not saved; see the message next to each. What you typed is "
            "still there.", len(failed) + len(failed_texts)) % {
            "count": len(failed) + len(failed_texts)})
        context = _chapter_context(request, submission, chapter, failed, failed_texts)
        return render(request, "entry/chapter.html", context, status=200)
    return render(request, "entry/chapter.html", _chapter_context(request, submission,
                                                                         chapter))


# The library's own notes -----------------------------------------------------------------------

@login_required
def note(request, pk, number, code=None):
    """The library's own note on a figure (`code`) or on chapter `number` for the report's
    year: private to the library's librarians and its methodologist, shown beside the same
    figure the next years, never in a report or an export."""
    submission = notes_submission_or_403(request, pk, write=True)
    chapter = get_object_or_404(Chapter, number=number, regional_only=False)
    indicator = None
    if code is not None:
        indicator = catalogue_selectors.catalogue(submission.year.year,
                                        region=submission.library.region_id).get(code)
        if indicator is None or indicator.chapter_id != chapter.pk or indicator.is_derived:
            raise Http404
    key = indicator.code if indicator else f"chapter-{chapter.number}"
    notes = selectors.library_notes(submission.library_id, submission.year.year,
                                    chapter=chapter).get(key) or selectors.Notes()
    form = NoteForm(request.POST or None, initial={
        "text": notes.this_year.text if notes.this_year else ""})
    back = _chapter_url(submission, chapter.number,
                        f"row-{selectors.field_id(indicator.code)}" if indicator else "")
    if request.method == "POST" and form.is_valid():
        try:
            services.library_note_save(submission=submission, user=request.user,
                                       text=form.cleaned_data["text"], indicator=indicator,
                                       chapter=None if indicator else chapter)
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("Note saved."))
            return redirect(back)
    return render(request, "entry/note_form.html", {
        "submission": submission, "chapter": chapter, "indicator": indicator,
        "notes": notes, "form": form, "back": back,
    }, status=400 if form.errors else 200)


# Autosave ---------------------------------------------------------------------------------------

@login_required
@require_POST
def autosave(request, pk):
    """Save one figure or one text for entry.js (`entry.autosave`: the save and its
    reply). A refused save reads again only to tell a locked report (JSON, so the page
    can say why) from one the user may not even see (a plain 403)."""
    form = AutosaveForm(request.POST)
    try:
        if not form.is_valid():
            submission_or_403(request, pk, edit=True)  # a stranger hears 403 first
        response = autosave_answer(form, submission_id=pk, user=request.user)
    except UnknownField:
        raise Http404 from None
    except PermissionDenied:  # not theirs to change, or submitted since the page loaded
        submission_or_403(request, pk)  # not even allowed to see it: a plain 403
        response = answer(locked())
    return response


# Lists -----------------------------------------------------------------------------------------

def _list_model(kind):
    if kind not in LISTS:
        raise Http404
    return LISTS[kind]


def _chapter_url(submission, number, anchor=""):
    url = reverse("entry:chapter", kwargs={"pk": submission.pk, "number": number})
    return f"{url}#{anchor}" if anchor else url


@login_required
def list_row(request, pk, kind, row_pk=None):
    """Add (row_pk None) or edit one row of a list."""
    submission = submission_or_403(request, pk, edit=True)
    number, model = _list_model(kind)
    form_class = ROW_FORMS[kind]
    instance = None
    if row_pk is not None:
        instance = get_object_or_404(model, pk=row_pk, submission=submission)
    prefix = kind if row_pk is None else None
    form = form_class(request.POST or None, instance=instance, prefix=prefix)
    if request.method == "POST" and form.is_valid():
        row = form.save(commit=False)
        try:
            services.list_row_save(submission=submission, row=row, user=request.user,
                                   base_revision=form.cleaned_data.get("base_revision")
                                   if row_pk else None)
        except StaleRowError:
            messages.error(request, _("Someone else changed or deleted this row meanwhile. "
                                      "Here is the row as it is now; your changes were not "
                                      "saved."))
            return redirect(_chapter_url(submission, number, f"list-{kind}"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Row saved."))
            return redirect(_chapter_url(submission, number, f"list-{kind}"))
    return render(request, "entry/row_form.html", {
        "submission": submission, "form": form, "kind": kind, "model": model,
        "row": instance, "chapter_number": number,
    })


@login_required
@require_POST
def list_row_delete(request, pk, kind, row_pk):
    submission = submission_or_403(request, pk, edit=True)
    number, model = _list_model(kind)
    row = get_object_or_404(model, pk=row_pk, submission=submission)
    services.list_row_delete(submission=submission, row=row, user=request.user)
    messages.success(request, _("Row deleted."))
    return redirect(_chapter_url(submission, number, f"list-{kind}"))


# Pictures --------------------------------------------------------------------------------------

@login_required
def picture_upload(request, pk):
    submission = submission_or_403(request, pk, edit=True)
    form = PictureForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            picture = services.picture_add(
                submission=submission, chapter=form.cleaned_data["chapter"],
                upload=form.cleaned_data["image"], caption=form.cleaned_data["caption"],
                user=request.user)
        except ValidationError as error:
            form.add_error("image", error)
        else:
            messages.success(request, _("Picture added."))
            back = request.POST.get("return_to", "")
            number = int(back) if back.isdigit() else picture.chapter.number
            return redirect(_chapter_url(submission, number, "pictures"))
    return render(request, "entry/picture_form.html", {
        "submission": submission, "form": form}, status=400 if form.errors else 200)


@login_required
def picture_file(request, pk, picture_pk, variant="full"):
    """Serve a picture only to those who may see the submission (not via MEDIA_URL)."""
    submission = submission_or_403(request, pk)
    picture = get_object_or_404(Picture, pk=picture_pk, submission=submission)
    field = picture.thumbnail if variant == "thumb" and picture.thumbnail else picture.image
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    content_type = "image/png" if field.name.lower().endswith(".png") else "image/jpeg"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def picture_delete(request, pk, picture_pk):
    submission = submission_or_403(request, pk, edit=True)
    picture = get_object_or_404(Picture.objects.select_related("chapter"), pk=picture_pk,
                                submission=submission)
    number = picture.chapter.number
    services.picture_delete(submission=submission, picture=picture, user=request.user)
    messages.success(request, _("Picture deleted."))
    return redirect(_chapter_url(submission, number, "pictures"))

