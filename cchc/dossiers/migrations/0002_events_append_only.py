"""PostgreSQL refuses UPDATE and DELETE on the dossier history (append-only).

(TRUNCATE, used by the test runner to empty tables, does not fire row triggers.)
"""

from django.db import migrations

from cchc.common.migrations import sql_for

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION dossiers_event_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'dossiers_dossierevent is append-only: %% refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql
    """,
    "CREATE TRIGGER dossiers_event_append_only BEFORE UPDATE OR DELETE ON dossiers_dossierevent "
    "FOR EACH ROW EXECUTE FUNCTION dossiers_event_append_only()",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS dossiers_event_append_only ON dossiers_dossierevent",
    "DROP FUNCTION IF EXISTS dossiers_event_append_only()",
]


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]
    operations = [sql_for("postgresql", FORWARD, BACKWARD)]
