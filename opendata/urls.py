"""/api/v1/ (the API, each view with conditional GET) and /data/ (the page for people)."""

from django.urls import URLPattern, path

from . import views
from .api import api
from .conditional import conditional_get


def _api_urls():
    patterns, app_name, namespace = api.urls
    wrapped = [URLPattern(pattern.pattern, conditional_get(pattern.callback),
                          pattern.default_args, pattern.name) for pattern in patterns]
    return wrapped, app_name, namespace


api_urls = _api_urls()

app_name = "opendata"
urlpatterns = [
    path("", views.data_page, name="data"),
]
