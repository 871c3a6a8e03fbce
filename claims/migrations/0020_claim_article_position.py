"""An article's claims are found by article and position together (its
claims in order; matching reads a claim with the claims next to it): one
index of both in place of the index of the article alone, so a claim's
write keeps the same number of indexes. The new index is made before the
old one goes. SQLite rebuilds the table to alter the field, which drops its
triggers and the indexes the model does not declare: the full-text
triggers are made again, and so is the last-check index of migration 0004,
which earlier rebuilds (0016, 0017) had dropped on SQLite."""

import django.db.models.deletion
from django.db import migrations, models

from claims.migrations._sqlite_triggers import restore_sqlite_fts, restore_sqlite_last_checked


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0019_search_pending_list"),
        ("sources", "0005_field_messages"),
    ]

    operations = [
        # backwards, this runs last: after the field's rebuild
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_fts),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["article", "position"], name="claim_article_position"),
        ),
        migrations.AlterField(
            model_name="claim",
            name="article",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="claims",
                to="sources.article",
            ),
        ),
        migrations.RunPython(restore_sqlite_fts, migrations.RunPython.noop),
        migrations.RunPython(restore_sqlite_last_checked, migrations.RunPython.noop),
    ]
