"""PostgreSQL: each history row records the transaction that wrote it
(``tx``, txid_current(), a column of PostgreSQL's alone, not a model field),
with an index on (tx, id): the change feed serves rows in that order, and
only those of transactions older than every one still running, so a row
committed late never lands behind a consumer's cursor. SQLite has one
writer at a time: there the id is the order."""

from django.db import migrations

PG_FORWARD = [
    "ALTER TABLE claims_claimcheck ADD COLUMN IF NOT EXISTS tx bigint "
    "NOT NULL DEFAULT txid_current()",
    "CREATE INDEX IF NOT EXISTS claimcheck_feed ON claims_claimcheck (tx, id)",
]
PG_REVERSE = [
    "DROP INDEX IF EXISTS claimcheck_feed",
    "ALTER TABLE claims_claimcheck DROP COLUMN IF EXISTS tx",
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
    dependencies = [("claims", "0013_recheck_jobs")]

    operations = [migrations.RunPython(forward, reverse)]
