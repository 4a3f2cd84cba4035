from django.contrib.auth import views as auth_views
from django.urls import include, path

from cchc.backoffice import views, views_dossiers

app_name = "backoffice"
urlpatterns = [
    # Staff sign-in for the one-stop screens: any active account (the Django admin's own login also
    # requires is_staff, which only catalog and system administrators need).
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="backoffice/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="backoffice:login"), name="logout"),
    path("nhap-danh-muc/", views.catalog_import, name="catalog_import"),
    path("xuat-danh-muc/", views.catalog_export, name="catalog_export"),
    # Dossier screens (paths chosen not to clash with the admin's app labels).
    path("mot-cua/", views_dossiers.counter, name="counter"),
    path("mot-cua/tiep-nhan/", views_dossiers.intake_choose, name="intake_choose"),
    path("mot-cua/tiep-nhan/<int:version_id>/", views_dossiers.intake_form, name="intake_form"),
    path("mot-cua/da-tiep-nhan/<str:code>/", views_dossiers.intake_done, name="intake_done"),
    path("ho-so/", views_dossiers.worklist, name="worklist"),
    path("ho-so/<str:code>/", views_dossiers.dossier_detail, name="dossier"),
    path("ho-so/<str:code>/thao-tac/<slug:operation>/", views_dossiers.dossier_action, name="dossier_action"),
    path("ho-so/<str:code>/tai-lieu/<int:doc_id>/", views_dossiers.document_download, name="document"),
    path("ho-so/<str:code>/phieu/<slug:kind>/", views_dossiers.slip, name="slip"),
    path("toan-so/", views_dossiers.overview, name="overview"),
    path("toan-so/tre-han-chua-xin-loi/", views_dossiers.late_list, name="late_list"),
    path("toan-so/ho-so-giay/", views_dossiers.paper_list, name="paper_list"),
    path("so-theo-doi/", views_dossiers.register, name="register"),
    path("can-bo/", views_dossiers.home, name="staff_home"),
    # Other bounded contexts own their staff screens and namespaces.
    path("khao-sat/", include("cchc.surveys.urls_staff")),
    path("phan-anh/", include("cchc.feedback.urls_staff")),
    path("cong-bo/", include("cchc.disclosure.urls_staff")),
    path("ke-hoach/", include("cchc.plans.urls_staff")),
    path("chi-so/", include("cchc.indicators.urls_staff")),
    path("bao-cao/", include("cchc.reports.urls_staff")),
]
