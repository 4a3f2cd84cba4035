from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_tallies(sender, using="default", **kwargs) -> None:
    """After every ``migrate``: install (or re-install) the dossier tally triggers (decision 0010)."""
    from cchc.dossiers import tallies

    tallies.ensure(using)


def _drop_tallies_before_dossier_migrations(sender, using="default", plan=None, **kwargs) -> None:
    """Before ``migrate`` runs migrations of this app: take the tally triggers off the dossier table
    (they would block table rebuilds and column changes); ``_ensure_tallies`` puts them back."""
    from cchc.dossiers import tallies

    if any(migration.app_label == "dossiers" for migration, _backwards in plan or []):
        tallies.drop(using)


class DossiersConfig(AppConfig):
    name = "cchc.dossiers"
    verbose_name = _("Hồ sơ một cửa")

    def ready(self) -> None:
        pre_migrate.connect(
            _drop_tallies_before_dossier_migrations, sender=self, dispatch_uid="cchc.dossiers.tallies.drop"
        )
        post_migrate.connect(_ensure_tallies, sender=self, dispatch_uid="cchc.dossiers.tallies")
