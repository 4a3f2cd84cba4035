"""Staff pages of online payment (mounted under /quan-tri/thanh-toan/ by cchc.backoffice.urls)."""

from django.urls import path

from cchc.payments import views_staff

app_name = "payments"
urlpatterns = [
    path("doi-soat/", views_staff.reconciliation, name="reconciliation"),
    path("doi-soat/<int:pk>/", views_staff.reconciliation, name="reconciliation_run"),
]
