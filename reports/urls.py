from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("tables/", views.region_tables, name="region_tables"),
]
