"""The news agency an article credits (sources.wire): stored articles are
read for it once here, a thousand at a time."""

from django.db import migrations, models

from sources.wire import wire_credit


def credit_stored_articles(apps, schema_editor):
    Article = apps.get_model("sources", "Article")
    credited = []
    rows = Article.objects.only("id", "byline", "raw_text").order_by("pk").iterator(chunk_size=1000)
    for article in rows:
        wire = wire_credit(article.byline, article.raw_text)
        if wire:
            article.wire = wire
            credited.append(article)
        if len(credited) >= 1000:
            Article.objects.bulk_update(credited, ["wire"])
            credited = []
    Article.objects.bulk_update(credited, ["wire"])


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0005_field_messages"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="wire",
            field=models.CharField(
                blank=True,
                help_text=(
                    "The news agency the article credits (byline, dateline or credit line): "
                    "reports crediting one agency are one voice, not independent corroboration."
                ),
                max_length=60,
            ),
        ),
        migrations.RunPython(credit_stored_articles, migrations.RunPython.noop),
    ]
