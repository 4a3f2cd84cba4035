"""PostgreSQL: the folded search columns hold ASCII only, so compare them bytewise (collation "C").

With the database's default (linguistic) collation, ``LIKE`` on these columns is several times
slower and the planner avoids the trigram index. SQLite compares bytes already.
"""

from django.db import migrations

FORWARD = [
    'ALTER TABLE procedures_procedureversion ALTER COLUMN search_name TYPE text COLLATE "C", '
    'ALTER COLUMN search_text TYPE text COLLATE "C"',
]
BACKWARD = [
    "ALTER TABLE procedures_procedureversion ALTER COLUMN search_name TYPE text COLLATE \"default\", "
    "ALTER COLUMN search_text TYPE text COLLATE \"default\"",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("procedures", "0004_catalog_covering_indexes")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
