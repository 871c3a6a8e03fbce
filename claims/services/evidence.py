"""Evidence added, changed or removed, and the re-check each one asks for.

Each write records a history row on its claim (what changed, and who) and
makes the claim due in the same transaction; the re-check is queued after
commit, naming the person whose action asked for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone

from claims.actors import Actor
from claims.batching import batched
from claims.models import Claim, EventKind, Evidence, EvidenceState
from claims.services.history import jsonable, record_event
from claims.services.queue import (
    RECHECK_CLAIM,
    RECHECK_CLAIMS,
    RESCORE_SOURCE,
    enqueue_on_commit,
)

# What an evidence event records of the evidence, old and new.
RECORDED_FIELDS = ("source", "stance", "url", "quote", "weight")


def claim_mark_due(
    claim_id: int, *, actor: Actor | None = None, reason: str = "", enqueue: bool = True
) -> None:
    """Make a claim due now, in the caller's transaction, and (``enqueue``)
    ask for its re-check once that commits, on behalf of ``actor``'s user.
    If the broker is down the claim simply stays due: the next sweep checks
    it."""
    Claim.objects.filter(pk=claim_id).current().update(next_check_at=timezone.now())
    if enqueue:
        requested_by = actor.user_id if actor is not None else None
        enqueue_on_commit(RECHECK_CLAIM, claim_id, requested_by=requested_by, reason=reason)


def claims_mark_due(
    claim_ids, *, actor: Actor | None = None, reason: str = "", enqueue: bool = True
) -> None:
    """``claim_mark_due`` for several claims one action changed together:
    one update, and (``enqueue``) one re-check of them all after commit."""
    ids = sorted(set(claim_ids))
    if not ids:
        return
    Claim.objects.filter(pk__in=ids).current().update(next_check_at=timezone.now())
    if enqueue:
        requested_by = actor.user_id if actor is not None else None
        enqueue_on_commit(RECHECK_CLAIMS, ids, requested_by=requested_by, reason=reason)


def _described(evidence: Evidence) -> str:
    return f"{evidence.source} ({evidence.stance})"


def evidence_save(evidence: Evidence, *, actor: Actor, enqueue: bool = True) -> Evidence:
    """Add or change a piece of evidence; its claim becomes due and (unless
    ``enqueue`` is off: bulk loads, which a sweep follows) is re-checked
    after commit.

    A changed URL or quote resets the document baseline, so the next fetch
    judges the document afresh."""
    with transaction.atomic():
        evidence.full_clean(exclude={"claim", "source", "added_by_user"})
        old = None
        if evidence.pk is not None:
            old = Evidence.objects.filter(pk=evidence.pk).select_related("source").first()
        if old is not None and (old.url, old.quote) != (evidence.url, evidence.quote):
            evidence.content_hash, evidence.etag, evidence.last_modified = "", "", ""
            evidence.state, evidence.retrieved_at = EvidenceState.LIVE, None
            evidence.fetch_error, evidence.fetch_failures = "", 0
        evidence.save()
        if old is None:
            action = "added"
            changes = {name: [None, jsonable(getattr(evidence, name))] for name in RECORDED_FIELDS}
        else:
            action = "changed"
            changes = {
                name: [jsonable(getattr(old, name)), jsonable(getattr(evidence, name))]
                for name in RECORDED_FIELDS
                if getattr(old, name) != getattr(evidence, name)
            }
            if not changes:
                return evidence
        what = f"evidence from {_described(evidence)} {action} by {actor.label}"
        claim = Claim.objects.get(pk=evidence.claim_id)
        record_event(
            claim,
            event=EventKind.EVIDENCE,
            actor=actor,
            reason=what,
            changes={"evidence": evidence.pk, "action": action, **changes},
        )
        claim_mark_due(evidence.claim_id, actor=actor, reason=f"after {what}", enqueue=enqueue)
    return evidence


def evidence_delete(evidence: Evidence, *, actor: Actor) -> None:
    """Remove a piece of evidence; its claim is re-checked after commit."""
    with transaction.atomic():
        claim = Claim.objects.get(pk=evidence.claim_id)
        what = f"evidence from {_described(evidence)} removed by {actor.label}"
        changes = {name: [jsonable(getattr(evidence, name)), None] for name in RECORDED_FIELDS}
        record_event(
            claim,
            event=EventKind.EVIDENCE,
            actor=actor,
            reason=what,
            changes={"evidence": evidence.pk, "action": "removed", **changes},
        )
        evidence.delete()
        claim_mark_due(claim.pk, actor=actor, reason=f"after {what}")


def source_trust_changed(source_id: int, *, reason: str) -> None:
    """A source's reliability or official standing changed: once that
    commits, the claims whose evidence cites it are re-scored (a task; in
    process without a broker), their history saying why."""
    enqueue_on_commit(RESCORE_SOURCE, source_id, reason=reason)


def claims_citing(source_id: int, *, batch_size: int) -> Iterator[list[int]]:
    """The current claims with evidence from ``source_id``, in batches of ids."""
    ids = (
        Claim.objects.current()
        .filter(pk__in=Evidence.objects.filter(source_id=source_id).values("claim_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    yield from batched(ids.iterator(chunk_size=batch_size), batch_size)
