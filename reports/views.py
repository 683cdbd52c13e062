from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from indicators.models import ReportingYear
from libraries.permissions import default_region, get_access
from reports.region_tables import build_region_tables
from reports.selectors import ACCEPTED_ONLY, ALL_STATUSES
from reports.tables import render_tables


@login_required
def region_tables(request):
    """The report's tables for a chosen year beside the two years before it."""
    access = get_access(request)
    region = default_region(access)
    if region is None or not access.can_view_region_figures(region.pk):
        raise PermissionDenied
    years = list(ReportingYear.objects.order_by("-year").values_list("year", flat=True))
    closed = list(ReportingYear.objects.filter(is_open=False).order_by("-year")
                  .values_list("year", flat=True))
    try:
        year = int(request.GET.get("year") or (closed or years or [0])[0])
    except ValueError:
        year = (closed or years or [0])[0]
    if year not in years and years:
        year = (closed or years)[0]
    include_all = request.GET.get("status") == "all" and access.can_view_unaccepted(region.pk)
    statuses = ALL_STATUSES if include_all else ACCEPTED_ONLY
    data = build_region_tables(region, year, statuses)
    return render(request, "reports/region_tables.html", {
        "region": region,
        "data": data,
        "tables": render_tables(data),
        "years": years,
        "year": year,
        "include_all": include_all,
        "can_include_all": access.can_view_unaccepted(region.pk),
        "title": _("Region tables %(year)s") % {"year": year},
    })
