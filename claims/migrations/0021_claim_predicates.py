"""What each claim says of its subject (its predicates, read from
extraction's parse), for cross-article matching. Claims stored before have
none: matching reads them by their words alone until a new version of their
report or an editor's rewording reads them. PostgreSQL adds the column in
place (a constant default); SQLite rebuilds the table, which drops its
triggers and the indexes the model does not declare: made again, as in 0020."""

from django.db import migrations, models

from claims.migrations._sqlite_triggers import restore_sqlite_fts, restore_sqlite_last_checked


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0020_claim_article_position"),
    ]

    operations = [
        # backwards, this runs last: after the field's rebuild
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_fts),
        migrations.AddField(
            model_name="claim",
            name="predicates",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text=(
                    "What it says of its subject, as lemmas of extraction's parse "
                    "(its verb; a light verb's complement): read by cross-article matching."
                ),
            ),
        ),
        migrations.RunPython(restore_sqlite_fts, migrations.RunPython.noop),
        migrations.RunPython(restore_sqlite_last_checked, migrations.RunPython.noop),
    ]
