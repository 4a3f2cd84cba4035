from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "cchc.disclosure"
    verbose_name = _("Công khai thông tin")
