from django.urls import path

from workbooks import views

app_name = "workbooks"

urlpatterns = [
    path("submission/<int:pk>/workbook.xlsx", views.workbook_download, name="download"),
    path("submission/<int:pk>/workbook/upload/", views.workbook_upload, name="upload"),
    path("submission/<int:pk>/workbook/confirm/", views.workbook_confirm_upload, name="confirm"),
]
