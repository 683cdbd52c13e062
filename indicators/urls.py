from django.urls import include, path  # noqa: F401

app_name = "indicators"

urlpatterns = [
    # The XLSX round trip (indicators/workbook_urls.py) lives in the same namespace.
    path("", include("indicators.workbook_urls")),
]
