from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "cchc.portal"
    verbose_name = _("Cổng thông tin")

    def ready(self) -> None:
        # Connects the receiver that forgets the cached home agency when an agency changes.
        from cchc.portal import context_processors  # noqa: F401
