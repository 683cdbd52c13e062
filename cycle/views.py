"""The methodologist's pages for the yearly cycle of their region: reporting years."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cycle import selectors, services
from cycle.forms import DeadlineForm, YearCloseForm, YearOpenForm
from cycle.models import RegionChange
from indicators.models import ReportingYear
from libraries.permissions import region_for_reviewer_or_403, reviewer_required


def _region(request):
    return region_for_reviewer_or_403(request, request.GET.get("region")
                                      or request.POST.get("region"))


def _year_or_404(region, pk: int) -> ReportingYear:
    """Only the region's own years: another region's year is not found."""
    return get_object_or_404(ReportingYear.objects.select_related("region"), pk=pk,
                             region=region)


def _years_url(region) -> str:
    return f"{reverse('cycle:years')}?{urlencode({'region': region.slug})}"


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@reviewer_required
def years(request, open_form=None):
    region = _region(request)
    today = timezone.localdate()
    next_year = selectors.next_year_number(region, today)
    return render(request, "cycle/years.html", {
        "region": region,
        "rows": selectors.year_rows(region),
        "today": today,
        "open_form": open_form or YearOpenForm(initial={
            "year": next_year, "deadline": date(next_year + 1, 1, 15)}),
        "changes": RegionChange.objects.filter(region=region, kind=RegionChange.Kind.YEAR)
                   .select_related("user")[:20],
        "title": _("Reporting years"),
    })


@reviewer_required
@require_POST
def year_open(request):
    region = _region(request)
    form = YearOpenForm(request.POST)
    if not form.is_valid():
        return years(request, open_form=form)
    try:
        reporting_year = services.reporting_year_open(
            region=region, year=form.cleaned_data["year"],
            deadline=form.cleaned_data["deadline"], user=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect(_years_url(region))
    count = reporting_year.submissions.count()
    messages.success(request, ngettext(
        "%(year)s is open: %(count)d library has a draft and its librarians were invited.",
        "%(year)s is open: %(count)d libraries have a draft and their librarians were invited.",
        count) % {"year": reporting_year.year, "count": count})
    return redirect(_years_url(region))


@reviewer_required
@require_POST
def year_close(request, pk: int):
    region = _region(request)
    reporting_year = _year_or_404(region, pk)
    form = YearCloseForm(request.POST)
    form.is_valid()
    try:
        services.reporting_year_close(
            reporting_year=reporting_year, user=request.user,
            before_deadline=form.cleaned_data.get("before_deadline", False))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("%(year)s is closed.") % {"year": reporting_year.year})
    return redirect(_years_url(region))


@reviewer_required
@require_POST
def year_reopen(request, pk: int):
    region = _region(request)
    reporting_year = _year_or_404(region, pk)
    services.reporting_year_reopen(reporting_year=reporting_year, user=request.user)
    messages.success(request, _("%(year)s is open for entry again.") % {
        "year": reporting_year.year})
    return redirect(_years_url(region))


@reviewer_required
@require_POST
def year_deadline(request, pk: int):
    region = _region(request)
    reporting_year = _year_or_404(region, pk)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid date."))
        return redirect(_years_url(region))
    try:
        services.reporting_year_set_deadline(reporting_year=reporting_year,
                                             deadline=form.cleaned_data["deadline"],
                                             user=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The deadline of %(year)s is changed.") % {
            "year": reporting_year.year})
    return redirect(_years_url(region))
