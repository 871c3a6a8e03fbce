"""An editor's claims: new ones, and changes to a claim's wording and reading.

Every change is recorded in the claim's history with each field's old and
new value, and makes the claim due for a re-check in the same transaction
(its prior may move); the re-check is also queued once the transaction
commits, so a broker outage delays it no further than the next sweep.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.actors import Actor
from claims.extraction.normalize import claim_fingerprint
from claims.models import Claim, EventKind
from claims.services.evidence import claim_mark_due
from claims.services.history import jsonable, record_event
from claims.services.queue import MATCH_CLAIMS, enqueue_on_commit

# Fields an editor may change on an existing claim. Status, confidence and the
# lock are not among them: they go through claims.services.verdicts.
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


def claim_save_edit(
    claim: Claim, *, changed_fields: Iterable[str], actor: Actor, reason: str = ""
) -> Claim:
    """Save an editor's new claim, or the edit of an existing one.

    ``claim`` carries the new values; only editable fields among
    ``changed_fields`` are written (``update_fields``), so an edit never
    overwrites a status a re-check set meanwhile. Returns the claim.
    """
    now = timezone.now()
    with transaction.atomic():
        if claim.pk is None:
            return _create(claim, actor=actor, now=now)
        fields = set(changed_fields) & EDITABLE_CLAIM_FIELDS
        stored = Claim.objects.select_for_update().get(pk=claim.pk)
        changes = {}
        for name in sorted(fields):
            attname = Claim._meta.get_field(name).attname
            old, new = getattr(stored, attname), getattr(claim, attname)
            if old != new:
                changes[name] = [jsonable(old), jsonable(new)]
        if not changes:
            return claim
        written = set(changes)
        if "text" in changes:
            claim.fingerprint = claim_fingerprint(claim.text)
            written.add("fingerprint")
        claim.edited_at = now
        claim.save(update_fields=sorted(written | {"edited_at", "updated_at"}))
        record_event(
            stored,
            event=EventKind.EDIT,
            actor=actor,
            reason=reason.strip() or f"edited {', '.join(changes)}",
            changes=changes,
        )
        claim_mark_due(claim.pk, actor=actor, reason=f"after an edit by {actor.label}")
        if "text" in changes and settings.CLAIMS_MATCH_ENABLED:
            # new wording: look for it in other reports again, its links too
            enqueue_on_commit(MATCH_CLAIMS, [claim.pk], again=True)
    return claim


def _create(claim: Claim, *, actor: Actor, now) -> Claim:
    claim.full_clean()
    if not claim.position:
        last = claim.article.claims.order_by("-position").values_list("position", flat=True)
        claim.position = (last.first() or 0) + 1
    claim.fingerprint = claim_fingerprint(claim.text)
    claim.edited_at = now
    claim.next_check_at = now
    claim.save()
    record_event(claim, event=EventKind.CREATED, actor=actor, reason="added by an editor")
    claim_mark_due(claim.pk, actor=actor, reason=f"after {actor.label} added it")
    return claim
