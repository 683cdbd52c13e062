from django.urls import path

from indicators import workbook_views

urlpatterns = [
    path("submission/<int:pk>/workbook.xlsx", workbook_views.workbook_download,
         name="workbook_download"),
    path("submission/<int:pk>/workbook/upload/", workbook_views.workbook_upload,
         name="workbook_upload"),
    path("submission/<int:pk>/workbook/confirm/", workbook_views.workbook_confirm_upload,
         name="workbook_confirm"),
]
