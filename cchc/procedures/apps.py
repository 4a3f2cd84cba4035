from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "cchc.procedures"
    verbose_name = _("Thủ tục hành chính")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from cchc.common import public_cache
        from cchc.org.models import Agency
        from cchc.procedures.models import Field, Performer, ProcedureVersion
        from cchc.procedures.selectors import forget_catalog_summary

        # The catalog's agency and commune choices are part of the summary too.
        for model in (ProcedureVersion, Field, Performer, Agency):
            post_save.connect(
                forget_catalog_summary, sender=model, dispatch_uid=f"catalog-summary-save-{model.__name__}"
            )
            post_delete.connect(
                forget_catalog_summary, sender=model, dispatch_uid=f"catalog-summary-del-{model.__name__}"
            )
        # Every catalog table shows on the public pages: a committed change renews their cache.
        public_cache.bump_on_change("catalog", *self.get_models())
