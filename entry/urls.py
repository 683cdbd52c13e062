from django.urls import path

from entry import views

app_name = "entry"

urlpatterns = [
    path("", views.my_reports, name="my_reports"),
    path("submission/<int:pk>/", views.submission, name="submission"),
    path("submission/<int:pk>/chapter/<int:number>/", views.chapter, name="chapter"),
    path("submission/<int:pk>/chapter/<int:number>/note/", views.note, name="chapter_note"),
    path("submission/<int:pk>/chapter/<int:number>/note/<str:code>/", views.note,
         name="figure_note"),
    path("submission/<int:pk>/autosave/", views.autosave, name="autosave"),
    path("submission/<int:pk>/submit/", views.submit, name="submit"),
    path("submission/<int:pk>/history/", views.history, name="history"),
    path("submission/<int:pk>/list/<slug:kind>/add/", views.list_row, name="list_add"),
    path("submission/<int:pk>/list/<slug:kind>/<int:row_pk>/", views.list_row,
         name="list_edit"),
    path("submission/<int:pk>/list/<slug:kind>/<int:row_pk>/delete/", views.list_row_delete,
         name="list_delete"),
    path("submission/<int:pk>/pictures/add/", views.picture_upload, name="picture_upload"),
    path("submission/<int:pk>/pictures/<int:picture_pk>/", views.picture_file,
         name="picture"),
    path("submission/<int:pk>/pictures/<int:picture_pk>/thumbnail/", views.picture_file,
         {"variant": "thumb"}, name="picture_thumb"),
    path("submission/<int:pk>/pictures/<int:picture_pk>/delete/", views.picture_delete,
         name="picture_delete"),
]
