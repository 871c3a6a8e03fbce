"""schema.org ClaimReview for a published review, as JSON-LD
(https://schema.org/ClaimReview). Only what the desk published is served
(``claims.services.publishing``): the rating it chose, its explanation, the
page that carries it, and when it was published and last changed."""

from __future__ import annotations

from django.conf import settings
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from claims.models import Claim, ClaimLink, ClaimStatus, LinkRelation, LinkState, Publication

# rating -> (ratingValue on 1..5, alternateName); unverified and outdated
# are never published (claims.models.UNPUBLISHABLE)
RATINGS = {
    ClaimStatus.REFUTED: (1, "False"),
    ClaimStatus.RETRACTED: (2, "Retracted"),
    ClaimStatus.DISPUTED: (2, "Disputed"),
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


def review_url(publication: Publication) -> str | None:
    """Where readers find the review: its own URL, else the site's template
    (CLAIMS_REVIEW_URL_TEMPLATE with {id}), else none."""
    if publication.url:
        return publication.url
    template = settings.CLAIMS_REVIEW_URL_TEMPLATE
    return template.format(id=publication.claim_id) if template else None


def date_modified(publication: Publication):
    """When the review as served last changed: its rating, text or URL, or
    the wording of the claim it reviews."""
    edited = publication.claim.edited_at
    if edited and edited > publication.modified_at:
        return edited
    return publication.modified_at


MAX_APPEARANCES = 20


def appearances(claims: list[Claim]) -> dict[int, list]:
    """Each claim's articles, earliest first: its own and every other where
    the same claim appeared, worded the same (by fingerprint) or linked to
    it as the same claim by a confirmed link. Two queries for any number of
    claims (the feed's page of reviews)."""
    ids = {c.pk for c in claims}
    linked = ClaimLink.objects.filter(
        Q(claim_a_id__in=ids) | Q(claim_b_id__in=ids),
        relation=LinkRelation.SAME,
        state=LinkState.CONFIRMED,
    ).values_list("claim_a_id", "claim_b_id")
    same = {pk: {pk} for pk in ids}
    for a, b in linked:
        for mine, other in ((a, b), (b, a)):
            if mine in same:
                same[mine].add(other)
    fingerprints = {c.fingerprint for c in claims}
    earliest = ("article__published_at", "article__created_at", "id")
    found = list(
        Claim.objects.filter(
            Q(fingerprint__in=fingerprints) | Q(pk__in=set().union(*same.values()))
        )
        # the earliest copies of each wording only: a wire story can stand
        # in thousands of papers, and a review names MAX_APPEARANCES
        .annotate(
            copy=Window(
                RowNumber(), partition_by=[F("fingerprint")], order_by=[F(f) for f in earliest]
            )
        )
        .filter(copy__lte=MAX_APPEARANCES)
        .select_related("article__publisher")
        .order_by(*earliest)
    )
    out = {}
    for claim in claims:
        mine = [c for c in found if c.fingerprint == claim.fingerprint or c.pk in same[claim.pk]]
        articles = list(dict.fromkeys(c.article for c in mine))[:MAX_APPEARANCES]
        out[claim.pk] = articles or [claim.article]
    return out


def claim_review(publication: Publication, articles: list | None = None) -> dict:
    """The published review of a claim: the published rating, and the
    articles where the claim appeared (``appearances``; given when a page
    of reviews read them together)."""
    claim = publication.claim
    rating, name = RATINGS[publication.rating]
    if articles is None:
        articles = appearances([claim])[claim.pk]
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
    item = {
        "@type": "Claim",
        "appearance": [_creative_work(a) for a in articles],
        "firstAppearance": _creative_work(articles[0]),
    }
    if claimant:
        item["author"] = claimant
    if articles[0].published_at:
        item["datePublished"] = articles[0].published_at.date().isoformat()
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": review_url(publication),
        "claimReviewed": claim.text,
        "reviewBody": publication.body,
        "datePublished": publication.published_at.isoformat(),
        "dateModified": date_modified(publication).isoformat(),
        "inLanguage": claim.article.language or None,
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
    return {key: value for key, value in review.items() if value is not None}


# ------------------------------------------------------------------ schema
def _thing(name: str, fields: dict, **kwargs):
    return inline_serializer(name, {"@type": serializers.CharField(), **fields}, **kwargs)


_ORGANIZATION = _thing(
    "ClaimReviewOrganization",
    {"name": serializers.CharField(), "url": serializers.URLField(required=False)},
)
_WORK = _thing(
    "ClaimReviewCreativeWork",
    {
        "headline": serializers.CharField(required=False),
        "url": serializers.URLField(required=False),
        "datePublished": serializers.DateField(required=False),
        "publisher": _ORGANIZATION.__class__(required=False),
    },
)
_CLAIM_REVIEW_FIELDS = {
    "@context": serializers.CharField(),
    "url": serializers.URLField(
        required=False, help_text="The published page (or CLAIMS_REVIEW_URL_TEMPLATE)."
    ),
    "claimReviewed": serializers.CharField(),
    "reviewBody": serializers.CharField(),
    "datePublished": serializers.DateTimeField(),
    "dateModified": serializers.DateTimeField(),
    "inLanguage": serializers.CharField(required=False),
    "author": _ORGANIZATION,
    "reviewRating": _thing(
        "ClaimReviewRating",
        {
            "ratingValue": serializers.IntegerField(min_value=1, max_value=5),
            "bestRating": serializers.IntegerField(),
            "worstRating": serializers.IntegerField(),
            "alternateName": serializers.ChoiceField(choices=[n for _, n in RATINGS.values()]),
        },
    ),
    "itemReviewed": _thing(
        "ClaimReviewClaim",
        {
            "appearance": _WORK.__class__(many=True),
            "firstAppearance": _WORK.__class__(),
            "author": _thing(
                "ClaimReviewClaimant",
                {"name": serializers.CharField()},
                required=False,
                help_text="Who made the claim (as attributed), else the publisher.",
            ),
            "datePublished": serializers.DateField(required=False),
        },
    ),
}
CLAIM_REVIEW = _thing("ClaimReview", _CLAIM_REVIEW_FIELDS)
CLAIM_REVIEW_ITEM = inline_serializer(
    "PublishedClaimReview",
    {"claim": serializers.IntegerField(), "claimreview": CLAIM_REVIEW.__class__()},
    many=True,
)
