"""The desk's work on a claim, apart from its verdict: where it stands in
review (new, in review, reviewed), who is reviewing it, and the editors'
notes. Each change writes a history row saying who and what."""

from __future__ import annotations

from django.db import transaction

from claims.actors import Actor
from claims.models import Claim, ClaimNote, EventKind, ReviewState
from claims.services.errors import InvalidChange, InvalidInput
from claims.services.history import record_event

UNCHANGED = object()
MAX_NOTE_CHARS = 5000


def claim_review_update(
    claim_id: int, *, actor: Actor, state: str | None = None, assignee=UNCHANGED
) -> bool:
    """Move a claim to review ``state`` and/or give it to ``assignee`` (a
    user, or None for nobody). Returns whether anything changed."""
    if state is not None and state not in ReviewState.values:
        raise InvalidChange(f"unknown review state {state!r}")
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update(of=("self",))
            .select_related("assignee")
            .get(pk=claim_id)
        )
        changes = {}
        if state is not None and state != claim.review_state:
            changes["review_state"] = {"old": claim.review_state, "new": state}
            claim.review_state = state
        if assignee is not UNCHANGED and getattr(assignee, "pk", None) != claim.assignee_id:
            changes["assignee"] = {
                "old": claim.assignee.get_username() if claim.assignee else None,
                "new": assignee.get_username() if assignee else None,
            }
            claim.assignee = assignee
        if not changes:
            return False
        claim.save(update_fields=["review_state", "assignee", "updated_at"])
        what = "; ".join(
            f"{name.replace('_', ' ')} {change['old'] or 'nobody'} → {change['new'] or 'nobody'}"
            for name, change in changes.items()
        )
        record_event(claim, event=EventKind.REVIEW, actor=actor, reason=what, changes=changes)
    return True


def claim_note_add(claim_id: int, *, actor: Actor, text: str) -> ClaimNote:
    """An editor's note on a claim, and a history row pointing to it."""
    text = text.strip()
    if not text:
        raise InvalidInput("a note needs some text")
    if len(text) > MAX_NOTE_CHARS:
        raise InvalidInput(f"a note is at most {MAX_NOTE_CHARS:,} characters")
    with transaction.atomic():
        claim = Claim.objects.get(pk=claim_id)
        note = ClaimNote.objects.create(
            claim=claim, author_id=actor.user_id, author_label=actor.label[:200], text=text
        )
        summary = text if len(text) <= 120 else text[:117] + "…"
        record_event(
            claim, event=EventKind.NOTE, actor=actor, reason=summary, changes={"note": note.pk}
        )
    return note
