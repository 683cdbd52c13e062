from django.urls import path

from review import triage_views, views

app_name = "review"

urlpatterns = [
    path("", views.board, name="board"),
    path("remind/", views.remind, name="remind"),
    path("triage/", triage_views.triage, name="triage"),
    path("triage/ask/", triage_views.triage_ask, name="triage_ask"),
    path("triage/accept/", triage_views.triage_accept, name="triage_accept"),
    path("triage/follow-up/", triage_views.triage_follow_up, name="triage_follow_up"),
    path("submission/<int:pk>/", views.submission, name="submission"),
    path("submission/<int:pk>/accept/", views.accept, name="accept"),
    path("submission/<int:pk>/return/", views.return_for_corrections, name="return"),
    path("submission/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("submission/<int:pk>/comment/", views.comment, name="comment"),
    path("submission/<int:pk>/text-hint/", views.text_hint_dismiss, name="text_hint_dismiss"),
    path("submission/<int:pk>/comment/<int:comment_pk>/resolve/", views.comment_resolve,
         name="comment_resolve"),
]
