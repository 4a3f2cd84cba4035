"""The outbox moved from the dossiers app to this one: a database migrated before the move keeps its rows."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cchc.dossiers import services
from cchc.notifications.models import Outbox
from tests.dossiers.conftest import person, world  # noqa: F401  (the fixture)

# The last migrations before the move: the outbox was dossiers.Outbox in table dossiers_outbox.
BEFORE = [("dossiers", "0007_online_loop"), ("notifications", None)]


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


@pytest.mark.django_db(transaction=True)
def test_outbox_rows_survive_the_move(world):  # noqa: F811
    dossier, _ = services.submit_online(procedure_version=world.version, applicant=person())
    queued = sorted(Outbox.objects.values_list("id", "kind", "recipient", "subject", "body"))
    assert len(queued) == 2
    content_type = ContentType.objects.get_for_model(Outbox)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(BEFORE)
        assert "dossiers_outbox" in _tables() and "notifications_outbox" not in _tables()
        assert ContentType.objects.get(pk=content_type.pk).app_label == "dossiers"
        # A row written by the code of that time, through the model as it was then.
        executor.loader.build_graph()
        old = executor.loader.project_state(BEFORE[:1]).apps.get_model("dossiers", "Outbox")
        sent_at = timezone.now() - dt.timedelta(days=3)
        old.objects.create(
            kind="email",
            recipient="cu@example.com",
            subject="Thư cũ",
            body="Đã gửi",
            dossier_id=dossier.pk,
            attempts=2,
            sent_at=sent_at,
            last_error="TimeoutError",
        )
        assert old.objects.count() == 3
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    assert "notifications_outbox" in _tables() and "dossiers_outbox" not in _tables()
    rows = Outbox.objects.filter(dossier=dossier)
    assert sorted(rows.values_list("id", "kind", "recipient", "subject", "body"))[:2] == queued
    moved = rows.get(recipient="cu@example.com")
    assert (moved.attempts, moved.sent_at, moved.last_error) == (2, sent_at, "TimeoutError")
    # Permissions and admin history follow the model: same content type row, under its new app.
    assert ContentType.objects.get(pk=content_type.pk).app_label == "notifications"
    assert not ContentType.objects.filter(app_label="dossiers", model="outbox").exists()
    # New rows continue the id sequence of the old table.
    services.submit_online(procedure_version=world.version, applicant=person())
    assert Outbox.objects.order_by("id").last().pk > moved.pk
