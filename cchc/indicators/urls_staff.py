"""Staff screens of indicators (mounted under /quan-tri/ by cchc.backoffice.urls)."""

from django.urls import path  # noqa: F401

app_name = "indicators_staff"
urlpatterns: list = []
