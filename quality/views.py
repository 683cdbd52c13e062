"""Context events of a library: entered by its librarian or the region's methodologist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from core.years import choose_year, newest
from libraries.permissions import library_or_403
from quality import services
from quality.forms import ContextEventForm
from quality.models import ContextEvent
from submissions.models import ReportingYear


@login_required
def events(request, slug: str):
    """The library's context events and a form to record one."""
    library = library_or_403(request, slug)
    years = list(ReportingYear.objects.for_region(library.region).order_by("-year")
                 .values_list("year", flat=True))
    form = ContextEventForm(request.POST or None, years=years,
                            initial={"year": choose_year(request, years, newest(years))})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.context_event_add(library=library, year=data["year"], kind=data["kind"],
                                   date_from=data["date_from"], date_to=data["date_to"],
                                   reason=data["reason"], user=request.user)
        messages.success(request, _("The event is recorded. The report footnotes it and "
                                    "peer comparisons leave the year out."))
        return redirect("quality:events", slug=library.slug)
    return render(request, "quality/events.html", {
        "library": library, "form": form,
        "events": ContextEvent.objects.filter(library=library).select_related("created_by")
        .order_by("-year", "-date_from"),
        "title": _("Closures, renovations and other events: %(library)s") % {
            "library": library.name},
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def event_delete(request, slug: str, pk: int):
    library = library_or_403(request, slug)
    event = get_object_or_404(ContextEvent, pk=pk, library=library)
    services.context_event_delete(event=event)
    messages.success(request, pgettext("closure, renovation, move", "The event is deleted."))
    return redirect("quality:events", slug=library.slug)
