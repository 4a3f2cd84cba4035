"""Public pages of surveys (mounted in the portal's language-prefixed URLs at /khao-sat/)."""

from django.urls import path

from . import views_portal as views

app_name = "surveys"
urlpatterns = [
    path("", views.home, name="home"),
    path("phieu/<str:token>/", views.answer, name="answer"),
    path("y-kien/", views.open_survey, name="open"),
    path("cam-on/", views.thanks, name="thanks"),
    path("kiosk/", views.kiosk_start, name="kiosk"),
    path("kiosk/phieu/<str:token>/", views.kiosk_answer, name="kiosk_answer"),
    path("ket-qua/", views.results, name="results"),
]
