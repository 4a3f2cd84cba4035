from django.urls import include, path

from cchc.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_list, name="procedure_list"),
    path("thu-tuc/danh-sach/<slug:slug>/", views.public_list, name="public_list"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
    path("thu-tuc/<str:code>/bieu-mau/<int:form_id>/", views.form_download, name="form_download"),
    path("thu-tuc/<str:code>/so-do/", views.flow_diagram, name="flow_diagram"),
    path("lien-he/", views.contacts, name="contacts"),
    # The national sign-on (the citizens app owns its pages) and the signed-in citizen's own page.
    path("dang-nhap-vneid/", include("cchc.citizens.urls_portal")),
    path("ho-so-cua-toi/", views.my_dossiers, name="my_dossiers"),
    # Dossiers: online submission, public tracking. The dossiers app owns these pages; included without a
    # namespace of its own, so the names stay portal:tracking, portal:dossier_status, …
    path("", include("cchc.dossiers.urls_portal")),
    # Online payment of a dossier's fees (the payments app's pages, names portal:payment…).
    path("thanh-toan/", include("cchc.payments.urls_portal")),
    # Citizen voice and transparency: each app owns its public pages and namespace.
    path("khao-sat/", include("cchc.surveys.urls_portal")),
    path("hoi-dap/", include("cchc.feedback.urls_portal")),
    path("cong-khai/", include("cchc.disclosure.urls_portal")),
]
