"""Load the sample sources and articles in seeds/. Running it again changes nothing."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from claims.actors import Actor
from claims.management.migrated import ensure_migrated
from claims.models import Claim, Evidence, EvidenceOrigin
from claims.services.errors import ServiceError
from claims.services.evidence import evidence_save
from claims.services.ingest import article_ingest
from sources.models import Source, normalize_source_name

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"


class Command(BaseCommand):
    help = "Load the sample sources and articles from seeds/ (idempotent)."

    def handle(self, *args, **options):
        ensure_migrated()
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
        added = self._load_evidence(articles, actor)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeds loaded: {len(sources)} sources, {len(articles)} articles, "
                f"{added} new pieces of evidence."
            )
        )

    def _load_evidence(self, articles: list[dict], actor: Actor) -> int:
        """Evidence from other sources for some seed claims, so re-checks have
        something to weigh. Claims are found by a fragment of their text."""
        urls = {entry["file"]: entry.get("url") for entry in articles}
        added = 0
        for entry in json.loads((SEEDS_DIR / "evidence.json").read_text(encoding="utf-8")):
            claim = Claim.objects.filter(
                article__url=urls[entry["article"]], text__icontains=entry["claim"]
            ).first()
            if claim is None:
                self.stderr.write(f"evidence.json: no claim matching {entry['claim']!r}")
                continue
            source = Source.objects.get(slug=normalize_source_name(entry["source"]))
            if Evidence.objects.filter(
                claim=claim, source=source, stance=entry["stance"], url=entry["url"]
            ).exists():
                continue
            evidence = Evidence(
                claim=claim,
                source=source,
                stance=entry["stance"],
                weight=entry["weight"],
                url=entry["url"],
                quote=entry["quote"],
                added_by=EvidenceOrigin.EDITOR,
            )
            # no re-check queued per item: the claims are due, a sweep follows
            evidence_save(evidence, actor=actor, enqueue=False)
            added += 1
        return added
