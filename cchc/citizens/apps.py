from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensConfig(AppConfig):
    name = "cchc.citizens"
    verbose_name = _("Công dân đăng nhập VNeID")
