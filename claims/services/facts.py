"""What the pure scoring (``claims.scoring``) needs, read from the models."""

from __future__ import annotations

from claims.models import Claim, Evidence, EvidenceOrigin
from claims.scoring import ClaimFacts, EvidenceFacts, certainty_category
from sources.models import SourceKind


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
