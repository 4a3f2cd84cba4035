"""Readiness checks of the deployment itself: writable folders and applied migrations.

The checks of the data (outbox, calendar) live in the apps that own it
(``cchc.notifications.health``, ``cchc.workdays.health``); ``cchc.ops.views`` lists them all.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable


@dataclasses.dataclass
class WritableDirectory(HealthCheck):
    """The folder named by setting ``setting`` (MEDIA_ROOT, VAR_DIR) takes a new file.

    A missing folder is created, as the file storage would on the first upload.
    """

    setting: str = "MEDIA_ROOT"

    def run(self) -> None:
        folder = Path(getattr(settings, self.setting))
        if folder.exists() and not folder.is_dir():
            raise ServiceUnavailable(f"{self.setting} is not a folder")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".health-", delete=True) as probe:
                probe.write(b"ok")
                probe.flush()
        except OSError as exc:
            raise ServiceUnavailable(f"{self.setting} is not writable ({exc.strerror})") from exc


# Once every migration is applied it stays so for the life of the process (new migrations come
# with new code, hence a restart): later probes then skip loading the migration graph.
_all_applied: set[str] = set()


@dataclasses.dataclass
class MigrationsApplied(HealthCheck):
    """Every migration of the code is applied to database ``alias``."""

    alias: str = "default"

    def run(self) -> None:
        if self.alias in _all_applied:
            return
        executor = MigrationExecutor(connections[self.alias])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            raise ServiceUnavailable(f"{len(plan)} migrations not applied")
        _all_applied.add(self.alias)
