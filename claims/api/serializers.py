from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from api.fields import CheckedDateTimeField
from claims.api.fields import (
    ATTRIBUTION_FIELDS,
    CLAIM_FIELDS,
    CLAIM_KEYS,
    ETAG_PATHS,
    TIMESTAMP_KEYS,
)
from claims.models import (
    ARTICLE_EVENT,
    WEBHOOK_EVENTS,
    Claim,
    ClaimCheck,
    ClaimKind,
    ClaimLink,
    ClaimStatus,
    EventKind,
    Evidence,
    Job,
    Polarity,
    Stance,
    Webhook,
)
from claims.selectors import claim_links_summary
from sources.api.serializers import ArticleSummarySerializer
from sources.models import WEB_URL, Article, Source


class AttributionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ("id", "name", "kind")
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer):
    """A claim. Editors may PATCH its wording and reading; a verdict
    (``status``, ``status_locked``) needs the verdict permission and a
    ``reason``. Confidence is computed, never written."""

    attribution = AttributionSerializer(read_only=True, allow_null=True)
    attribution_id = serializers.PrimaryKeyRelatedField(
        source="attribution",
        queryset=Source.objects.all(),
        allow_null=True,
        required=False,
        write_only=True,
        help_text="Source the claim is attributed to (null: the article's own voice).",
    )
    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Why the verdict changes: required with status or status_locked.",
    )
    status = serializers.ChoiceField(choices=ClaimStatus.choices, required=False)
    status_locked = serializers.BooleanField(required=False)
    valid_until = CheckedDateTimeField(required=False, allow_null=True)
    polarity = serializers.ChoiceField(choices=Polarity.choices, required=False)
    kind = serializers.ChoiceField(choices=ClaimKind.choices, required=False)
    hedges = serializers.ListField(
        child=serializers.CharField(max_length=50), max_length=20, required=False
    )
    entities = serializers.ListField(child=serializers.DictField(), max_length=200, required=False)

    class Meta:
        model = Claim
        fields = (*CLAIM_KEYS, "attribution_id", "reason")
        read_only_fields = (
            "quote",
            "start",
            "end",
            "conditional",
            "time_cues",
            "confidence",
            "confidence_basis",
            "review_state",
            "article",
            "next_check_at",
            "last_checked_at",
            "check_count",
            "superseded_at",
            "created_at",
        )
        extra_kwargs = {"text": {"max_length": 1000, "allow_blank": False}}

    def to_representation(self, claim: Claim) -> dict:
        """The same dict DRF's fields would build (a test compares them),
        built directly by ``represent_claim``: lists of claims are the API's
        hot path, and the generic field-by-field walk cost more than the
        query."""
        return represent_claim(_InstanceRow(claim), timezone.get_current_timezone())


class _InstanceRow:
    """A claim instance seen as a row of CLAIM_LIST_VALUES."""

    def __init__(self, claim: Claim):
        self.claim = claim

    def __getitem__(self, key: str):
        if key.startswith("attribution__"):
            attribution = self.claim.attribution
            return getattr(attribution, key.removeprefix("attribution__"))
        return getattr(self.claim, "pk" if key == "id" else key)


def represent_claim(row, tz) -> dict:
    """A claim for the API from a row of CLAIM_LIST_VALUES (a ``values()``
    dict, or an instance through _InstanceRow)."""
    claim = {}
    for field in CLAIM_FIELDS:
        key, value = field.key, row[field.path]
        if key in TIMESTAMP_KEYS:
            value = iso(value, tz)
        elif key == "attribution" and value is not None:
            name, kind = (row[path] for path in ATTRIBUTION_FIELDS)
            value = {"id": value, "name": name, "kind": kind}
        claim[key] = value
    return claim


def iso(value, tz=None) -> str | None:
    """A datetime as DRF renders it: ISO 8601 in the current time zone
    (``tz``, looked up when not given), UTC as Z. A moment at the edge of
    the calendar (9999-12-31 as "for ever") whose local time would leave
    years 1-9999 is written in UTC instead of failing the whole response."""
    if value is None:
        return None
    tz = tz or timezone.get_current_timezone()
    if value.tzinfo is not tz:
        try:
            value = value.astimezone(tz)
        except OverflowError:
            value = value.astimezone(UTC)
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


VERDICT_FIELDS = frozenset({"status", "status_locked"})


def claim_etag(claim: Claim) -> str:
    """The part of a claim's entity tag over what a client reads and may
    change (the table's ``etag`` fields): wording, reading, attribution and
    verdict. Re-checks that move only the schedule or the confidence do not
    change it, so they never fail an editor's If-Match."""
    parts = [
        value.isoformat() if isinstance(value, datetime) else value
        for value in (getattr(claim, path) for path in ETAG_PATHS)
    ]
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    return digest[:32]


