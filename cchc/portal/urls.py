from django.urls import include, path

from cchc.portal import views, views_dossiers

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_list, name="procedure_list"),
    path("thu-tuc/danh-sach/<slug:slug>/", views.public_list, name="public_list"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
    path("thu-tuc/<str:code>/bieu-mau/<int:form_id>/", views.form_download, name="form_download"),
    path("thu-tuc/<str:code>/so-do/", views.flow_diagram, name="flow_diagram"),
    path("lien-he/", views.contacts, name="contacts"),
    # Dossiers: online submission, public tracking (views_dossiers).
    path("thu-tuc/<str:code>/nop-truc-tuyen/", views_dossiers.submit, name="dossier_submit"),
    path("thu-tuc/<str:code>/nop-truc-tuyen/kiem-tra/", views_dossiers.review, name="dossier_review"),
    path("thu-tuc/<str:code>/nop-truc-tuyen/khai-lai/", views_dossiers.discard_draft, name="draft_discard"),
    path("ho-so/tiep-tuc-khai/<str:key>/", views_dossiers.draft_resume, name="draft_resume"),
    path("ho-so/da-nop/", views_dossiers.submitted, name="dossier_submitted"),
    path("ho-so/lien-ket/<str:token>/", views_dossiers.dossier_link, name="dossier_link"),
    path("tra-cuu/", views_dossiers.tracking, name="tracking"),
    path("tra-cuu/<str:code>/", views_dossiers.dossier_status, name="dossier_status"),
    path("tra-cuu/<str:code>/bo-sung/", views_dossiers.supplement, name="dossier_supplement"),
    path("tra-cuu/<str:code>/giay-tiep-nhan/", views_dossiers.receipt, name="dossier_receipt"),
    path("tra-cuu/<str:code>/tep/<int:pk>/", views_dossiers.document_download, name="dossier_document"),
    # Citizen voice and transparency: each app owns its public pages and namespace.
    path("khao-sat/", include("cchc.surveys.urls_portal")),
    path("hoi-dap/", include("cchc.feedback.urls_portal")),
    path("cong-khai/", include("cchc.disclosure.urls_portal")),
]
