from django.conf import settings
from django.conf.urls.static import static
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
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
