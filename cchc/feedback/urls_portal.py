"""Public pages of feedback (mounted in the portal's language-prefixed URLs at /hoi-dap/)."""

from django.urls import path

from cchc.feedback import views_portal

app_name = "feedback"
urlpatterns = [
    path("", views_portal.index, name="index"),
    path("gui/", views_portal.submit, name="submit"),
    path("da-gui/", views_portal.sent, name="sent"),
    path("theo-doi/", views_portal.track, name="track"),
    path("<str:code>/", views_portal.question, name="question"),
    path("<str:code>/binh-chon/", views_portal.vote, name="vote"),
]
