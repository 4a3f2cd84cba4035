"""The outbox now belongs to the notifications app (notifications 0001 adopts its table, with its rows):
it leaves this app's migration state only; no SQL."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0007_online_loop"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Outbox")],
            database_operations=[],
        ),
    ]
