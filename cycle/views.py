"""The methodologist's pages for the yearly cycle of their region: reporting years,
people (the region's librarians), the catalogue for a year (the national template,
read-only, with the region's own warning thresholds) and the network."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from catalogue.models import Indicator, Section
from core.changelog import log_rows
from core.years import asked_year
from cycle import catalogue, network, people, selectors, services
from cycle.forms import (
    AssignForm,
    CloseLibraryForm,
    DeadlineForm,
    IndicatorAddForm,
    InviteForm,
    LibraryAddForm,
    LibraryDetailsForm,
    MergeForm,
    RenameForm,
    RetireForm,
    SectionAddForm,
    ServicePointsForm,
    ThresholdForm,
    YearCloseForm,
    YearOpenForm,
)
from cycle.models import CatalogueChange, RegionChange
from libraries.models import Library, Membership, Role
from libraries.permissions import (
    get_access,
    manageable_users,
    region_for_questions_or_403,
    region_for_reviewer_or_403,
    reviewer_required,
)
from submissions.models import ReportingYear, Submission
from submissions.validation import region_thresholds
from submissions.workflow import year_close_counts

Status = Submission.Status


def region_changes(region, kind) -> list:
    """The region's last 20 changes of one kind, as the one history listing shows them."""
    return log_rows(RegionChange.objects.filter(region=region, kind=kind)
                    .select_related("user")[:20])


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
def index(request):
    """`/cycle/` (the address the README gives): the reporting years, for the region asked."""
    target = reverse("cycle:years")
    if request.GET.get("region"):
        target += "?" + urlencode({"region": request.GET["region"]})
    return redirect(target)


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
            "year": next_year,
            "deadline": YearOpenForm.suggested_deadline(next_year, today)}),
        "changes": region_changes(region, RegionChange.Kind.YEAR),
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
@require_http_methods(["GET", "POST"])
def year_close(request, pk: int):
    """GET: what closing will do (the counts, who is told), to confirm; POST: close."""
    region = _region(request)
    reporting_year = _year_or_404(region, pk)
    if request.method == "GET":
        counts = year_close_counts(reporting_year)
        return render(request, "cycle/year_close_confirm.html", {
            "region": region, "reporting_year": reporting_year, "counts": counts,
            "lapsing": counts[Status.DRAFT] + counts[Status.RETURNED],
            "before_deadline": timezone.localdate() <= reporting_year.deadline,
            "section": "years",
            "title": _("Close %(year)s") % {"year": reporting_year.year},
        })
    form = YearCloseForm(request.POST)
    form.is_valid()
    try:
        services.reporting_year_close(
            reporting_year=reporting_year, user=request.user,
            before_deadline=form.cleaned_data.get("before_deadline", False))
    except ValidationError as error:
        _errors(request, error)
    else:
        lapsed = reporting_year.submissions.filter(status=Status.LAPSED).count()
        messages.success(request, ngettext(
            "%(year)s is closed: %(count)d report was not submitted by the deadline; its "
            "librarians were emailed.",
            "%(year)s is closed: %(count)d reports were not submitted by the deadline; their "
            "librarians were emailed.", lapsed) % {"year": reporting_year.year,
                                                   "count": lapsed})
    return redirect(_years_url(region))


@reviewer_required
@require_POST
def year_reopen(request, pk: int):
    region = _region(request)
    reporting_year = _year_or_404(region, pk)
    lapsed = reporting_year.submissions.filter(status=Status.LAPSED).count()
    services.reporting_year_reopen(reporting_year=reporting_year, user=request.user)
    messages.success(request, ngettext(
        "%(year)s is open for entry again: %(count)d report not submitted by the deadline "
        "has its earlier status back.",
        "%(year)s is open for entry again: %(count)d reports not submitted by the deadline "
        "have their earlier status back.", lapsed) % {"year": reporting_year.year,
                                                      "count": lapsed})
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


# People ------------------------------------------------------------------------------------

