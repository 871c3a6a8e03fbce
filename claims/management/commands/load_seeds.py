"""Load the sample sources and articles in seeds/. Running it again changes nothing."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from claims.actors import Actor
from claims.services import ServiceError, article_ingest
from sources.models import Source, normalize_source_name

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"


class Command(BaseCommand):
    help = "Load the sample sources and articles from seeds/ (idempotent)."

    def handle(self, *args, **options):
        sources = json.loads((SEEDS_DIR / "sources.json").read_text(encoding="utf-8"))
        for entry in sources:
            Source.objects.update_or_create(
                slug=normalize_source_name(entry["name"]),
                defaults={
                    "name": entry["name"],
                    "kind": entry["kind"],
                    "domain": entry.get("domain", ""),
                    "reliability": entry.get("reliability", 0.5),
                    "is_official": entry.get("is_official", False),
                    "notes": entry.get("notes", ""),
                },
            )
        articles = json.loads((SEEDS_DIR / "articles.json").read_text(encoding="utf-8"))
        actor = Actor.system("load_seeds")
        for entry in articles:
            text = (SEEDS_DIR / "articles" / entry["file"]).read_text(encoding="utf-8")
            try:
                result = article_ingest(
                    text=text,
                    url=entry.get("url"),
                    publisher=entry.get("publisher"),
                    published_at=parse_datetime(entry["published_at"])
                    if entry.get("published_at")
                    else None,
                    actor=actor,
                )
            except ServiceError as exc:
                raise CommandError(f"{entry['file']}: {exc}") from exc
            self.stdout.write(f"{entry['file']}: {result.message}")
        self.stdout.write(
            self.style.SUCCESS(f"Seeds loaded: {len(sources)} sources, {len(articles)} articles.")
        )
