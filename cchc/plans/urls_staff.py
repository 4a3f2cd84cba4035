"""Staff screens of plans (mounted under /quan-tri/ by cchc.backoffice.urls)."""

from django.urls import path  # noqa: F401

app_name = "plans_staff"
urlpatterns: list = []
