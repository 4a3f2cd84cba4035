"""The dossier staff screens, included by the back office's URLs without a namespace of their own.

The names resolve in the ``backoffice`` namespace (``backoffice:worklist``, ``backoffice:dossier``…).
"""

from django.urls import path

from cchc.dossiers import views_staff

urlpatterns = [
    path("mot-cua/", views_staff.counter, name="counter"),
    path("mot-cua/tiep-nhan/", views_staff.intake_choose, name="intake_choose"),
    path("mot-cua/tiep-nhan/<int:version_id>/", views_staff.intake_form, name="intake_form"),
    path("mot-cua/da-tiep-nhan/<str:code>/", views_staff.intake_done, name="intake_done"),
    path("ho-so/", views_staff.worklist, name="worklist"),
    path("ho-so/<str:code>/", views_staff.dossier_detail, name="dossier"),
    path("ho-so/<str:code>/thao-tac/<slug:operation>/", views_staff.dossier_action, name="dossier_action"),
    path("ho-so/<str:code>/ban-giay/<slug:step>/", views_staff.paper_action, name="paper_action"),
    path("ho-so/<str:code>/tai-lieu/<int:doc_id>/", views_staff.document_download, name="document"),
    path("ho-so/<str:code>/phieu/<slug:kind>/", views_staff.slip, name="slip"),
    path("ho-so/<str:code>/mo-thong-tin/", views_staff.open_personal_data, name="dossier_open"),
    path("nhat-ky-truy-cap/", views_staff.access_log, name="access_log"),
    path("toan-so/", views_staff.overview, name="overview"),
    path("toan-so/tre-han-chua-xin-loi/", views_staff.late_list, name="late_list"),
    path("toan-so/ho-so-giay/", views_staff.paper_list, name="paper_list"),
    path("so-theo-doi/", views_staff.register, name="register"),
    path("can-bo/", views_staff.home, name="staff_home"),
]
