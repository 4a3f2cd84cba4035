"""Staff screens of feedback (mounted under /quan-tri/phan-anh/ by cchc.backoffice.urls)."""

from django.urls import path

from cchc.feedback import views_staff

app_name = "feedback_staff"
urlpatterns = [
    path("", views_staff.inbox, name="inbox"),
    path("thong-ke/", views_staff.statistics, name="statistics"),
    path("<str:code>/", views_staff.detail, name="detail"),
    path("<str:code>/thao-tac/<slug:operation>/", views_staff.action, name="action"),
    path("<str:code>/tep/<int:pk>/", views_staff.attachment, name="attachment"),
]
