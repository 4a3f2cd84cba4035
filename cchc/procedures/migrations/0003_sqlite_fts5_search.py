"""Full-text (FTS5, trigram tokenizer) index of the folded search text on SQLite.

PostgreSQL uses the trigram GIN indexes of 0002 instead. Triggers keep the index in step with
procedures_procedureversion, so no application code writes to it.
"""

from django.db import migrations

from cchc.common.migrations import sql_for

FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS procver_search USING fts5(search_text, tokenize='trigram')",
    "DELETE FROM procver_search",
    "INSERT INTO procver_search(rowid, search_text) SELECT id, search_text FROM procedures_procedureversion",
    "CREATE TRIGGER IF NOT EXISTS procver_search_ai AFTER INSERT ON procedures_procedureversion BEGIN "
    "INSERT INTO procver_search(rowid, search_text) VALUES (new.id, new.search_text); "
    "END",
    "CREATE TRIGGER IF NOT EXISTS procver_search_ad AFTER DELETE ON procedures_procedureversion BEGIN "
    "DELETE FROM procver_search WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS procver_search_au AFTER UPDATE ON procedures_procedureversion BEGIN "
    "UPDATE procver_search SET search_text = new.search_text WHERE rowid = new.id; END",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS procver_search_ai",
    "DROP TRIGGER IF EXISTS procver_search_ad",
    "DROP TRIGGER IF EXISTS procver_search_au",
    "DROP TABLE IF EXISTS procver_search",
]


class Migration(migrations.Migration):
    dependencies = [("procedures", "0002_search_trigram_indexes")]
    operations = [sql_for("sqlite", FORWARD, BACKWARD)]
