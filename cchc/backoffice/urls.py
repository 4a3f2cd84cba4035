from django.urls import path

from cchc.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("nhap-danh-muc/", views.catalog_import, name="catalog_import"),
    path("xuat-danh-muc/", views.catalog_export, name="catalog_export"),
]
