from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "cchc.disclosure"
    verbose_name = _("Công khai thông tin")

    def ready(self) -> None:
        from cchc.common import public_cache

        # What this app publishes shows on public pages: a committed change renews their cache.
        public_cache.bump_on_change("disclosure", *self.get_models())
