from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "cchc.org"
    verbose_name = _("Tổ chức")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from cchc.org.roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self)
