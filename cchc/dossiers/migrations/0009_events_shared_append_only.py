"""The dossier history's trigger moves to the function every event table shares (cchc_append_only)."""

from django.db import migrations

from cchc.common.migrations import append_only, sql_for

OWN_FUNCTION = [
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
DROP_OWN_FUNCTION = [
    "DROP TRIGGER IF EXISTS dossiers_event_append_only ON dossiers_dossierevent",
    "DROP FUNCTION IF EXISTS dossiers_event_append_only()",
]


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0008_outbox_moves_to_notifications")]
    operations = [
        sql_for("postgresql", DROP_OWN_FUNCTION, OWN_FUNCTION),
        append_only("dossiers_dossierevent"),
    ]
