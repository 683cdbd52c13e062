from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("tables/", views.region_tables, name="region_tables"),
    path("report/", views.report, name="report"),
    # str: a region's own section's code has a dot (“vidzemes_paraugnovads.x”)
    path("text/<int:year>/<str:section>/", views.regional_text, name="regional_text"),
    path("events/<int:year>/", views.regional_events, name="regional_events"),
    path("events/edit/<int:pk>/", views.regional_event_edit, name="regional_event_edit"),
    path("events/delete/<int:pk>/", views.regional_event_delete, name="regional_event_delete"),
    path("publish/<int:year>/", views.publish, name="publish"),
    path("text-hint/<int:year>/", views.text_hint_dismiss, name="text_hint_dismiss"),
    path("published/", views.published, name="published"),
    path("published/<int:pk>/", views.published_detail, name="published_detail"),
    path("published/<int:pk>/pictures/<int:number>/", views.published_picture,
         name="published_picture"),
    path("pdf/start/", views.pdf_start, name="pdf_start"),
    path("pdf/<int:pk>/", views.pdf_status, name="pdf_status"),
    path("pdf/<int:pk>/download/", views.pdf_download, name="pdf_download"),
    path("xlsx/", views.xlsx, name="xlsx"),
    path("docx/", views.docx, name="docx"),
    path("csv/<slug:key>/", views.csv_table, name="csv"),
    path("breakdown/<str:code>/", views.breakdown, name="breakdown"),
]
