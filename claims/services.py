"""Every write that matters to a claim goes through here.

``claim_set_status`` is the only door to a claim's status, confidence and
lock: it validates, locks the row, saves with ``update_fields`` and appends
one ClaimCheck row per real change, inside one transaction.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.actors import Actor
from claims.extraction.normalize import claim_fingerprint
from claims.models import Claim, ClaimCheck, ClaimStatus, Evidence
from sources.models import Article, Source
from sources.services import publisher_for, text_content_hash


class ServiceError(Exception):
    """A request the service refuses; ``str(exc)`` is a message for people."""


class InvalidChange(ServiceError):
    pass


CONFIDENCE_DIGITS = 4


def normalize_confidence(value: float) -> float:
    """Confidence is stored to four decimals so float noise never reads as a change."""
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise InvalidChange(f"confidence must be a number in [0, 1], got {value!r}")
    if not 0.0 <= value <= 1.0:
        raise InvalidChange(f"confidence must be in [0, 1], got {value}")
    return round(float(value), CONFIDENCE_DIGITS)


def _validate(*, actor: Actor, reason: str, status: str | None, lock: bool | None) -> None:
    if status is not None and status not in ClaimStatus.values:
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
        return claim_record_change(
            claim,
            actor=actor,
            reason=reason,
            status=status,
            confidence=confidence,
            basis=basis,
            lock=lock,
        )


def claim_record_change(
    claim: Claim,
    *,
    actor: Actor,
    reason: str = "",
    status: str | None = None,
    confidence: float | None = None,
    basis: list | None = None,
    lock: bool | None = None,
    also_update: Iterable[str] = (),
) -> ClaimCheck | None:
    """Apply a change to a claim whose row the caller has already locked.

    For callers (the re-check) that hold the lock and save scheduling fields
    in the same statement (``also_update``). Same rules as claim_set_status.
    """
    _validate(actor=actor, reason=reason, status=status, lock=lock)
    if confidence is not None:
        confidence = normalize_confidence(confidence)

    old_status, old_confidence, old_locked = claim.status, claim.confidence, claim.status_locked
    new_locked = old_locked if lock is None else lock
    new_status = old_status if status is None else status
    if actor.is_machine and old_locked and new_status != old_status:
        new_status = old_status  # an editor's verdict stands
    new_confidence = old_confidence if confidence is None else confidence

    fields = set(also_update)
    changed = (new_status, new_confidence, new_locked) != (old_status, old_confidence, old_locked)
    if changed:
        claim.status, claim.confidence, claim.status_locked = new_status, new_confidence, new_locked
        fields |= {"status", "confidence", "status_locked"}
    if basis is not None and basis != claim.confidence_basis:
        claim.confidence_basis = basis
        fields.add("confidence_basis")
    if fields:
        claim.save(update_fields=sorted(fields | {"updated_at"}))
    if not changed:
        return None
    return ClaimCheck.objects.create(
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


def evidence_save(evidence: Evidence, *, actor: Actor) -> Evidence:
    """Add or change a piece of evidence."""
    with transaction.atomic():
        evidence.full_clean(exclude={"claim", "source", "added_by_user"})
        evidence.save()
    return evidence


def evidence_delete(evidence: Evidence, *, actor: Actor) -> None:
    """Remove a piece of evidence."""
    with transaction.atomic():
        evidence.delete()


@dataclass
class IngestResult:
    """What ``article_ingest`` did: ``created`` a new article, ``updated`` a
    new version of a stored URL, or neither (the content was already stored)."""

    article: Article
    created: bool = False
    updated: bool = False
    claims_created: int = 0
    claims_superseded: int = 0

    @property
    def message(self) -> str:
        if not (self.created or self.updated):
            return f"already stored as article {self.article.pk}; nothing changed"
        verb = "stored" if self.created else "updated"
        text = f"{verb} article {self.article.pk} with {self.claims_created} new claims"
        if self.claims_superseded:
            text += f", {self.claims_superseded} superseded"
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
    """Store an article. The same content again stores nothing and returns
    the existing article; a changed text at a stored URL updates that article."""
    if not text.strip():
        raise ServiceError("the article text is empty")
    url = url or None
    content_hash = text_content_hash(text)
    existing = Article.objects.filter(content_hash=content_hash).first()
    if existing is not None:
        return IngestResult(article=existing)
    if isinstance(publisher, str):
        publisher = publisher_for(name=publisher)
    elif publisher is None and url:
        publisher = publisher_for(url=url)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=title.strip()[:500],
                url=url,
                publisher=publisher,
                byline=byline[:300],
                published_at=published_at,
                raw_text=text,
                body=text,
                content_hash=content_hash,
            )
    except IntegrityError:
        # A concurrent ingest of the same content won the race.
        existing = Article.objects.filter(content_hash=content_hash).first()
        if existing is None:
            raise ServiceError(f"an article with the URL {url} is already stored") from None
        return IngestResult(article=existing)
    return IngestResult(article=article, created=True)
