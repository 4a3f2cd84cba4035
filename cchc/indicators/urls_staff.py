"""Staff screens of indicators (mounted at /quan-tri/chi-so/ by cchc.backoffice.urls)."""

from django.urls import path

from cchc.indicators import views_staff

app_name = "indicators_staff"
urlpatterns = [
    path("", views_staff.dashboard, name="dashboard"),
    path("qua-han/", views_staff.late, name="late_dossiers"),
    path("ho-so-giay/", views_staff.paper, name="paper_dossiers"),
    path("toan-tinh/", views_staff.province, name="province"),
    path("toan-tinh/xep-hang.xlsx", views_staff.province_export, name="province_export"),
    path("noi-tiep-nhan/<str:code>/", views_staff.place, name="place"),
    path("ket-qua-chi-so/", views_staff.external, name="external"),
    path("tu-danh-gia/", views_staff.assessment, name="assessment"),
    path("tu-danh-gia/<int:year>/", views_staff.assessment, name="assessment_year"),
    path("tieu-chi/<int:pk>/", views_staff.criterion_edit, name="criterion_edit"),
    path("tieu-chi/<int:pk>/kiem-chung/", views_staff.evidence_add, name="evidence_add"),
    path("kiem-chung/<int:pk>/", views_staff.evidence_file, name="evidence_file"),
]
