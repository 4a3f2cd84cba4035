"""The applicant's payment pages, included by the portal's URLs under ``thanh-toan/`` without a namespace of
their own: ``portal:payment``, ``portal:payment_return``."""

from django.urls import path

from cchc.payments import views_portal

urlpatterns = [
    path("<str:code>/", views_portal.payment, name="payment"),
    path("<str:code>/ket-qua/", views_portal.payment_return, name="payment_return"),
]
