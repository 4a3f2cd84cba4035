"""The connector's back-office pages (under /quan-tri/dvcqg/): for the province's IT office and the
catalogue administrator."""

from django.urls import path

from cchc.national import views_staff_catalogue

app_name = "national"

urlpatterns: list = [
    path("danh-muc/", views_staff_catalogue.catalogue_list, name="catalogue"),
    path("danh-muc/<str:code>/", views_staff_catalogue.catalogue_detail, name="catalogue_detail"),
]
