"""Staff screens of surveys (mounted under /quan-tri/ by cchc.backoffice.urls)."""

from django.urls import path  # noqa: F401

app_name = "surveys_staff"
urlpatterns: list = []
