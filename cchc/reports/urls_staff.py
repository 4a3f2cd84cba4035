"""Staff screens of reports (mounted under /quan-tri/bao-cao/ by cchc.backoffice.urls)."""

from django.urls import path

from cchc.reports import views_staff as views

app_name = "reports_staff"
urlpatterns = [
    path("", views.jobs, name="jobs"),
    path("danh-sach/", views.job_rows, name="job_rows"),
    path("<int:pk>/tai-ve/<slug:fmt>/", views.download, name="download"),
]
