from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from libraries.models import Library
from libraries.permissions import default_region, get_access
from notifications.selectors import emails_not_sent, worker_status
from submissions.models import ReportingYear, Submission


@require_GET
@never_cache
def health(request):
    """For the load balancer and docker-compose: the app answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def home(request):
    """The landing page: what this user can do next, by role.

    A municipality user has one thing to do here, read the published figures: their home
    is the dashboard, so logging in shows it at once.
    """
    access = get_access(request)
    if access.is_municipality and not (access.is_librarian or access.is_methodologist
                                       or access.is_admin or access.is_national):
        return redirect("dashboards:dashboard")
    region = default_region(access)
    years = ReportingYear.objects.for_region(region).order_by("-year")
    open_year = years.open().first()
    own_submissions = []
    if access.is_librarian:
        libraries = Library.objects.filter(pk__in=access.librarian_library_ids).in_latvian_order()
        by_library = {}
        if open_year:
            by_library = {
                submission.library_id: submission
                for submission in Submission.objects.filter(
                    year__year=open_year.year, year__is_open=True, library__in=libraries
                ).select_related("year")
            }
        own_submissions = [(library, by_library.get(library.pk)) for library in libraries]
    return render(request, "home.html", {
        # the administrator learns here that mail is not getting through
        "emails_not_sent": emails_not_sent() if access.is_admin else None,
        # and whether the background worker (PDFs, mail) is running
        "worker": worker_status() if access.is_admin else None,
        "open_year": open_year,
        "own_submissions": own_submissions,
        "region": region,
        "latest_year": years.closed().first(),
    })


def moved_admin(request, model: str, rest: str = ""):
    """The administrator's old addresses of the models that left `indicators` (issue 18:
    `/admin/indicators/<model>/…` before the move) lead to the same screen in the app the
    model lives in now; a model without an admin screen is 404 like any admin address."""
    from django.apps import apps
    from django.contrib import admin
    from django.http import Http404, HttpResponsePermanentRedirect

    for app in ("catalogue", "submissions", "review"):
        try:
            found = apps.get_model(app, model)
        except LookupError:
            continue
        if not admin.site.is_registered(found):
            break
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(
            f"/admin/{app}/{model}/{rest}" + (f"?{query}" if query else ""))
    raise Http404(model)
