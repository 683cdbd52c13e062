from django.urls import path

from national import views

app_name = "national"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("report/", views.report, name="report"),
    path("report/pdf/", views.pdf_start, name="pdf_start"),
    path("report.<str:fmt>", views.report_download, name="report_download"),
    path("report/csv/<slug:key>/", views.report_csv, name="report_csv"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard.csv", views.dashboard_csv, name="dashboard_csv"),
    path("catalogue/", views.catalogue_page, name="catalogue"),
    path("catalogue/add/", views.indicator_add, name="indicator_add"),
    path("catalogue/<int:pk>/retire/", views.indicator_retire, name="indicator_retire"),
    path("catalogue/<int:pk>/threshold/", views.indicator_threshold,
         name="indicator_threshold"),
    path("region/<slug:slug>/", views.region, name="region"),
    path("region/<slug:slug>/library/<slug:library_slug>/", views.library, name="library"),
]
