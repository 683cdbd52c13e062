"""The open data page for people: what the API serves, one-URL examples and the packages."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import packages, selectors

EXAMPLE_CODE = "derived.visits_per_inhabitant"


@require_GET
def data_page(request):
    """Public, like the API it documents: it shows only what has been published."""
    names = {region.slug: region.name for region in selectors.regions()}
    available = packages.available()
    years = sorted({year for year, _region in available})
    last = years[-1] if years else 2021
    first = max(years[0], last - 2) if years else 2019
    values_url = reverse("api_v1:values")
    downloads = [
        {"year": year, "region": names.get(region, region) if region else None,
         "url": reverse("api_v1:package", kwargs={"year": year})
         + (f"?region={region}" if region else "")}
        for year, region in available]
    return render(request, "opendata/data.html", {
        "example_csv": f"{values_url}?indicator={EXAMPLE_CODE}&year_from={first}"
                       f"&year_to={last}&format=csv",
        "example_json": f"{values_url}?indicator=visits.total&year={last}",
        "first_year": first,
        "last_year": last,
        "downloads": downloads,
        "token_required": getattr(settings, "OPENDATA_REQUIRE_TOKEN", False),
        "anon_rate": getattr(settings, "OPENDATA_ANON_RATE", ""),
    })
