"""schema.org ClaimReview for a claim, as JSON-LD (https://schema.org/ClaimReview)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q

from claims.models import Claim, ClaimLink, ClaimStatus, LinkRelation, LinkState

# status -> (ratingValue on 1..5, alternateName)
RATINGS = {
    ClaimStatus.REFUTED: (1, "False"),
    ClaimStatus.RETRACTED: (2, "Retracted"),
    ClaimStatus.DISPUTED: (2, "Disputed"),
    ClaimStatus.UNVERIFIED: (3, "Unverified"),
    ClaimStatus.OUTDATED: (3, "Outdated"),
    ClaimStatus.CORROBORATED: (4, "Corroborated"),
    ClaimStatus.CONFIRMED: (5, "True"),
}


def _creative_work(article) -> dict:
    work = {"@type": "CreativeWork", "headline": article.title or None}
    if article.url:
        work["url"] = article.url
    if article.published_at:
        work["datePublished"] = article.published_at.date().isoformat()
    if article.publisher_id:
        work["publisher"] = {"@type": "Organization", "name": article.publisher.name}
    return {k: v for k, v in work.items() if v is not None}


def claim_review(claim: Claim, request) -> dict:
    """The review of ``claim``: its status as the rating, its article and
    every other article where the same claim appeared: worded the same (by
    fingerprint), or linked to it as the same claim by a confirmed link."""
    rating, name = RATINGS[claim.status]
    linked = ClaimLink.objects.filter(
        Q(claim_a=claim) | Q(claim_b=claim),
        relation=LinkRelation.SAME,
        state=LinkState.CONFIRMED,
    ).values_list("claim_a_id", "claim_b_id")
    same_ids = {claim.pk, *(pk for pair in linked for pk in pair)}
    appearances = (
        Claim.objects.filter(Q(fingerprint=claim.fingerprint) | Q(pk__in=same_ids))
        .select_related("article__publisher")
        .order_by("article__published_at", "article__created_at", "id")[:20]
    )
    articles = list(dict.fromkeys(c.article for c in appearances)) or [claim.article]
    author = {"@type": "Organization", "name": settings.CLAIMS_ORGANIZATION_NAME}
    if settings.CLAIMS_ORGANIZATION_URL:
        author["url"] = settings.CLAIMS_ORGANIZATION_URL
    if claim.attribution_id:
        claimant = {
            "@type": "Person" if claim.attribution.kind == "person" else "Organization",
            "name": claim.attribution.name,
        }
    elif claim.article.publisher_id:
        claimant = {"@type": "Organization", "name": claim.article.publisher.name}
    else:
        claimant = None
    reviewed = claim.last_checked_at or claim.updated_at
    item = {
        "@type": "Claim",
        "appearance": [_creative_work(a) for a in articles],
        "firstAppearance": _creative_work(articles[0]),
    }
    if claimant:
        item["author"] = claimant
    if articles[0].published_at:
        item["datePublished"] = articles[0].published_at.date().isoformat()
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": request.build_absolute_uri(f"/api/v1/claims/{claim.pk}/claimreview/"),
        "claimReviewed": claim.text,
        "datePublished": reviewed.date().isoformat(),
        "author": author,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": name,
        },
        "itemReviewed": item,
    }
