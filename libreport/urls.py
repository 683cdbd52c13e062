from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import QueuedPasswordResetForm
from libreport import views
from opendata.urls import api_urls

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/password_reset/",
         auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
         name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/", include("accounts.urls")),
    # before the admin: the models that left `indicators` keep their old addresses
    path("admin/indicators/<slug:model>/", views.moved_admin),
    path("admin/indicators/<slug:model>/<path:rest>", views.moved_admin),
    path("admin/", admin.site.urls),
    path("entry/", include("entry.urls")),
    path("entry/", include("workbooks.urls")),  # the same addresses as before the app split
    path("review/", include("review.urls")),
    path("quality/", include("quality.urls")),
    path("reports/", include("reports.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("data/", include("opendata.urls")),
    path("api/v1/", api_urls),
    path("cycle/", include("cycle.urls")),
    path("national/", include("national.urls")),
    path("", include("public.urls")),  # /regions/…, /libraries/…, /sitemap.xml: no login
]

# Uploaded files (pictures, PDFs) are never served from MEDIA_URL, not even in development:
# only through views that check who may see them.
