from django.contrib import admin
from django.urls import include, path

from libreport import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("entry/", include("indicators.urls")),
    path("review/", include("review.urls")),
    path("reports/", include("reports.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("cycle/", include("cycle.urls")),
]

# Uploaded files (pictures, PDFs) are never served from MEDIA_URL, not even in development:
# only through views that check who may see them.
