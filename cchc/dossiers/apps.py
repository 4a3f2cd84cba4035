from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_tallies(sender, using="default", **kwargs) -> None:
    """After every ``migrate``: install (or re-install) the dossier tally triggers (decision 0010)."""
    from cchc.dossiers import tallies

    tallies.ensure(using)


class DossiersConfig(AppConfig):
    name = "cchc.dossiers"
    verbose_name = _("Hồ sơ một cửa")

    def ready(self) -> None:
        post_migrate.connect(_ensure_tallies, sender=self, dispatch_uid="cchc.dossiers.tallies")