def _region_libraries(region):
    """The libraries offered to invite or assign to: reporting in the open year(s)."""
    return selectors.libraries_to_assign(region, timezone.localdate()).in_latvian_order()


def _person_or_404(request, region, pk: int):
    """A person of the region the user may manage (a librarian of its libraries or invited
    here): anyone else — a methodologist, a municipality user, another region's librarian,
    staff — is not found."""
    candidates = people.people_in_region(region, manageable_users(get_access(request)))
    return get_object_or_404(candidates, pk=pk)


def _people_url(region) -> str:
    return f"{reverse('cycle:people')}?{urlencode({'region': region.slug})}"


@reviewer_required
def people_list(request, invite_form=None):
    region = _region(request)
    persons = list(people.people_in_region(region, manageable_users(get_access(request))))
    memberships: dict[int, list[Membership]] = {}
    for membership in (Membership.objects.filter(
            user__in=persons, role=Role.LIBRARIAN, library__region=region)
            .select_related("library").order_by("library__name")):
        memberships.setdefault(membership.user_id, []).append(membership)
    libraries = _region_libraries(region)
    return render(request, "cycle/people.html", {
        "region": region,
        "rows": [(person, memberships.get(person.pk, [])) for person in persons],
        "libraries": list(libraries),
        "invite_form": invite_form or InviteForm(libraries=libraries),
        "changes": region_changes(region, RegionChange.Kind.PERSON),
        "section": "people",
        "title": _("People"),
    })


@reviewer_required
@require_POST
def person_invite(request):
    region = _region(request)
    form = InviteForm(request.POST, libraries=_region_libraries(region))
    if not form.is_valid():
        return people_list(request, invite_form=form)
    try:
        invited = people.person_invite(
            region=region, email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            libraries=list(form.cleaned_data["libraries"]), user=request.user,
            manageable=manageable_users(get_access(request)))
    except ValidationError as error:
        form.add_error("email", error)
        return people_list(request, invite_form=form)
    if invited.existing and invited.person is not None:  # already one of the region's people
        messages.success(request, _("%(person)s already has an account in the region: the "
                                    "libraries chosen are assigned.") % {
            "person": invited.person.get_full_name() or invited.person.username})
    else:  # a new invitation, or an address out of reach: the same answer
        typed = f"{form.cleaned_data['first_name']} {form.cleaned_data['last_name']}".strip()
        messages.success(request, _("%(person)s is invited: the email has a link to set a "
                                    "password.") % {"person": typed})
    return redirect(_people_url(region))


@reviewer_required
@require_POST
def person_assign(request, pk: int):
    region = _region(request)
    person = _person_or_404(request, region, pk)
    form = AssignForm(request.POST, libraries=_region_libraries(region))
    if form.is_valid():
        library = form.cleaned_data["library"]
        if not get_access(request).can_grant_membership(
                role=Role.LIBRARIAN, region_id=library.region_id, library=library):
            raise PermissionDenied
        people.person_assign(region=region, person=person, library=library,
                             user=request.user)
        messages.success(request, _("%(person)s now reports for %(library)s.") % {
            "person": person, "library": library.name})
    else:
        messages.error(request, _("Choose a library of the region."))
    return redirect(_people_url(region))


@reviewer_required
@require_POST
def person_unassign(request, pk: int, membership_pk: int):
    region = _region(request)
    person = _person_or_404(request, region, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("library", "user"), pk=membership_pk,
        user=person, role=Role.LIBRARIAN, library__region=region)
    people.person_unassign(region=region, membership=membership, user=request.user)
    messages.success(request, _("%(person)s no longer reports for %(library)s.") % {
        "person": person, "library": membership.library.name})
    return redirect(_people_url(region))


@reviewer_required
@require_POST
def person_active(request, pk: int):
    region = _region(request)
    person = _person_or_404(request, region, pk)
    active = request.POST.get("active") == "1"
    people.person_set_active(region=region, person=person, active=active, user=request.user)
    messages.success(request, (_("%(person)s can log in again.") if active else
                               _("%(person)s can no longer log in.")) % {"person": person})
    return redirect(_people_url(region))


