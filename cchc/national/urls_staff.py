"""The connector's back-office pages (under /quan-tri/dvcqg/): the IT office's backlog, dead letters and
status mapping (``views_staff``); the reconciliation, also for agencies' leaders (``views_reconcile``)."""

from django.urls import path

from cchc.national import views_reconcile, views_staff

app_name = "national"

urlpatterns = [
    path("", views_staff.backlog, name="backlog"),
    path("thu-loi/", views_staff.dead_letters, name="dead_letters"),
    path("thong-diep/<int:pk>/", views_staff.message, name="message"),
    path("gui-lai/", views_staff.replay, name="replay"),
    path("anh-xa-trang-thai/", views_staff.mapping, name="mapping"),
    path("anh-xa-trang-thai.xlsx", views_staff.mapping_export, name="mapping_export"),
    path("doi-soat/", views_reconcile.reconciliation, name="reconciliation"),
]
