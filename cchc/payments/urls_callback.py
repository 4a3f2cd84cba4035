"""The payment platform's callback, outside the language prefixes (mounted at ``/thanh-toan/ipn/``)."""

from django.urls import path

from cchc.payments import views_callback

urlpatterns = [path("", views_callback.callback, name="payment_callback")]
