"""PostgreSQL: the claims' tsvector stored in a generated column
(``search_vector``) with the GIN index on it, in place of the index on the
to_tsvector expression: ranking and rechecking candidates read the stored
vector instead of parsing every matching claim's text again (on a million
claims that was most of the time to match one). The column is PostgreSQL's
alone, not a model field; Django never writes it. SQLite keeps its FTS5
table (0010)."""

from django.db import migrations

PG_FORWARD = [
    "ALTER TABLE claims_claim ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED",
    "CREATE INDEX IF NOT EXISTS claim_search_vector ON claims_claim USING gin (search_vector)",
    "DROP INDEX IF EXISTS claim_text_search",
]
PG_REVERSE = [
    "CREATE INDEX IF NOT EXISTS claim_text_search ON claims_claim "
    "USING gin (to_tsvector('english'::regconfig, text))",
    "DROP INDEX IF EXISTS claim_search_vector",
    "ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_FORWARD:
            schema_editor.execute(sql, params=None)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_REVERSE:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_claim_text_search")]

    operations = [migrations.RunPython(forward, reverse)]
