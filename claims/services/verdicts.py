"""The one door to a claim's status, confidence and lock.

One rule (``plan_status_change``) decides every change: a locked status is
an editor's verdict that machine actors (tasks) may not move, though they
still move the confidence; editors must give a reason; a real change of
status, confidence or lock writes exactly one history row, no change writes
none. Two forms apply it: ``claim_set_status`` for one claim (locks its
row), ``claims_set_scores`` for many (re-checks and first scores, on rows the
caller has locked or just created; ``plan_scores`` and ``write_scores`` are
its two halves). Nothing else assigns ``claim.status``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction

from claims.actors import Actor
from claims.db import bulk_update_rows
from claims.models import Claim, ClaimCheck, ClaimStatus, EventKind
from claims.scoring import Score
from claims.services.errors import InvalidChange

CONFIDENCE_DIGITS = 4
STATUS_VALUES = frozenset(ClaimStatus.values)
STATE_FIELDS = ("status", "confidence", "confidence_basis", "status_locked")
HISTORY_BATCH = 500


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


@dataclass(frozen=True)
class StatusChange:
    """What the rule decided for one claim: the columns to write (only those
    whose value differs) and the unsaved history row, or None when status,
    confidence and lock all stay as they are."""

    values: dict = field(default_factory=dict)
    check: ClaimCheck | None = None

    @property
    def fields(self) -> set[str]:
        return set(self.values)

    def apply(self, claim: Claim) -> None:
        for name, value in self.values.items():
            setattr(claim, name, value)


def plan_status_change(
    claim: Claim,
    *,
    actor: Actor,
    reason: str = "",
    status: str | None = None,
    confidence: float | None = None,
    basis: list | None = None,
    lock: bool | None = None,
    event: str = EventKind.STATUS,
) -> StatusChange:
    """The one rule for status, confidence and lock changes. Reads ``claim``,
    changes nothing: the caller applies and saves the result."""
    _validate(actor=actor, reason=reason, status=status, lock=lock)
    if confidence is not None:
        confidence = normalize_confidence(confidence)
    old_status, old_confidence, old_locked = claim.status, claim.confidence, claim.status_locked
    new_locked = old_locked if lock is None else lock
    new_status = old_status if status is None else status
    if actor.is_machine and old_locked and new_status != old_status:
        new_status = old_status
    new_confidence = old_confidence if confidence is None else confidence

    values = {}
    for name, old, new in (
        ("status", old_status, new_status),
        ("confidence", old_confidence, new_confidence),
        ("status_locked", old_locked, new_locked),
    ):
        if old != new:
            values[name] = new
    if basis is not None and basis != claim.confidence_basis:
        values["confidence_basis"] = basis
    moved = bool(values.keys() - {"confidence_basis"})
    if not moved and event != EventKind.CREATED:
        return StatusChange(values, None)
    check = ClaimCheck(
        claim=claim,
        event=event,
        actor_kind=actor.kind,
        actor_user_id=actor.user_id,
        actor=actor.label[:200],
        old_status=old_status,
        new_status=new_status,
        old_confidence=old_confidence,
        new_confidence=new_confidence,
        old_locked=old_locked,
        new_locked=new_locked,
        basis=values.get("confidence_basis", claim.confidence_basis),
        reason=_reason(reason, actor, old_status, new_status, old_locked, new_locked, event=event),
    )
    return StatusChange(values, check)


def _reason(
    reason: str,
    actor: Actor,
    old_status: str,
    new_status: str,
    old_locked: bool,
    new_locked: bool,
    *,
    event: str,
) -> str:
    """The history row's reason: an editor's own words as given; for a
    machine, why it ran (``reason``, such as "after evidence from X added by
    Y") followed by what changed."""
    if event == EventKind.CREATED:
        what = f"first score: {new_status}"
    elif old_locked != new_locked:
        state = "locked" if new_locked else "unlocked"
        if old_status != new_status:
            what = f"{state}, status {old_status} → {new_status}"
        else:
            what = f"{state}, status stays {new_status}"
    elif old_status != new_status:
        what = f"status {old_status} → {new_status}"
    else:
        what = "confidence recomputed"
    reason = reason.strip()
    if not reason:
        return what
    return f"{reason}: {what}" if actor.is_machine else reason


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
    """Change one claim's status, confidence and/or lock, and record it.

    Locks the claim's row for the rest of the transaction; writes one history
    row when status, confidence or lock really change, none otherwise.
    Returns the history row, or None when nothing changed.
    """
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        change = plan_status_change(
            claim,
            actor=actor,
            reason=reason,
            status=status,
            confidence=confidence,
            basis=basis,
            lock=lock,
        )
        if change.values:
            change.apply(claim)
            claim.save(update_fields=sorted(change.fields | {"updated_at"}))
        if change.check is not None:
            change.check.save()
        return change.check


def plan_scores(
    claims: Sequence[Claim],
    scores: Iterable[Score],
    *,
    actor: Actor,
    reason: str = "",
    event: str = EventKind.STATUS,
) -> list[StatusChange]:
    """The rule applied to many claims: each takes its score's status,
    confidence and basis (set on the instance). Nothing is written until
    ``write_scores``; in between the caller may set other columns (a
    re-check schedules the next check by whether the claim changed)."""
    changes = []
    for claim, score in zip(claims, scores, strict=True):
        change = plan_status_change(
            claim,
            actor=actor,
            reason=reason,
            status=score.status,
            confidence=score.confidence,
            basis=score.basis,
            event=event,
        )
        change.apply(claim)
        changes.append(change)
    return changes


def write_scores(
    claims: Sequence[Claim], changes: Sequence[StatusChange], *, also_write: Sequence[str] = ()
) -> list[ClaimCheck]:
    """Write what ``plan_scores`` decided, on rows the caller holds (locked,
    or created in this transaction): claims whose state moved with
    ``also_write``, the others only their ``also_write`` columns (nothing
    when empty), and the history rows. Batched, so no statement grows with
    the number of claims. Returns the history rows written."""
    moved = [c for c, change in zip(claims, changes, strict=True) if change.values]
    steady = [c for c, change in zip(claims, changes, strict=True) if not change.values]
    bulk_update_rows(Claim, moved, [*STATE_FIELDS, *also_write])
    if also_write:
        bulk_update_rows(Claim, steady, list(also_write))
    history = [change.check for change in changes if change.check is not None]
    ClaimCheck.objects.bulk_create(history, batch_size=HISTORY_BATCH)
    return history


def claims_set_scores(
    claims: Sequence[Claim],
    scores: Iterable[Score],
    *,
    actor: Actor,
    reason: str = "",
    event: str = EventKind.STATUS,
) -> list[ClaimCheck]:
    """The bulk form of the one door: ``plan_scores`` then ``write_scores``.
    One history row per real change; with ``event`` CREATED (first scores
    of new claims), one row per claim whatever the score."""
    changes = plan_scores(claims, scores, actor=actor, reason=reason, event=event)
    return write_scores(claims, changes)
