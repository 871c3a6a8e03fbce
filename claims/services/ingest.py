"""Articles in, claims out: ``article_ingest`` and what it stores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.actors import Actor
from claims.db import WRITE_BATCH, bulk_update_rows
from claims.extraction.cues import GOVERNMENT_WORDS
from claims.extraction.inputs import InputError, prepare_text
from claims.extraction.normalize import claim_fingerprint
from claims.models import Claim, EventKind, Evidence, EvidenceOrigin, Stance
from claims.scoring import score_claim
from claims.services.errors import IngestConflict, InvalidInput
from claims.services.facts import claim_facts, evidence_facts
from claims.services.verdicts import claims_set_scores
from sources.models import Article, Source, SourceKind, normalize_source_name
from sources.services import publisher_for, source_get_or_create, text_content_hash


@dataclass
class IngestResult:
    """What ``article_ingest`` did: ``created`` a new article, ``updated`` a
    new version of a stored URL, or neither (the content was already stored)."""

    article: Article
    created: bool = False
    updated: bool = False
    claims_created: int = 0
    claims_updated: int = 0
    claims_superseded: int = 0
    note: str = ""

    @property
    def changed(self) -> bool:
        return self.created or self.updated

    @property
    def message(self) -> str:
        if not self.changed:
            return f"already stored as article {self.article.pk}; nothing changed"
        verb = "stored" if self.created else "updated"
        text = f"{verb} article {self.article.pk} with {self.claims_created} new claims"
        if self.claims_updated:
            text += f", {self.claims_updated} kept"
        if self.claims_superseded:
            text += f", {self.claims_superseded} superseded"
        if self.note:
            text += f" ({self.note})"
        return text


def article_ingest(
    *,
    text: str,
    actor: Actor,
    url: str | None = None,
    title: str = "",
    publisher: str | Source | None = None,
    published_at: datetime | None = None,
    byline: str = "",
) -> IngestResult:
    """Store an article and the claims extracted from it, in one transaction.

    - The same content again (by normalised content hash) stores nothing and
      returns the existing article.
    - New content at a stored URL is a new version: the article is updated,
      claims still in the text keep their identity (matched by fingerprint,
      their offsets moved), new ones are added, and claims no longer in the
      text are marked superseded. No claim is ever deleted, so what editors
      touched, evidence and history all stay.
    - HTML is converted to text; text that is not English is stored and
      flagged, with no claims.
    - Each claim gets its attribution (a Source, created by normalised name
      if new), evidence linking it to the article's publisher, and its first
      score; it is due for its first re-check at once.
    """
    try:
        prepared = prepare_text(text, max_bytes=settings.CLAIMS_MAX_ARTICLE_BYTES)
    except InputError as exc:
        raise InvalidInput(str(exc)) from exc
    text = prepared.text
    url = (url or "").strip() or None
    content_hash = text_content_hash(text)
    existing = Article.objects.filter(content_hash=content_hash).first()
    if existing is not None:
        return IngestResult(article=existing)

    # Extraction is the slow part: done before the transaction opens.
    # spaCy is imported only when something is extracted: web processes and
    # workers that never ingest do not pay for it.
    from claims.extraction.pipeline import get_extractor

    extraction = get_extractor(settings.CLAIMS_SPACY_MODEL).extract(text)
    if isinstance(publisher, str):
        publisher = publisher_for(name=publisher) if publisher.strip() else None
    if publisher is None and url:
        publisher = publisher_for(url=url)
    fields = {
        "title": (title.strip() or extraction.headline)[:500],
        "publisher": publisher,
        "byline": byline[:300],
        "published_at": published_at,
        "raw_text": text,
        "body": extraction.body,
        "content_hash": content_hash,
        "language": extraction.language,
        "extraction_note": extraction.note[:300],
        "retrieved_at": timezone.now(),
    }
    try:
        with transaction.atomic():
            previous = Article.objects.select_for_update().filter(url=url).first() if url else None
            if previous is None:
                article = Article.objects.create(url=url, **fields)
                result = IngestResult(article=article, created=True, note=extraction.note)
            else:
                article = _article_new_version(previous, fields)
                result = IngestResult(article=article, updated=True, note=extraction.note)
            _store_claims(article, extraction.claims, result, actor=actor)
    except IntegrityError:
        # A concurrent ingest of the same content or URL won the race.
        existing = Article.objects.filter(content_hash=content_hash).first()
        if existing is None:
            raise IngestConflict(
                f"another version of {url} was stored at the same moment; try again"
            ) from None
        return IngestResult(article=existing)
    return result


def _article_new_version(article: Article, fields: dict) -> Article:
    history = list(article.body_hash_history)
    history.append(article.content_hash)
    for name, value in fields.items():
        if name in {"title", "publisher", "byline", "published_at"} and not value:
            continue  # keep what the stored version had
        setattr(article, name, value)
    article.body_hash_history = history
    article.save()
    return article


def _attribution_source(item, cache: dict) -> Source:
    """The Source a claim is attributed to, by normalised name; a new one's
    kind is read from how the article names it."""
    key = normalize_source_name(item.attribution)
    if key not in cache:
        words = set(item.attribution.lower().split())
        if item.attribution_kind == "unnamed":
            kind = SourceKind.UNNAMED
        elif item.attribution_category == "person":
            kind = SourceKind.PERSON
        elif words & GOVERNMENT_WORDS:
            kind = SourceKind.GOVERNMENT
        else:
            kind = SourceKind.ORGANIZATION
        cache[key] = source_get_or_create(name=item.attribution, kind=kind)
    return cache[key]


def _store_claims(article: Article, extracted: list, result: IngestResult, *, actor: Actor) -> None:
    now = timezone.now()
    validity = timedelta(days=settings.CLAIMS_TIME_BOUND_VALIDITY_DAYS)
    valid_from = article.published_at or now
    current = {}
    for claim in article.claims.current().order_by("position", "id"):
        current.setdefault(claim.fingerprint, []).append(claim)
    sources: dict[str, Source] = {}
    new_claims, kept = [], []
    for position, item in enumerate(extracted, 1):
        attribution = _attribution_source(item, sources) if item.attribution else None
        fingerprint = claim_fingerprint(item.text)
        matches = current.get(fingerprint)
        if matches:
            claim = matches.pop(0)
            claim.start, claim.end, claim.quote, claim.position = (
                item.start,
                item.end,
                item.quote,
                position,
            )
            kept.append(claim)
            continue
        new_claims.append(
            Claim(
                article=article,
                position=position,
                text=item.text,
                quote=item.quote,
                start=item.start,
                end=item.end,
                polarity=item.polarity,
                hedged=item.hedged,
                hedges=item.hedges,
                conditional=item.conditional,
                attribution=attribution,
                kind=item.kind,
                entities=item.entities,
                time_bound=item.time_bound,
                time_cues=item.time_cues,
                valid_until=valid_from + validity if item.time_bound else None,
                next_check_at=now,
                fingerprint=fingerprint,
            )
        )
    vanished = [claim for claims in current.values() for claim in claims]
    for claim in vanished:
        claim.superseded_at = now
        claim.next_check_at = None
    bulk_update_rows(Claim, vanished, ["superseded_at", "next_check_at"])
    bulk_update_rows(Claim, kept, ["start", "end", "quote", "position"])
    Claim.objects.bulk_create(new_claims, batch_size=WRITE_BATCH)
    evidence = []
    if new_claims and article.publisher_id:
        evidence = Evidence.objects.bulk_create(
            [
                Evidence(
                    claim=claim,
                    source_id=article.publisher_id,
                    stance=Stance.SUPPORTS,
                    url=article.url or "",
                    quote=claim.quote,
                    weight=1.0,
                    added_by=EvidenceOrigin.EXTRACTOR,
                    retrieved_at=now,
                    content_hash=article.content_hash,
                )
                for claim in new_claims
            ],
            batch_size=WRITE_BATCH,
        )
    _score_new_claims(new_claims, evidence, article, now, actor=actor)
    result.claims_created = len(new_claims)
    result.claims_updated = len(kept)
    result.claims_superseded = len(vanished)


def _score_new_claims(
    claims: list[Claim], evidence: list[Evidence], article, now, *, actor: Actor
) -> None:
    """First score of new claims, through the one door: their prior and the
    article as their one source. Each gets one ``created`` history row naming
    who ingested it."""
    by_claim = {e.claim_id: e for e in evidence}
    publisher = article.publisher
    scores = []
    for claim in claims:
        own = by_claim.get(claim.pk)
        facts = []
        if own is not None:
            facts.append(
                evidence_facts(
                    own,
                    reliability=publisher.reliability,
                    is_official=publisher.is_official,
                    source_name=publisher.name,
                    article_url=article.url,
                    article_publisher_id=article.publisher_id,
                )
            )
        kind = claim.attribution.kind if claim.attribution is not None else None
        scores.append(score_claim(claim_facts(claim, attribution_kind=kind), facts, now))
    claims_set_scores(
        claims, scores, actor=actor, reason="extracted at ingest", event=EventKind.CREATED
    )
