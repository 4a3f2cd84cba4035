"""Public pages of feedback (mounted in the portal's language-prefixed URLs)."""

from django.urls import path  # noqa: F401

app_name = "feedback"
urlpatterns: list = []
