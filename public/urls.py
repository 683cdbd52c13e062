"""The public pages of published figures: no login, published versions only."""

from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("regions/<slug:slug>/", views.region_page, name="region"),
    path("regions/<slug:slug>/charts/<slug:key>.csv", views.region_chart_csv,
         name="region_chart_csv"),
    path("regions/<slug:slug>/reports/<int:year>/v<int:version>/", views.report_version,
         name="report"),
    path("regions/<slug:slug>/reports/<int:year>/v<int:version>/report.pdf",
         views.report_version_pdf, name="report_pdf"),
    path("regions/<slug:slug>/reports/<int:year>/v<int:version>/pictures/<int:number>/",
         views.report_version_picture, name="report_picture"),
    path("libraries/<slug:slug>/", views.library_page, name="library"),
    path("libraries/<slug:slug>/embed/", views.library_embed, name="embed"),
    path("libraries/<slug:slug>/charts/<str:key>.csv", views.library_chart_csv,
         name="library_chart_csv"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
