"""Monitoring endpoints, outside the language prefixes (included by ``cchc.urls``)."""

from django.urls import path

from cchc.ops import views

app_name = "ops"

urlpatterns = [
    path("health/", views.liveness, name="health"),
    path("health/ready/", views.readiness, name="ready"),
    path("metrics", views.metrics, name="metrics"),
]
