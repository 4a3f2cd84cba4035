"""Staff screens of surveys (mounted under /quan-tri/khao-sat/ by cchc.backoffice.urls)."""

from django.urls import path

from . import views_staff as views

app_name = "surveys_staff"
urlpatterns = [
    path("", views.results, name="results"),
    path("xuat-excel/", views.export, name="export"),
    path("viec-can-xu-ly/", views.follow_up_list, name="follow_ups"),
    path("viec-can-xu-ly/<int:pk>/", views.follow_up_close, name="follow_up_close"),
    path("kiosk/", views.kiosk_page, name="kiosk"),
    path("kiosk/<int:pk>/tat/", views.kiosk_close_device, name="kiosk_close"),
]
