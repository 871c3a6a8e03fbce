"""PostgreSQL: a short pending list for the claims' full-text index.

GIN's fast update queues new entries in a pending list (up to
``gin_pending_list_limit``, 4 MB by default) that every search reads in
full until a vacuum or a full list merges it. While a news day is ingested
the list stays long, and each candidate search of matching read hundreds
of its pages: on 1,000,000 claims a search for a rare word read 315 pages
in 1.4 ms, against 4 pages in 0.12 ms with the list merged. 64 kB (the
least PostgreSQL allows) keeps inserts batched in the list and searches
short; measured in bench/matching.py (README, "Benchmarks")."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER INDEX IF EXISTS claim_search_vector SET (gin_pending_list_limit = 64)"
        )


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER INDEX IF EXISTS claim_search_vector RESET (gin_pending_list_limit)"
        )


class Migration(migrations.Migration):
    dependencies = [("claims", "0018_webhook_articles")]

    operations = [migrations.RunPython(forward, reverse)]
