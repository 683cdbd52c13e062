from django.urls import path

from quality import views

app_name = "quality"

urlpatterns = [
    path("events/<slug:slug>/", views.events, name="events"),
    path("events/<slug:slug>/<int:pk>/delete/", views.event_delete, name="event_delete"),
]