# The catalogue for a year ------------------------------------------------------------------

def _catalogue_year(request) -> int:
    """Any year asked for (the catalogue of a past year is read-only), else the first year
    whose catalogue can still change."""
    return asked_year(request) or catalogue.first_changeable_year()


def _catalogue_url(region, year: int) -> str:
    return f"{reverse('cycle:catalogue')}?{urlencode({'region': region.slug, 'year': year})}"


@login_required
def catalogue_page(request, add_form=None, section_form=None):
    """The national template in force in a year, read-only (only the national level
    changes it: `/national/catalogue/`), with its change log, the region's own
    warning thresholds, which the region's methodologist sets here, and the region's own
    questions (indicators and text sections asked only of its libraries), which its
    methodologist (the national methodologist and administrators too) adds and retires."""
    region = region_for_questions_or_403(request, request.GET.get("region")
                                         or request.POST.get("region"))
    access = get_access(request)
    year = _catalogue_year(request)
    first = catalogue.first_changeable_year(region)
    indicators = catalogue.catalogue_in_force(year)
    own = region_thresholds(region.pk)
    start = {"valid_from": max(year, first)}
    return render(request, "cycle/catalogue.html", {
        "region": region, "year": year, "first_own": first,
        "namespace": format_html("<code>{}.</code>", catalogue.namespace(region)),
        "rows": [(indicator, own.get(indicator.code)) for indicator in indicators],
        # each with the year its retiring is offered from: not before it is asked
        "own_rows": [(indicator, own.get(indicator.code),
                      max(first, indicator.valid_from or first)) for indicator in
                     Indicator.objects.filter(region=region).select_related("parent")
                     .order_by("order", "pk")],
        "own_sections": [(section, max(first, section.valid_from or first)) for section in
                         Section.objects.filter(region=region).order_by("order", "pk")],
        "add_form": add_form or IndicatorAddForm(year=max(year, first), region=region,
                                                 initial=start, prefix="own"),
        "section_form": section_form or SectionAddForm(initial=start, prefix="section"),
        "can_set_thresholds": access.can_set_region_threshold(region.pk),
        "can_change_template": access.can_change_template(),
        "national_changes": log_rows(CatalogueChange.objects.select_related("user")[:20]),
        "changes": region_changes(region, RegionChange.Kind.INDICATOR),
        "section": "catalogue",
        "title": _("Catalogue %(year)s") % {"year": year},
    })


@login_required
@require_POST
def own_indicator_add(request):
    """One of the region's own questions, asked of its libraries from a year on."""
    region = region_for_questions_or_403(request, request.POST.get("region"))
    form = IndicatorAddForm(request.POST, year=_catalogue_year(request), region=region,
                            prefix="own")
    if not form.is_valid():
        return catalogue_page(request, add_form=form)
    try:
        indicator = catalogue.indicator_add(user=request.user, region=region,
                                            chapter=None, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return catalogue_page(request, add_form=form)
    messages.success(request, _("%(code)s is asked of the libraries of %(region)s from "
                                "%(year)s.") % {"code": indicator.code, "region": region.name,
                                                 "year": indicator.valid_from})
    return redirect(_catalogue_url(region, indicator.valid_from))


@login_required
@require_POST
def own_section_add(request):
    """One of the region's own text sections, asked of its libraries from a year on."""
    region = region_for_questions_or_403(request, request.POST.get("region"))
    form = SectionAddForm(request.POST, prefix="section")
    if not form.is_valid():
        return catalogue_page(request, section_form=form)
    try:
        section = catalogue.section_add(user=request.user, region=region, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return catalogue_page(request, section_form=form)
    messages.success(request, _("%(code)s is asked of the libraries of %(region)s from "
                                "%(year)s.") % {"code": section.code, "region": region.name,
                                                 "year": section.valid_from})
    return redirect(_catalogue_url(region, section.valid_from))


@login_required
@require_POST
def own_retire(request, kind: str, pk: int):
    """No longer ask one of the region's own questions from a year on (another region's
    is not found)."""
    region = region_for_questions_or_403(request, request.POST.get("region"))
    model = {"indicator": Indicator, "section": Section}.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk, region=region)
    form = RetireForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say from which year."))
        return redirect(_catalogue_url(region, _catalogue_year(request)))
    year = form.cleaned_data["from_year"]
    try:
        if model is Indicator:
            catalogue.indicator_retire(user=request.user, indicator=item, from_year=year)
        else:
            catalogue.section_retire(user=request.user, section=item, from_year=year)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("%(code)s is no longer asked from %(year)s.") % {
            "code": item.code, "year": year})
    return redirect(_catalogue_url(region, year))


