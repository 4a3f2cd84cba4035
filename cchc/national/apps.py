from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectorConfig(AppConfig):
    name = "cchc.national"
    verbose_name = _("Kết nối Cổng Dịch vụ công quốc gia")

    def ready(self) -> None:
        from cchc.dossiers.events import dossier_changed
        from cchc.national.services import on_dossier_changed

        # Every appended dossier event, inside its transaction: queue what the portal must hear.
        dossier_changed.connect(on_dossier_changed, dispatch_uid="cchc.national.outbound")
