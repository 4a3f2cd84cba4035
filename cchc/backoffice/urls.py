from django.contrib.auth import views as auth_views
from django.urls import include, path

from cchc.accounts.signin import SignInView
from cchc.backoffice import views

app_name = "backoffice"
urlpatterns = [
    # Staff sign-in for the one-stop screens and the Django admin (whose own login page redirects here):
    # any active account; the admin itself also requires is_staff.
    # Both go through django-axes (lock-out) and then the second factor (cchc.accounts).
    path("dang-nhap/", SignInView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="backoffice:login"), name="logout"),
    path("nhap-danh-muc/", views.catalog_import, name="catalog_import"),
    path("xuat-danh-muc/", views.catalog_export, name="catalog_export"),
    # Dossier screens: the dossiers app owns them; included without a namespace of its own, so the names
    # stay backoffice:worklist, backoffice:dossier, … (paths chosen not to clash with the admin's app labels).
    path("", include("cchc.dossiers.urls_staff")),
    # Other bounded contexts own their staff screens and namespaces.
    path("tai-khoan/", include("cchc.accounts.urls_staff")),
    path("khao-sat/", include("cchc.surveys.urls_staff")),
    path("phan-anh/", include("cchc.feedback.urls_staff")),
    path("cong-bo/", include("cchc.disclosure.urls_staff")),
    path("ke-hoach/", include("cchc.plans.urls_staff")),
    path("chi-so/", include("cchc.indicators.urls_staff")),
    path("bao-cao/", include("cchc.reports.urls_staff")),
    path("dvcqg/", include("cchc.national.urls_staff")),
    path("thanh-toan/", include("cchc.payments.urls_staff")),
]
