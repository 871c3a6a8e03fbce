"""Refuse UPDATE (and on PostgreSQL, DELETE) of ClaimCheck rows in SQL itself.

The ORM already refuses; the trigger also stops raw SQL and other clients.
SQLite gets no DELETE trigger because Django's test flush empties tables
with DELETE there (PostgreSQL uses TRUNCATE, which row triggers don't see);
claims protect their history with on_delete=PROTECT on every backend.
"""

from django.db import migrations

# One statement per string: each is executed on its own.
PG_FORWARD = [
    """CREATE OR REPLACE FUNCTION claims_claimcheck_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'claims_claimcheck is append-only: % refused', TG_OP;
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER claims_claimcheck_no_update BEFORE UPDATE ON claims_claimcheck
    FOR EACH ROW EXECUTE FUNCTION claims_claimcheck_append_only()""",
    """CREATE TRIGGER claims_claimcheck_no_delete BEFORE DELETE ON claims_claimcheck
    FOR EACH ROW EXECUTE FUNCTION claims_claimcheck_append_only()""",
]
PG_REVERSE = [
    "DROP TRIGGER IF EXISTS claims_claimcheck_no_update ON claims_claimcheck",
    "DROP TRIGGER IF EXISTS claims_claimcheck_no_delete ON claims_claimcheck",
    "DROP FUNCTION IF EXISTS claims_claimcheck_append_only()",
]
SQLITE_FORWARD = [
    """CREATE TRIGGER claims_claimcheck_no_update BEFORE UPDATE ON claims_claimcheck
    BEGIN
        SELECT RAISE(ABORT, 'claims_claimcheck is append-only: UPDATE refused');
    END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS claims_claimcheck_no_update"]
STATEMENTS = {
    "postgresql": (PG_FORWARD, PG_REVERSE),
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
}


def forward(apps, schema_editor):
    statements, _ = STATEMENTS.get(schema_editor.connection.vendor, ([], []))
    for sql in statements:
        schema_editor.execute(sql, params=None)


def reverse(apps, schema_editor):
    _, statements = STATEMENTS.get(schema_editor.connection.vendor, ([], []))
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunPython(forward, reverse)]
