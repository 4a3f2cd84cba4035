"""PostgreSQL: the folded search columns hold ASCII only, so compare them bytewise (collation "C").

With the database's default (linguistic) collation, ``LIKE`` on these columns is several times
slower and the planner avoids the trigram index. SQLite compares bytes already.
"""

from django.db import migrations

from cchc.common.migrations import sql_for

FORWARD = [
    'ALTER TABLE procedures_procedureversion ALTER COLUMN search_name TYPE text COLLATE "C", '
    'ALTER COLUMN search_text TYPE text COLLATE "C"',
]
BACKWARD = [
    "ALTER TABLE procedures_procedureversion ALTER COLUMN search_name TYPE text COLLATE \"default\", "
    "ALTER COLUMN search_text TYPE text COLLATE \"default\"",
]


class Migration(migrations.Migration):
    dependencies = [("procedures", "0004_catalog_covering_indexes")]
    operations = [sql_for("postgresql", FORWARD, BACKWARD)]
