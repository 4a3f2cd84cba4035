from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "cchc.payments"
    verbose_name = _("Thanh toán trực tuyến")
