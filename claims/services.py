"""Every write that matters to a claim goes through here.

``claim_set_status`` is the only door to a claim's status, confidence and
lock: it validates, locks the row, saves with ``update_fields`` and appends
one ClaimCheck row per real change, inside one transaction.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.actors import Actor
from claims.extraction.cues import GOVERNMENT_WORDS
from claims.extraction.inputs import InputError, prepare_text
from claims.extraction.normalize import claim_fingerprint
from claims.extraction.pipeline import get_extractor
from claims.models import (
    Claim,
    ClaimCheck,
    ClaimStatus,
    Evidence,
    EvidenceOrigin,
    EvidenceState,
    Stance,
)
from claims.scoring import ClaimFacts, EvidenceFacts, certainty_category, score_claim
from sources.models import Article, Source, SourceKind, normalize_source_name
from sources.services import publisher_for, source_get_or_create, text_content_hash

log = logging.getLogger(__name__)


class ServiceError(Exception):
    """A request the service refuses; ``str(exc)`` is a message for people."""


class InvalidChange(ServiceError):
    pass


CONFIDENCE_DIGITS = 4
STATUS_VALUES = frozenset(ClaimStatus.values)


def normalize_confidence(value: float) -> float:
    """Confidence is stored to four decimals so float noise never reads as a change."""
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise InvalidChange(f"confidence must be a number in [0, 1], got {value!r}")
    if not 0.0 <= value <= 1.0:
        raise InvalidChange(f"confidence must be in [0, 1], got {value}")
    return round(float(value), CONFIDENCE_DIGITS)


def _validate(*, actor: Actor, reason: str, status: str | None, lock: bool | None) -> None:
    if status is not None and status not in STATUS_VALUES:
        choices = ", ".join(ClaimStatus.values)
        raise InvalidChange(f"unknown status {status!r}; expected one of: {choices}")
    if not actor.is_machine and (status is not None or lock is not None) and not reason.strip():
        raise InvalidChange("a reason is required when an editor sets a verdict or a lock")


def claim_set_status(
    *,
    claim_id: int,
    actor: Actor,
    reason: str = "",
    status: str | None = None,
    confidence: float | None = None,
    basis: list | None = None,
    lock: bool | None = None,
) -> ClaimCheck | None:
    """Change a claim's status, confidence and/or lock, and record it.

    Locks the claim's row for the rest of the transaction. Writes exactly one
    ClaimCheck row when status, confidence or lock really change, and none
    otherwise. A locked status is an editor's verdict: machine actors (tasks)
    may still move the confidence, never the status. Returns the history row,
    or None when nothing changed.
    """
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        fields, check = plan_status_change(
            claim,
            actor=actor,
            reason=reason,
            status=status,
            confidence=confidence,
            basis=basis,
            lock=lock,
        )
        if fields:
            claim.save(update_fields=sorted(fields | {"updated_at"}))
        if check is not None:
            check.save()
        return check


def plan_status_change(
    claim: Claim,
    *,
    actor: Actor,
    reason: str = "",
    status: str | None = None,
    confidence: float | None = None,
    basis: list | None = None,
    lock: bool | None = None,
) -> tuple[set[str], ClaimCheck | None]:
    """The one rule for status, confidence and lock changes.

    Sets the new values on ``claim`` and returns the fields that changed
    and the unsaved history row (None when status, confidence and lock are
    all unchanged). A locked status is an editor's verdict: machine actors
    may move the confidence, never the status.
    """
    _validate(actor=actor, reason=reason, status=status, lock=lock)
    if confidence is not None:
        confidence = normalize_confidence(confidence)
    old_status, old_confidence, old_locked = claim.status, claim.confidence, claim.status_locked
    new_locked = old_locked if lock is None else lock
    new_status = old_status if status is None else status
    if actor.is_machine and old_locked and new_status != old_status:
        new_status = old_status
    new_confidence = old_confidence if confidence is None else confidence

    fields: set[str] = set()
    changed = (new_status, new_confidence, new_locked) != (old_status, old_confidence, old_locked)
    if changed:
        claim.status, claim.confidence, claim.status_locked = new_status, new_confidence, new_locked
        fields |= {"status", "confidence", "status_locked"}
    if basis is not None and basis != claim.confidence_basis:
        claim.confidence_basis = basis
        fields.add("confidence_basis")
    if not changed:
        return fields, None
    check = ClaimCheck(
        claim=claim,
        actor_kind=actor.kind,
        actor_user_id=actor.user_id,
        actor=actor.label,
        old_status=old_status,
        new_status=new_status,
        old_confidence=old_confidence,
        new_confidence=new_confidence,
        old_locked=old_locked,
        new_locked=new_locked,
        basis=claim.confidence_basis,
        reason=reason.strip() or _default_reason(old_status, new_status, old_locked, new_locked),
    )
    return fields, check


def _default_reason(old_status: str, new_status: str, old_locked: bool, new_locked: bool) -> str:
    if old_locked != new_locked:
        return "locked" if new_locked else "unlocked"
    if old_status != new_status:
        return f"status {old_status} → {new_status}"
    return "confidence recomputed"


# Fields an editor may change on an existing claim. Status, confidence and the
# lock are not among them: they go through claim_set_status.
EDITABLE_CLAIM_FIELDS = frozenset(
    {
        "text",
        "position",
        "polarity",
        "hedged",
        "hedges",
        "attribution",
        "kind",
        "entities",
        "time_bound",
        "valid_until",
    }
)


def claim_save_edit(claim: Claim, *, changed_fields: Iterable[str], actor: Actor) -> Claim:
    """Save an editor's new claim or edit of an existing one.

    Only editable fields are written (``update_fields``), so an edit never
    overwrites a status a re-check set meanwhile. A new claim starts due for
    its first check.
    """
    now = timezone.now()
    with transaction.atomic():
        if claim.pk is None:
            claim.full_clean()
            if not claim.position:
                last = claim.article.claims.order_by("-position").values_list("position", flat=True)
                claim.position = (last.first() or 0) + 1
            claim.fingerprint = claim_fingerprint(claim.text)
            claim.edited_at = now
            claim.next_check_at = now
            claim.save()
            return claim
        fields = set(changed_fields) & EDITABLE_CLAIM_FIELDS
        if not fields:
            return claim
        if "text" in fields:
            claim.fingerprint = claim_fingerprint(claim.text)
            fields.add("fingerprint")
        claim.edited_at = now
        claim.save(update_fields=sorted(fields | {"edited_at", "updated_at"}))
    return claim


_QUOTE_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def _folded(text: str) -> str:
    return " ".join(text.translate(_QUOTE_FOLD).split()).lower()


def quote_in_text(quote: str, text: str) -> bool:
    """Whether a quoted passage still appears in a document's text, ignoring
    case, spacing and typographic quote marks."""
    return _folded(quote) in _folded(text)


def claim_mark_due(claim_id: int, *, enqueue: bool = True) -> None:
    """Make a claim due now and (``enqueue``) ask for its re-check once the
    transaction commits. If the broker is down the claim simply stays due:
    the next sweep checks it."""
    Claim.objects.filter(pk=claim_id, superseded_at__isnull=True).update(
        next_check_at=timezone.now()
    )
    if enqueue:
        transaction.on_commit(lambda: enqueue_recheck([claim_id]), robust=True)


def enqueue_recheck(claim_ids: list[int]) -> int:
    """Queue re-checks (run in-process when no broker is configured).
    Returns how many were queued; a broker failure is logged, never raised:
    the claims stay due for the next sweep."""
    from claims.tasks import recheck_claim

    queued = 0
    for claim_id in claim_ids:
        try:
            recheck_claim.delay(claim_id)
            queued += 1
        except Exception:  # the broker, not our data: the sweep will catch up
            log.exception("could not queue the re-check of claim %s", claim_id)
    return queued


def evidence_save(evidence: Evidence, *, actor: Actor, enqueue: bool = True) -> Evidence:
    """Add or change a piece of evidence; its claim becomes due and (unless
    ``enqueue`` is off, for bulk loads a sweep follows) is re-checked after
    commit.

    A changed URL or quote resets the document baseline, so the next fetch
    judges the document afresh."""
    with transaction.atomic():
        evidence.full_clean(exclude={"claim", "source", "added_by_user"})
        if evidence.pk is not None:
            old = Evidence.objects.filter(pk=evidence.pk).values("url", "quote").first()
            if old and (old["url"], old["quote"]) != (evidence.url, evidence.quote):
                evidence.content_hash, evidence.etag, evidence.last_modified = "", "", ""
                evidence.state, evidence.retrieved_at = EvidenceState.LIVE, None
        evidence.save()
        claim_mark_due(evidence.claim_id, enqueue=enqueue)
    return evidence


def evidence_delete(evidence: Evidence, *, actor: Actor) -> None:
    """Remove a piece of evidence; its claim is re-checked after commit."""
    with transaction.atomic():
        claim_id = evidence.claim_id
        evidence.delete()
        claim_mark_due(claim_id)


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


class InvalidInput(ServiceError):
    """The submitted text cannot be stored as an article."""


class IngestConflict(ServiceError):
    """A concurrent write got there first."""


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
            _store_claims(article, extraction.claims, result)
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


def _store_claims(article: Article, extracted: list, result: IngestResult) -> None:
    now = timezone.now()
    validity = timedelta(days=settings.CLAIMS_TIME_BOUND_VALIDITY_DAYS)
    valid_from = article.published_at or now
    current = {}
    for claim in article.claims.filter(superseded_at__isnull=True).order_by("position", "id"):
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
                confidence=item.confidence,
                next_check_at=now,
                fingerprint=fingerprint,
            )
        )
    vanished = [claim for claims in current.values() for claim in claims]
    for claim in vanished:
        claim.superseded_at = now
        claim.next_check_at = None
    Claim.objects.bulk_update(vanished, ["superseded_at", "next_check_at"])
    Claim.objects.bulk_update(kept, ["start", "end", "quote", "position"])
    Claim.objects.bulk_create(new_claims)
    evidence = []
    if new_claims and article.publisher_id:
        evidence = Evidence.objects.bulk_create(
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
        )
    _score_new_claims(new_claims, evidence, article, now)
    result.claims_created = len(new_claims)
    result.claims_updated = len(kept)
    result.claims_superseded = len(vanished)


def _score_new_claims(claims: list[Claim], evidence: list[Evidence], article, now) -> None:
    """First score of new claims: their prior and the article as their one
    source. No history row: nothing changed yet, the claim just began."""
    by_claim = {e.claim_id: e for e in evidence}
    for claim in claims:
        own = by_claim.get(claim.pk)
        facts = []
        if own is not None:
            publisher = article.publisher
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
        score = score_claim(claim_facts(claim, attribution_kind=kind), facts, now)
        claim.status, claim.confidence, claim.confidence_basis = (
            score.status,
            score.confidence,
            score.basis,
        )
    Claim.objects.bulk_update(claims, ["status", "confidence", "confidence_basis"])


def evidence_facts(
    evidence: Evidence,
    *,
    reliability: float,
    is_official: bool,
    source_name: str,
    article_url: str | None,
    article_publisher_id: int | None,
) -> EvidenceFacts:
    """What scoring needs to know about a piece of evidence. Evidence from
    the claim's own article (its URL, or the extractor's link to its
    publisher) is "the article itself"."""
    own_article = bool(article_url) and evidence.url == article_url
    own_article = own_article or (
        evidence.added_by == EvidenceOrigin.EXTRACTOR and evidence.source_id == article_publisher_id
    )
    return EvidenceFacts(
        id=evidence.pk,
        stance=evidence.stance,
        weight=evidence.weight,
        reliability=reliability,
        publisher=f"source:{evidence.source_id}",
        state=evidence.state,
        is_official=is_official,
        from_article=own_article,
        label=source_name,
    )


def claim_facts(claim: Claim, *, attribution_kind: str | None) -> ClaimFacts:
    """What scoring needs to know about a claim; ``attribution_kind`` is the
    kind of its attribution Source, or None for the article's own voice."""
    attribution = None
    if attribution_kind is not None:
        attribution = "unnamed" if attribution_kind == SourceKind.UNNAMED else "named"
    return ClaimFacts(
        certainty=certainty_category(
            attribution=attribution, hedged=claim.hedged, conditional=claim.conditional
        ),
        status=claim.status,
        status_locked=claim.status_locked,
        valid_until=claim.valid_until,
    )
