from django.contrib.auth import views as auth_views
from django.urls import include, path

from cchc.backoffice import views

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
    # Dossier screens: the dossiers app owns them; included without a namespace of its own, so the names
    # stay backoffice:worklist, backoffice:dossier, … (paths chosen not to clash with the admin's app labels).
    path("", include("cchc.dossiers.urls_staff")),
    # Other bounded contexts own their staff screens and namespaces.
    path("khao-sat/", include("cchc.surveys.urls_staff")),
    path("phan-anh/", include("cchc.feedback.urls_staff")),
    path("cong-bo/", include("cchc.disclosure.urls_staff")),
    path("ke-hoach/", include("cchc.plans.urls_staff")),
    path("chi-so/", include("cchc.indicators.urls_staff")),
    path("bao-cao/", include("cchc.reports.urls_staff")),
]
