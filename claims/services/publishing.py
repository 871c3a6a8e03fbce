"""Publishing a claim's review: the desk's public word on it.

A review is published with a rating, a short explanation and optionally the
URL of the page that carries it. The rating is the claim's verdict: if the
claim's status is not already that rating and locked, publishing sets and
locks it (the history says so), so the API's status and the published
rating agree until an editor changes one of them. "Unverified" and
"outdated" are not ratings and are refused. Publishing again changes the
review (``modified_at``; ``published_at`` stays the first publication);
withdrawing keeps the row and stops serving it. Each step is a history row
(event ``published``), so it reaches the change feed and webhooks.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.actors import Actor
from claims.models import (
    UNPUBLISHABLE,
    Claim,
    ClaimStatus,
    EventKind,
    Publication,
    ReviewState,
)
from claims.services.errors import InvalidChange, InvalidInput
from claims.services.history import record_event
from claims.services.verdicts import claim_set_status
from sources.models import WEB_URL

MAX_BODY_CHARS = 5000


def _checked(rating: str, body: str, url: str) -> tuple[str, str]:
    if rating not in ClaimStatus.values:
        raise InvalidInput(f"unknown rating {rating!r}")
    if rating in UNPUBLISHABLE:
        raise InvalidChange(
            f"a claim rated {rating!r} cannot be published: "
            "choose the verdict the review stands behind"
        )
    body = body.strip()
    if not body:
        raise InvalidInput("a published review needs an explanation for readers")
    if len(body) > MAX_BODY_CHARS:
        raise InvalidInput(f"the explanation is at most {MAX_BODY_CHARS:,} characters")
    url = url.strip()
    if url:
        try:
            WEB_URL(url)
        except ValidationError:
            raise InvalidInput("the review's URL must be an http(s) address") from None
    return body, url


def claim_publish(
    claim_id: int, *, actor: Actor, rating: str, body: str, url: str = ""
) -> Publication:
    """Publish (or publish again) the review of a claim. See the module."""
    body, url = _checked(rating, body, url)
    with transaction.atomic():
        claim = Claim.objects.select_for_update(of=("self",)).get(pk=claim_id)
        if claim.superseded_at is not None:
            raise InvalidChange("this claim was dropped by a newer version of its article")
        if claim.status != rating or not claim.status_locked:
            claim_set_status(
                claim_id=claim.pk,
                actor=actor,
                status=rating,
                lock=True,
                reason=f"review published as {ClaimStatus(rating).label.lower()}",
            )
            claim.refresh_from_db()
        now = timezone.now()
        publication = Publication.objects.filter(claim=claim).first()
        if publication is None:
            publication = Publication(claim=claim, published_at=now, modified_at=now)
            changes = {"rating": {"old": None, "new": rating}}
            what = f"review published: {ClaimStatus(rating).label.lower()}"
        else:
            changes = {
                name: {"old": getattr(publication, name), "new": value}
                for name, value in (("rating", rating), ("body", body), ("url", url))
                if getattr(publication, name) != value
            }
            if publication.withdrawn_at is not None:
                changes["withdrawn"] = {"old": True, "new": False}
            if not changes:
                return publication
            what = "review republished" if "withdrawn" in changes else "published review changed"
            publication.modified_at = now
        publication.rating, publication.body, publication.url = rating, body, url
        publication.withdrawn_at = None
        publication.published_by_id = actor.user_id
        publication.published_by_label = actor.label[:200]
        publication.save()
        if claim.review_state != ReviewState.PUBLISHED:
            Claim.objects.filter(pk=claim.pk).update(
                review_state=ReviewState.PUBLISHED, updated_at=now
            )
        record_event(claim, event=EventKind.PUBLISHED, actor=actor, reason=what, changes=changes)
    return publication


def claim_withdraw(claim_id: int, *, actor: Actor, reason: str) -> bool:
    """Stop serving a claim's published review (it stays on record).
    Returns whether there was a published review to withdraw."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("say why the review is withdrawn")
    with transaction.atomic():
        claim = Claim.objects.select_for_update(of=("self",)).get(pk=claim_id)
        publication = Publication.objects.filter(claim=claim, withdrawn_at__isnull=True).first()
        if publication is None:
            return False
        now = timezone.now()
        publication.withdrawn_at = now
        publication.modified_at = now
        publication.save(update_fields=["withdrawn_at", "modified_at"])
        Claim.objects.filter(pk=claim.pk).update(review_state=ReviewState.REVIEWED, updated_at=now)
        record_event(
            claim,
            event=EventKind.PUBLISHED,
            actor=actor,
            reason=f"review withdrawn: {reason}"[:2000],
            changes={"withdrawn": {"old": False, "new": True}},
        )
    return True
