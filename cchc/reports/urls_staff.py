"""Staff screens of reports (mounted under /quan-tri/ by cchc.backoffice.urls)."""

from django.urls import path  # noqa: F401

app_name = "reports_staff"
urlpatterns: list = []
