"""History rows for events that do not move status, confidence or lock:
edits, evidence, a new article version dropping a claim. Status changes
write theirs through ``claims.services.verdicts``."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Model

from claims.actors import Actor
from claims.models import Claim, ClaimCheck


def jsonable(value):
    """A field value as history stores it: related objects by id, dates as
    ISO 8601."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def event_row(claim: Claim, *, event: str, actor: Actor, reason: str, changes: dict) -> ClaimCheck:
    """An unsaved history row for ``claim`` (its status and confidence as
    they stand, before and after)."""
    return ClaimCheck(
        claim=claim,
        event=event,
        actor_kind=actor.kind,
        actor_user_id=actor.user_id,
        actor=actor.label[:200],
        old_status=claim.status,
        new_status=claim.status,
        old_confidence=claim.confidence,
        new_confidence=claim.confidence,
        old_locked=claim.status_locked,
        new_locked=claim.status_locked,
        basis=claim.confidence_basis,
        changes=changes,
        reason=reason,
    )


def record_event(
    claim: Claim, *, event: str, actor: Actor, reason: str, changes: dict | None = None
) -> ClaimCheck:
    """Append one history row for ``claim``."""
    row = event_row(claim, event=event, actor=actor, reason=reason, changes=changes or {})
    row.save()
    return row
