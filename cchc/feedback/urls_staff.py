"""Staff screens of feedback (mounted under /quan-tri/ by cchc.backoffice.urls)."""

from django.urls import path  # noqa: F401

app_name = "feedback_staff"
urlpatterns: list = []
