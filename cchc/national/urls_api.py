"""The national portal's door into CCHC (mounted at /api/dvcqg/, outside the language prefixes)."""

from django.urls import path

from cchc.national import views_push

app_name = "national_api"

urlpatterns = [
    path("ho-so", views_push.push, name="push"),
]
