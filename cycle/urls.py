from django.urls import path

from cycle import views

app_name = "cycle"

urlpatterns = [
    path("", views.index, name="index"),
    path("years/", views.years, name="years"),
    path("years/open/", views.year_open, name="year_open"),
    path("years/<int:pk>/close/", views.year_close, name="year_close"),
    path("years/<int:pk>/reopen/", views.year_reopen, name="year_reopen"),
    path("years/<int:pk>/deadline/", views.year_deadline, name="year_deadline"),
    path("people/", views.people_list, name="people"),
    path("people/invite/", views.person_invite, name="person_invite"),
    path("people/<int:pk>/assign/", views.person_assign, name="person_assign"),
    path("people/<int:pk>/unassign/<int:membership_pk>/", views.person_unassign,
         name="person_unassign"),
    path("people/<int:pk>/active/", views.person_active, name="person_active"),
    path("catalogue/", views.catalogue_page, name="catalogue"),
    path("catalogue/<int:pk>/threshold/", views.indicator_threshold,
         name="indicator_threshold"),
    path("catalogue/own/add/", views.own_indicator_add, name="own_indicator_add"),
    path("catalogue/own/section/add/", views.own_section_add, name="own_section_add"),
    path("catalogue/own/<str:kind>/<int:pk>/retire/", views.own_retire, name="own_retire"),
    path("network/", views.network_page, name="network"),
    path("network/add/", views.library_add, name="library_add"),
    path("network/public-pages/", views.region_public_pages, name="public_pages"),
    path("network/<int:pk>/rename/", views.library_rename, name="library_rename"),
    path("network/<int:pk>/close/", views.library_close, name="library_close"),
    path("network/merge/", views.library_merge, name="library_merge"),
    path("network/<int:pk>/reopen/", views.library_reopen, name="library_reopen"),
    path("network/<int:pk>/service-points/", views.library_service_points,
         name="library_service_points"),
    path("network/<int:pk>/details/", views.library_details, name="library_details"),
]
