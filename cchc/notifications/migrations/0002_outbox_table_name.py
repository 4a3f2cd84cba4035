"""The outbox table takes this app's name (its rows are kept: a rename, not a copy)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0008_outbox_moves_to_notifications"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="outbox", table=None),  # the default: notifications_outbox
    ]
