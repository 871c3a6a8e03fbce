"""A full-text index over claims' text, the candidates of matching.

PostgreSQL: a GIN index on to_tsvector('english', text). SQLite: an FTS5
table kept in step with claims_claim by triggers (see _sqlite_triggers)."""

from django.db import migrations

from claims.migrations._sqlite_triggers import (
    SQLITE_FTS_DROP,
    restore_sqlite_fts,
)

PG_FORWARD = [
    "CREATE INDEX IF NOT EXISTS claim_text_search ON claims_claim "
    "USING gin (to_tsvector('english'::regconfig, text))",
]
PG_REVERSE = ["DROP INDEX IF EXISTS claim_text_search"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_FORWARD:
            schema_editor.execute(sql, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        restore_sqlite_fts(apps, schema_editor)
        schema_editor.execute(
            "INSERT INTO claims_claim_fts(claims_claim_fts) VALUES ('rebuild')", params=None
        )


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_REVERSE:
            schema_editor.execute(sql, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_FTS_DROP:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_claim_links")]

    operations = [migrations.RunPython(forward, reverse)]
