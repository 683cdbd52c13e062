from django.urls import path

from cycle import views

app_name = "cycle"

urlpatterns = [
    path("years/", views.years, name="years"),
    path("years/open/", views.year_open, name="year_open"),
    path("years/<int:pk>/close/", views.year_close, name="year_close"),
    path("years/<int:pk>/reopen/", views.year_reopen, name="year_reopen"),
    path("years/<int:pk>/deadline/", views.year_deadline, name="year_deadline"),
]
