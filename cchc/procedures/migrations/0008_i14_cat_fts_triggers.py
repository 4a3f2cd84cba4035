"""Put back the SQLite full-text index's triggers and refill the index.

On SQLite, adding ``ProcedureVersion.anywhere`` (0007) rebuilt the version table, and a rebuilt table
loses the triggers of 0003 that keep ``procver_search`` in step: new and changed versions were no
longer found by the catalog search. The statements of 0003 (``IF NOT EXISTS``; the index is emptied
and reloaded from the table) restore them. PostgreSQL (trigram GIN indexes of 0002) is not concerned.
Any later migration that rebuilds the version table on SQLite must end the same way.
"""

from importlib import import_module

from django.db import migrations

from cchc.common.migrations import sql_for

FORWARD = import_module("cchc.procedures.migrations.0003_sqlite_fts5_search").FORWARD


class Migration(migrations.Migration):
    dependencies = [("procedures", "0007_performers")]
    operations = [sql_for("sqlite", FORWARD, [])]
