"""Staff screens of disclosure (mounted under /quan-tri/ by cchc.backoffice.urls)."""

from django.urls import path  # noqa: F401

app_name = "disclosure_staff"
urlpatterns: list = []
