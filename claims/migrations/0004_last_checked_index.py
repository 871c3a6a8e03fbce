"""The index behind ordering claims by last check: (last_checked_at ASC
NULLS FIRST, id), so a claim never checked sorts as the oldest check and
one index serves both directions. SQLite sorts NULLs first already but
cannot say so in an index definition, hence per-database SQL."""

from django.db import migrations

CREATE = {
    "postgresql": "CREATE INDEX claim_last_checked ON claims_claim "
    "(last_checked_at ASC NULLS FIRST, id ASC)",
    "sqlite": "CREATE INDEX claim_last_checked ON claims_claim (last_checked_at, id)",
}


def forward(apps, schema_editor):
    sql = CREATE.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql, params=None)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor in CREATE:
        schema_editor.execute("DROP INDEX IF EXISTS claim_last_checked", params=None)


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_recheck_schedule")]

    operations = [migrations.RunPython(forward, reverse)]