@reviewer_required
@require_POST
def indicator_threshold(request, pk: int):
    """The region's own warning threshold of an indicator (empty: the national default);
    never the national default nor another region's."""
    region = _region(request)
    if not get_access(request).can_set_region_threshold(region.pk):
        raise PermissionDenied
    indicator = get_object_or_404(Indicator.objects.entered().for_region(region), pk=pk)
    form = ThresholdForm(request.POST)
    if form.is_valid():
        catalogue.region_threshold_set(
            region=region, user=request.user, indicator=indicator,
            change_threshold_pct=form.cleaned_data["change_threshold_pct"])
        messages.success(request, _("The warning threshold of %(code)s in %(region)s is "
                                    "changed.") % {"code": indicator.code,
                                                   "region": region.name})
    else:
        messages.error(request, _("The threshold is a whole number of percent, or empty."))
    return redirect(_catalogue_url(region, _catalogue_year(request)))


# The network ---------------------------------------------------------------------------------

def _network_url(region) -> str:
    return f"{reverse('cycle:network')}?{urlencode({'region': region.slug})}"


def _library_or_404(region, pk: int) -> Library:
    """Only the region's own libraries: another region's is not found."""
    return get_object_or_404(Library, pk=pk, region=region)


def _mergeable(region):
    """The region's libraries still reporting: what can be merged, and into what."""
    return Library.objects.filter(region=region, active=True,
                                  closed_from__isnull=True).in_latvian_order()


@reviewer_required
def network_page(request, add_form=None, merge_form=None):
    region = _region(request)
    today = timezone.localdate()
    next_year = selectors.next_year_number(region, today)
    return render(request, "cycle/network.html", {
        "region": region,
        "libraries": Library.objects.filter(region=region, active=True)
                     .select_related("merged_into").prefetch_related("merged_from")
                     .in_latvian_order(),
        "next_year": next_year,
        "add_form": add_form or LibraryAddForm(),
        "merge_form": merge_form or MergeForm(libraries=_mergeable(region),
                                              initial={"from_year": next_year}),
        "changes": region_changes(region, RegionChange.Kind.LIBRARY),
        "section": "network",
        "title": _("Libraries"),
    })


@reviewer_required
@require_POST
def library_add(request):
    region = _region(request)
    form = LibraryAddForm(request.POST)
    if not form.is_valid():
        return network_page(request, add_form=form)
    try:
        library = network.library_add(region=region, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        form.add_error("name", error)
        return network_page(request, add_form=form)
    messages.success(request, _("%(library)s is added.") % {"library": library.name})
    return redirect(_network_url(region))


@reviewer_required
@require_POST
def library_rename(request, pk: int):
    region = _region(request)
    library = _library_or_404(region, pk)
    form = RenameForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the new name."))
        return redirect(_network_url(region))
    try:
        network.library_rename(region=region, user=request.user, library=library,
                               name=form.cleaned_data["name"])
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The library is renamed."))
    return redirect(_network_url(region))


@reviewer_required
@require_http_methods(["GET", "POST"])
def library_close(request, pk: int):
    """GET (the network page's row): what closing will do, to confirm; POST: close."""
    region = _region(request)
    library = _library_or_404(region, pk)
    form = CloseLibraryForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        messages.error(request, _("Say from which year."))
        return redirect(_network_url(region))
    year = form.cleaned_data["from_year"]
    if request.method == "GET":
        return render(request, "cycle/close_confirm.html", {
            "region": region, **network.close_plan(library=library, from_year=year),
            "section": "network",
            "title": _("Close %(library)s") % {"library": library.name},
        })
    try:
        network.library_close(region=region, user=request.user, library=library,
                              from_year=year)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, " ".join((
            _("%(library)s reports no more from %(year)s.") % {
                "library": library.name, "year": year},
            _("Its librarians were emailed."))))
    return redirect(_network_url(region))


