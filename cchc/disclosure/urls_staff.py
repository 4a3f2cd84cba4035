"""Staff screens of disclosure (mounted under /quan-tri/cong-bo/ by cchc.backoffice.urls)."""

from django.urls import path

from cchc.disclosure import views_staff

app_name = "disclosure_staff"
urlpatterns = [
    path("", views_staff.publication_list, name="list"),
    path("moi/", views_staff.new_draft, name="new"),
    path("kiem-tra/", views_staff.checklist, name="checklist"),
    path("<int:pk>/", views_staff.detail, name="detail"),
    path("<int:pk>/sua/", views_staff.edit_draft, name="edit"),
    path("<int:pk>/cong-khai/", views_staff.publish, name="publish"),
    path("<int:pk>/go-bo/", views_staff.withdraw, name="withdraw"),
    path("<int:pk>/tep/", views_staff.download, name="download"),
]