def claim_representation_tag(claim: Claim, body) -> str:
    """A claim's ETag: its edit part (``claim_etag``) and a digest of the
    representation sent, ``"<edit>.<body>"``. If-None-Match compares the
    whole tag (a re-check that moved the confidence is a new body: 200);
    If-Match compares the edit part (a PATCH fails only when what it could
    overwrite changed)."""
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    return f'"{claim_etag(claim)}.{digest[:16]}"'


class ClaimCheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClaimCheck
        fields = (
            "id",
            "at",
            "event",
            "actor",
            "actor_kind",
            "old_status",
            "new_status",
            "old_confidence",
            "new_confidence",
            "old_locked",
            "new_locked",
            "reason",
            "changes",
            "basis",
        )
        read_only_fields = fields


class ChangeSerializer(ClaimCheckSerializer):
    """One event of the change feed: a history row and its claim."""

    class Meta(ClaimCheckSerializer.Meta):
        fields = (
            *ClaimCheckSerializer.Meta.fields[:1],
            "claim",
            *ClaimCheckSerializer.Meta.fields[1:],
        )
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    """Evidence linking a claim to a source. Adding, changing or removing it
    re-checks the claim."""

    weight = serializers.FloatField(min_value=0.0, max_value=1.0, required=False, default=1.0)
    stance = serializers.ChoiceField(
        choices=Stance.choices, required=False, default=Stance.SUPPORTS
    )

    class Meta:
        model = Evidence
        fields = (
            "id",
            "claim",
            "source",
            "stance",
            "url",
            "quote",
            "weight",
            "state",
            "added_by",
            "retrieved_at",
            "http_status",
            "fetch_error",
            "created_at",
        )
        read_only_fields = (
            "state",
            "added_by",
            "retrieved_at",
            "http_status",
            "fetch_error",
            "created_at",
        )

    def validate_claim(self, claim: Claim) -> Claim:
        if self.instance is not None and claim.pk != self.instance.claim_id:
            raise serializers.ValidationError("Evidence cannot move to another claim.")
        return claim


class ArticleCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500, allow_blank=True)
    text = serializers.CharField(
        trim_whitespace=False, help_text="The article as plain text or HTML (at most 5 MB)."
    )
    url = serializers.URLField(
        max_length=2000,
        required=False,
        allow_null=True,
        allow_blank=True,
        validators=[WEB_URL],
        help_text="The article's address (http or https).",
    )
    publisher = serializers.CharField(
        max_length=200,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Publisher name (default: from the URL's domain).",
    )
    published_at = CheckedDateTimeField(required=False, allow_null=True)
    byline = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ArticleClaimSerializer(serializers.ModelSerializer):
    attribution = AttributionSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Claim
        fields = tuple(f.key for f in CLAIM_FIELDS if f.in_article)
        read_only_fields = fields


class ArticleSerializer(ArticleSummarySerializer):
    claim_count = serializers.IntegerField(read_only=True)

    class Meta(ArticleSummarySerializer.Meta):
        model = Article
        fields = (*ArticleSummarySerializer.Meta.fields, "claim_count")
        read_only_fields = fields


class ArticleVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ("id", "version", "content_hash", "created_at", "superseded_at")
        read_only_fields = fields


class ArticleDetailSerializer(ArticleSummarySerializer):
    claims = ArticleClaimSerializer(many=True, read_only=True)
    versions = serializers.SerializerMethodField(
        help_text="Every stored version of the same URL, oldest first (this one included)."
    )

    class Meta(ArticleSummarySerializer.Meta):
        model = Article
        fields = (
            *ArticleSummarySerializer.Meta.fields,
            "version",
            "superseded_at",
            "versions",
            "raw_text",
            "content_hash",
            "claims",
        )
        read_only_fields = fields

    @extend_schema_field(ArticleVersionSerializer(many=True))
    def get_versions(self, article: Article) -> list[dict]:
        if not article.url:
            return ArticleVersionSerializer([article], many=True).data
        versions = Article.objects.filter(url=article.url).order_by("version")
        return ArticleVersionSerializer(versions, many=True).data


class ArticleIngestSerializer(ArticleDetailSerializer):
    """The answer to POST articles/: the article, and what happened."""

    outcome = serializers.ChoiceField(
        choices=["created", "new_version", "duplicate"], read_only=True
    )

    class Meta(ArticleDetailSerializer.Meta):
        fields = ("outcome", *ArticleDetailSerializer.Meta.fields)
        read_only_fields = fields


class JobSerializer(serializers.ModelSerializer):
    """Queued work and what became of it."""

    article = serializers.SerializerMethodField(
        help_text="The article's URL in this API once the job is done."
    )

    class Meta:
        model = Job
        fields = (
            "id",
            "kind",
            "state",
            "progress",
            "result",
            "article",
            "error",
            "error_status",
            "created_at",
            "started_at",
            "finished_at",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_article(self, job: Job) -> str | None:
        article = (job.result or {}).get("article")
        if article is None:
            return None
        return self.context["request"].build_absolute_uri(f"/api/v1/articles/{article}/")


class SimilarClaimSerializer(serializers.Serializer):
    """A claim like the one asked about, with the matcher's verdict."""

    claim = ClaimSerializer(read_only=True)
    score = serializers.FloatField(help_text="How likely it states the same fact, 0-1.")
    relation = serializers.ChoiceField(choices=["same", "contradicts", "different"])
    basis = serializers.ListField(child=serializers.DictField(), help_text="Why.")
    link = serializers.SerializerMethodField(
        help_text="The link between the two claims, if one was recorded."
    )

    @extend_schema_field(
        inline_serializer(
            "SimilarLink",
            {
                "id": serializers.IntegerField(),
                "state": serializers.ChoiceField(choices=["suggested", "confirmed", "rejected"]),
            },
            allow_null=True,
        )
    )
    def get_link(self, similar) -> dict | None:
        link = similar.link
        return None if link is None else {"id": link.pk, "state": link.state}


class ClaimSearchSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=2000, help_text="A sentence: claims stating the same fact come first."
    )
    limit = serializers.IntegerField(min_value=1, max_value=50, default=20)


class LinkSideSerializer(serializers.Serializer):
    """One claim of a link, as a reviewer reads it: its words and report."""

    id = serializers.IntegerField()
    text = serializers.CharField()
    article = serializers.IntegerField(source="article_id")
    url = serializers.URLField(source="article.url", allow_null=True)
    publisher = serializers.CharField(source="article.publisher.name", allow_null=True)
    status = serializers.CharField()


class ClaimLinkSerializer(serializers.ModelSerializer):
    claims = serializers.SerializerMethodField(
        help_text="Both claims (claim_a, then claim_b) with their words and reports: a "
        "link reads whole without a request per claim."
    )

    class Meta:
        model = ClaimLink
        fields = (
            "id",
            "claim_a",
            "claim_b",
            "claims",
            "relation",
            "score",
            "basis",
            "state",
            "independent",
            "decided_by_label",
            "decided_at",
            "created_at",
        )
        read_only_fields = fields

    @extend_schema_field(LinkSideSerializer(many=True))
    def get_claims(self, obj: ClaimLink) -> list[dict]:
        return LinkSideSerializer([obj.claim_a, obj.claim_b], many=True).data


class LinkDecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class LinkedClaimSerializer(serializers.Serializer):
    claim = serializers.IntegerField()
    link = serializers.IntegerField()
    article = serializers.IntegerField()
    url = serializers.URLField(allow_null=True)
    publisher = serializers.CharField(allow_null=True)
    independent = serializers.BooleanField(
        help_text="False: one publisher or a copy of one story; no evidence."
    )


class LinkCountsSerializer(serializers.Serializer):
    confirmed = serializers.IntegerField()
    suggested = serializers.IntegerField()


class LinksSummarySerializer(serializers.Serializer):
    same = LinkCountsSerializer()
    contradicts = LinkCountsSerializer()
    corroborated_by = LinkedClaimSerializer(many=True)
    disputed_by = LinkedClaimSerializer(many=True)


class ClaimDetailSerializer(ClaimSerializer):
    """A claim, and what other reports say of it (``links``: counts of its
    confirmed and suggested links, the claims that corroborate it and those
    that dispute it). The list leaves ``links`` out: it is one query more
    per claim; ``claims/{id}/similar/`` has the candidates."""

    links = LinksSummarySerializer(read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = (*ClaimSerializer.Meta.fields, "links")

    def to_representation(self, claim: Claim) -> dict:
        return {**super().to_representation(claim), "links": claim_links_summary(claim.pk)}


class WebhookSerializer(serializers.ModelSerializer):
    """A subscription to claim events (README, "Webhooks"). ``secret`` is
    given once, in the answer to its creation."""

    events = serializers.ListField(
        child=serializers.ChoiceField(
            choices=[*EventKind.choices, (ARTICLE_EVENT, "Article ingested or new version")]
        ),
        required=False,
        max_length=len(WEBHOOK_EVENTS),
        help_text=(
            "Event kinds to send: a claim's history events (`created`, `status`, `edit`, "
            "`evidence`, `link`, `review`, `note`, `published`, `superseded`) and `article` "
            "(an article ingested or a new version of one); empty or absent: all."
        ),
    )
    publishers = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        max_length=100,
        help_text="Only events of these publishers' articles (source ids); empty or absent: all.",
    )
    url = serializers.URLField(max_length=2000, validators=[WEB_URL])

    class Meta:
        model = Webhook
        fields = (
            "id",
            "url",
            "events",
            "publishers",
            "description",
            "active",
            "failures",
            "disabled_reason",
            "created_at",
        )
        read_only_fields = ("failures", "disabled_reason", "created_at")


class WebhookCreatedSerializer(WebhookSerializer):
    secret = serializers.CharField(
        read_only=True, help_text="Verifies the deliveries' signatures. Shown this once."
    )

    class Meta(WebhookSerializer.Meta):
        fields = (*WebhookSerializer.Meta.fields, "secret")
