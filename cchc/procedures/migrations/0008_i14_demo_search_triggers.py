"""SQLite: put back the full-text index's triggers (and refill the index).

0007 added columns to procedures_procedureversion; SQLite alters a table by rebuilding it, which drops
the table's triggers, so the FTS5 index of 0003 stopped following the versions and catalog search found
nothing. The statements are 0003's (idempotent: IF NOT EXISTS, the index emptied and refilled).
"""

import importlib

from django.db import migrations

from cchc.common.migrations import sql_for

_FTS = importlib.import_module("cchc.procedures.migrations.0003_sqlite_fts5_search")


class Migration(migrations.Migration):
    dependencies = [("procedures", "0007_performers")]
    operations = [sql_for("sqlite", _FTS.FORWARD, [])]
