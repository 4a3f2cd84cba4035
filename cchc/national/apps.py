from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectorConfig(AppConfig):
    name = "cchc.national"
    verbose_name = _("Kết nối Cổng Dịch vụ công quốc gia")
