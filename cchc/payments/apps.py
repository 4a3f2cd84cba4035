from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "cchc.payments"
    verbose_name = _("Thanh toán trực tuyến")

    def ready(self) -> None:
        from cchc.dossiers.events import dossier_changed
        from cchc.payments import services

        dossier_changed.connect(services.on_dossier_changed, dispatch_uid="payments.refund")
