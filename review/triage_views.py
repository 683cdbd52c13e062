"""The methodologist's triage queue of a year and region, and its one-click decisions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from catalogue.models import Indicator
from libraries.models import Library
from libraries.permissions import region_for_reviewer_or_403, reviewer_required
from review import services
from review.triage import filter_queue, triage_queue
from review.triage_forms import (
    TriageAcceptForm,
    TriageFilterForm,
    TriageFollowUpForm,
    TriageItemForm,
)
from review.views import _reporting_year

SHOWN = 200  # items listed at most (the filters narrow it down)


def _queue_url(region, year, query=None) -> str:
    params = {"year": year.year, "region": region.slug, **(query or {})}
    return f"{reverse('review:triage')}?{urlencode(params)}"


@reviewer_required
def triage(request):
    """Every open check of every library of the region, most unusual and weighty first."""
    region = region_for_reviewer_or_403(request, request.GET.get("region"))
    year, years = _reporting_year(request, region)
    if year is None:
        raise Http404
    indicators = {ind.code: ind for ind in Indicator.objects.for_region(region)
                  .select_related("chapter", "parent")}
    items = triage_queue(region, year.year, indicators=indicators)
    libraries = sorted({item.library.pk: item.library for item in items}.values(),
                       key=lambda library: library.name)
    chapters = sorted({ind.chapter.number: ind.chapter for ind in indicators.values()
                       if not ind.is_derived}.values(), key=lambda chapter: chapter.number)
    filters = TriageFilterForm(request.GET or None, libraries=libraries, chapters=chapters)
    shown = filter_queue(items)
    if filters.is_valid():
        data = filters.cleaned_data
        shown = filter_queue(items, library=data["library"], chapter=data["chapter"],
                             check=data["check"], status=data["status"],
                             follow_up=data["follow_up"])
    return render(request, "review/triage.html", {
        "region": region, "year": year, "years": years, "items": shown[:SHOWN],
        "total": len(shown), "all_count": len(items), "filters": filters,
        "next": request.get_full_path(),
        "title": pgettext("page title", "Triage of %(year)s figures") % {"year": year.year},
    })


def _item(request, form_class):
    """The region, year, queue item and bound form of a decision (403/404 when not allowed)."""
    region = region_for_reviewer_or_403(request, request.POST.get("region"))
    year, _years = _reporting_year(request, region)
    if year is None:
        raise Http404
    form = form_class(request.POST)
    if not form.is_valid():
        return region, year, None, form
    library = Library.objects.filter(slug=form.cleaned_data["library"]).first()
    if library is None or library.region_id != region.pk:
        raise PermissionDenied
    item = next((item for item in triage_queue(region, year.year)
                 if item.library.pk == library.pk and item.code == form.cleaned_data["code"]),
                None)
    if item is None:
        raise Http404
    return region, year, item, form


def _back(request, region, year, form):
    target = form.data.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  request.is_secure()):
        return redirect(target)
    return redirect(_queue_url(region, year))


def _checks(item):
    return [(check.kind, check.measure) for check in item.checks]


@reviewer_required
@require_POST
def triage_ask(request):
    """One click: a review comment on the figure, an email to the library, a follow-up flag."""
    region, year, item, form = _item(request, TriageItemForm)
    if item is None:
        messages.error(request, _("Nothing was sent: choose an item of the queue."))
        return redirect(_queue_url(region, year))
    services.check_ask(submission=item.submission, indicator=item.indicator,
                       checks=_checks(item), cause=item.cause, user=request.user)
    messages.success(request, _("%(library)s is asked to explain %(field)s.") % {
        "library": item.library.name, "field": item.indicator.label})
    if not item.submission.is_editable:
        messages.info(request, _("Its report is submitted and locked: the library answers by "
                                 "replying to the email. To let it correct the figure, return "
                                 "the report."))
    return _back(request, region, year, form)


@reviewer_required
@require_POST
def triage_accept(request):
    region, year, item, form = _item(request, TriageAcceptForm)
    if item is None:
        errors = form.errors.get("reason") or [_("Choose an item of the queue.")]
        messages.error(request, _("Not accepted: %(error)s") % {"error": errors[0]})
        return _back(request, region, year, form)
    try:
        services.check_accept(submission=item.submission, indicator=item.indicator,
                              checks=_checks(item), reason=form.cleaned_data["reason"],
                              user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(field)s of %(library)s is accepted.") % {
            "library": item.library.name, "field": item.indicator.label})
    return _back(request, region, year, form)


@reviewer_required
@require_POST
def triage_follow_up(request):
    region, year, item, form = _item(request, TriageFollowUpForm)
    if item is None:
        return redirect(_queue_url(region, year))
    follow_up = form.cleaned_data["follow_up"]
    services.check_follow_up(submission=item.submission, code=item.code,
                             checks=_checks(item), follow_up=follow_up, user=request.user)
    messages.success(request, _("Follow-up flag set.") if follow_up
                     else _("Follow-up flag cleared."))
    return _back(request, region, year, form)

