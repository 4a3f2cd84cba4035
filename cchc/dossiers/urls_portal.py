"""The dossier pages of the public portal (online submission, tracking), included by the portal's URLs
without a namespace of their own: the names resolve in the ``portal`` namespace (``portal:tracking``…).
"""

from django.urls import path

from cchc.dossiers import views_portal

urlpatterns = [
    path("thu-tuc/<str:code>/nop-truc-tuyen/", views_portal.submit, name="dossier_submit"),
    path("thu-tuc/<str:code>/nop-truc-tuyen/kiem-tra/", views_portal.review, name="dossier_review"),
    path("thu-tuc/<str:code>/nop-truc-tuyen/khai-lai/", views_portal.discard_draft, name="draft_discard"),
    path("ho-so/tiep-tuc-khai/<str:key>/", views_portal.draft_resume, name="draft_resume"),
    path("ho-so/da-nop/", views_portal.submitted, name="dossier_submitted"),
    path("ho-so/lien-ket/<str:token>/", views_portal.dossier_link, name="dossier_link"),
    path("tra-cuu/", views_portal.tracking, name="tracking"),
    path("tra-cuu/<str:code>/", views_portal.dossier_status, name="dossier_status"),
    path("tra-cuu/<str:code>/bo-sung/", views_portal.supplement, name="dossier_supplement"),
    path("tra-cuu/<str:code>/giay-tiep-nhan/", views_portal.receipt, name="dossier_receipt"),
    path("tra-cuu/<str:code>/tep/<int:pk>/", views_portal.document_download, name="dossier_document"),
]
