from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "cchc.org"
    verbose_name = _("Tổ chức")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from cchc.common import public_cache
        from cchc.org.models import Agency, Unit
        from cchc.org.roles import ensure_roles

        # After migrate, every app's post_migrate creates that app's permissions (Django's auth
        # handler); the roles are given theirs once the last app's exist.
        post_migrate.connect(ensure_roles, dispatch_uid="cchc.org.ensure_roles")
        # Agencies and units show on every public page (header, footer, catalog filters).
        public_cache.bump_on_change("site", Agency, Unit)
