"""The connector's back-office pages (under /quan-tri/dvcqg/): for the province's IT office."""

from django.urls import path  # noqa: F401

app_name = "national"

urlpatterns: list = []
