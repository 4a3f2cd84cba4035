"""The connector's back-office pages (under /quan-tri/dvcqg/): for the province's IT office."""

from django.urls import path

from cchc.national import views_staff

app_name = "national"

urlpatterns: list = [
    path("doi-soat/", views_staff.reconciliation, name="reconciliation"),
]
