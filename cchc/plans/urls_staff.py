"""Staff screens of plans (mounted under /quan-tri/ke-hoach/ by cchc.backoffice.urls)."""

from django.urls import path

from cchc.plans import views_staff as views

app_name = "plans_staff"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("nhiem-vu/", views.task_list, name="tasks"),
    path("nhiem-vu/giao-moi/", views.task_new, name="task_new"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task"),
    path("nhiem-vu/<int:pk>/thao-tac/<slug:operation>/", views.task_action, name="task_action"),
    path("nhiem-vu/<int:pk>/minh-chung/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("ty-le-hoan-thanh/", views.completion, name="completion"),
    path("sang-kien/", views.initiative_list, name="initiatives"),
    path("sang-kien/<int:pk>/<slug:operation>/", views.initiative_action, name="initiative_action"),
    path("dao-tao/", views.course_list, name="courses"),
    path("dao-tao/<int:pk>/", views.course_detail, name="course"),
]
