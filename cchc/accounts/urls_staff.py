from django.urls import path

from cchc.accounts import views

app_name = "accounts_staff"
urlpatterns = [
    path("xac-thuc/", views.verify, name="verify"),
    path("xac-thuc-hai-lop/", views.enrol, name="enrol"),
    path("khoa-dang-nhap/", views.security, name="security"),
    path("khoa-dang-nhap/mo-khoa/", views.unlock, name="unlock"),
]