@reviewer_required
@require_POST
def library_reopen(request, pk: int):
    region = _region(request)
    library = _library_or_404(region, pk)
    try:
        drafts = network.library_reopen(region=region, user=request.user, library=library)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, ngettext(
            "%(library)s reports again: %(count)d draft made for the open year.",
            "%(library)s reports again: %(count)d drafts made for the open years.",
            len(drafts)) % {"library": library.name, "count": len(drafts)})
    return redirect(_network_url(region))


@reviewer_required
@require_http_methods(["GET", "POST"])
def library_merge(request):
    """GET (the network page's form): what the merge will do — the drafts removed, the
    reports that carry on, who is told —, to confirm; POST: merge."""
    region = _region(request)
    data = request.POST if request.method == "POST" else request.GET
    form = MergeForm(data, libraries=_mergeable(region))
    if not form.is_valid():
        return network_page(request, merge_form=form)
    library, into = form.cleaned_data["library"], form.cleaned_data["into"]
    year = form.cleaned_data["from_year"]
    try:
        if request.method == "GET":
            network.merge_check(region=region, library=library, into=into, from_year=year)
        else:
            network.library_merge(region=region, user=request.user, library=library,
                                  into=into, from_year=year,
                                  give_access=form.cleaned_data["give_access"])
    except ValidationError as error:
        form.add_error(None, error)
        return network_page(request, merge_form=form)
    if request.method == "GET":
        return render(request, "cycle/merge_confirm.html", {
            "region": region, **network.merge_plan(library=library, into=into,
                                                   from_year=year),
            "section": "network",
            "title": _("Merge %(library)s into %(into)s") % {"library": library.name,
                                                             "into": into.name},
        })
    messages.success(request, " ".join((
        _("%(library)s is merged into %(into)s from %(year)s.") % {
            "library": library.name, "into": into.name, "year": year},
        _("The librarians of both libraries were emailed."))))
    return redirect(_network_url(region))


@reviewer_required
@require_POST
def region_public_pages(request):
    """The methodologist switches the region's public pages on or off."""
    region = _region(request)
    on = request.POST.get("public_pages") == "on"
    network.region_set_public_pages(region=region, user=request.user, on=on)
    messages.success(request, _("The public pages are on.") if on
                     else _("The public pages are off."))
    return redirect(_network_url(region))


@reviewer_required
@require_POST
def library_service_points(request, pk: int):
    region = _region(request)
    library = _library_or_404(region, pk)
    form = ServicePointsForm(request.POST)
    if form.is_valid():
        network.library_set_service_points(
            region=region, user=request.user, library=library,
            count=form.cleaned_data["external_service_points"])
        messages.success(request, _("The external service points of %(library)s are "
                                    "changed.") % {"library": library.name})
    else:
        messages.error(request, _("Enter a whole number."))
    return redirect(_network_url(region))


@reviewer_required
@require_POST
def library_details(request, pk: int):
    """The methodologist changes a library's address details (its public page shows them)."""
    region = _region(request)
    library = _library_or_404(region, pk)
    form = LibraryDetailsForm(request.POST)
    if form.is_valid():
        network.library_set_details(region=region, user=request.user, library=library,
                                    **form.cleaned_data)
        messages.success(request, _("The address details of %(library)s are changed.")
                         % {"library": library.name})
    else:
        messages.error(request, " ".join(
            f"{form.fields[field].label}: {' '.join(errors)}"
            for field, errors in form.errors.items()))
    return redirect(_network_url(region))
