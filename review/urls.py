from django.urls import path

from review import views

app_name = "review"

urlpatterns = [
    path("", views.board, name="board"),
    path("remind/", views.remind, name="remind"),
    path("submission/<int:pk>/", views.submission, name="submission"),
    path("submission/<int:pk>/accept/", views.accept, name="accept"),
    path("submission/<int:pk>/return/", views.return_for_corrections, name="return"),
    path("submission/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("submission/<int:pk>/comment/", views.comment, name="comment"),
    path("submission/<int:pk>/comment/<int:comment_pk>/resolve/", views.comment_resolve,
         name="comment_resolve"),
]
