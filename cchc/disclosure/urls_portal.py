"""Public pages of disclosure (mounted in the portal's language-prefixed URLs at /cong-khai/)."""

from django.urls import path

from cchc.disclosure import views_portal

app_name = "disclosure"
urlpatterns = [
    path("", views_portal.index, name="index"),
    path("atom.xml", views_portal.feed, name="feed"),
    path("<slug:slug>/", views_portal.kind_list, name="list"),
    path("<slug:slug>/<int:pk>/", views_portal.detail, name="detail"),
    path("<slug:slug>/<int:pk>/tep/", views_portal.download, name="download"),
]
