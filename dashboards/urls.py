from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dashboard.pdf", views.dashboard_pdf, name="dashboard_pdf"),
    path("chart/<str:key>.csv", views.chart_csv, name="chart_csv"),
    path("library/<slug:slug>/", views.library_profile, name="library_profile"),
    path("library/<slug:slug>/chart/<str:key>.csv", views.library_chart_csv,
         name="library_chart_csv"),
]
