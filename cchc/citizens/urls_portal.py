"""The national sign-on's public pages (mounted in the portal's URLs at /dang-nhap-vneid/)."""

from django.urls import path

from cchc.citizens import views_portal

app_name = "citizens"
urlpatterns = [
    path("", views_portal.start, name="start"),
    path("ve/", views_portal.callback, name="callback"),
    path("dang-xuat/", views_portal.sign_out, name="sign_out"),
    path("da-dang-xuat/", views_portal.signed_out, name="signed_out"),
]
