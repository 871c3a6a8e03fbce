"""REST API v1 views: thin adapters over the services and selectors."""

from __future__ import annotations

import csv
import io
import json

import django_filters
from django.db import connection, transaction
from django.db.models import Count, Q
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import (
    exceptions,
    generics,
    mixins,
    permissions,
    serializers,
    status,
    viewsets,
)
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from api.conditional import conditional_response, none_match
from api.errors import PreconditionFailed, PreconditionRequired
from api.pagination import KeysetPagination, pack_token, unpack_token
from api.permissions import ReadPermission
from claims.actors import Actor
from claims.api.claimreview import CLAIM_REVIEW, CLAIM_REVIEW_ITEM, appearances, claim_review
from claims.api.fields import CLAIM_LIST_VALUES, EXPORT_COLUMNS, EXPORT_HEADERS
from claims.api.filters import ArticleFilter, ClaimFilter, EvidenceFilter, IdFilter, LeanFilterSet
from claims.api.rows import ClaimJSON, rows_in_database
from claims.api.serializers import (
    VERDICT_FIELDS,
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleIngestSerializer,
    ArticleSerializer,
    ChangeSerializer,
    ClaimCheckSerializer,
    ClaimDetailSerializer,
    ClaimLinkSerializer,
    ClaimSearchSerializer,
    ClaimSerializer,
    EvidenceSerializer,
    JobSerializer,
    LinkDecisionSerializer,
    SimilarClaimSerializer,
    WebhookCreatedSerializer,
    WebhookSerializer,
    claim_etag,
    claim_representation_tag,
    represent_claim,
)
from claims.models import (
    PUBLISHABLE_CHOICES,
    Claim,
    ClaimCheck,
    ClaimLink,
    Evidence,
    EvidenceOrigin,
    Job,
    LinkState,
    Publication,
    Webhook,
)
from claims.selectors import history_after
from claims.services.edits import EDITABLE_CLAIM_FIELDS, claim_save_edit
from claims.services.evidence import evidence_delete, evidence_save
from claims.services.ingest import article_ingest
from claims.services.jobs import ingest_in_background, job_ingest_queue, job_recheck_queue
from claims.services.links import claim_similar, claims_like, link_decide
from claims.services.publishing import claim_publish, claim_withdraw
from claims.services.queue import runs_in_process
from claims.services.recheck import claims_recheck_now
from claims.services.verdicts import claim_set_status
from claims.services.webhooks import webhook_create
from sources.models import Article


def request_actor(request) -> Actor:
    """The user behind a request: an API token or a session."""
    if request.auth is not None:
        return Actor.for_token(request.user)
    return Actor.for_user(request.user)


# ------------------------------------------------------------------ articles
class ArticlePagination(KeysetPagination):
    ordering_fields = ("created_at", "published_at")
    nullable_fields = frozenset({"published_at"})


@extend_schema_view(
    list=extend_schema(summary="List articles"),
    retrieve=extend_schema(summary="An article with its claims"),
)
class ArticleViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Articles. POST one to store it and extract its claims."""

    queryset = Article.objects.select_related("publisher")
    lookup_value_regex = "[0-9]{1,18}"  # fits a bigint
    pagination_class = ArticlePagination
    filterset_class = ArticleFilter

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            # one row per document: its current version
            queryset = queryset.current()
            return queryset.annotate(claim_count=Count("claims"))
        if self.action == "retrieve":
            return queryset.prefetch_related("claims__attribution")
        return queryset

    def retrieve(self, request, *args, **kwargs):
        # an article's representation changes with its claims' statuses:
        # its tag is over the whole of it (If-None-Match -> 304)
        article = self.get_object()
        return conditional_response(request, self.get_serializer(article).data)

    def get_serializer_class(self):
        if self.action == "create":
            return ArticleCreateSerializer
        if self.action == "retrieve":
            return ArticleDetailSerializer
        return ArticleSerializer

    @extend_schema(
        summary="Store an article and extract its claims",
        description=(
            "`outcome` says what happened: `created` (201), `new_version` (201: new content "
            "at a stored URL; needs `sources.change_article`, else 409 with the stored "
            "`article`'s id) or `duplicate` (200: the same content was stored before). "
            "A long text (over `CLAIMS_ASYNC_INGEST_CHARS`, 100,000 characters by default) "
            "or `?async=1` is ingested by a worker when one is configured: 202 with the job "
            "(`Location`: `/api/v1/jobs/{id}/`), which says when it is done and links the "
            "article."
        ),
        parameters=[
            OpenApiParameter(
                "async",
                OpenApiTypes.BOOL,
                OpenApiParameter.QUERY,
                description="Ingest in the background (202 and a job) whatever the size.",
            )
        ],
        request=ArticleCreateSerializer,
        responses={
            202: JobSerializer,
            201: ArticleIngestSerializer,
            200: OpenApiResponse(
                ArticleIngestSerializer, description="The same content was already stored."
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = ArticleCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        asked = request.query_params.get("async", "").lower() in {"1", "true", "yes"}
        what = {
            "text": data["text"],
            "actor": request_actor(request),
            "url": data.get("url") or None,
            "title": data.get("title", ""),
            "publisher": data.get("publisher") or None,
            "published_at": data.get("published_at"),
            "byline": data.get("byline", ""),
            "may_replace": request.user.has_perm("sources.change_article"),
        }
        if ingest_in_background(characters=len(data["text"]), asked=asked):
            job = job_ingest_queue(**what, user=request.user)
            location = request.build_absolute_uri(f"/api/v1/jobs/{job.pk}/")
            body = JobSerializer(job, context={"request": request}).data
            return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": location})
        result = article_ingest(**what)
        article = (
            Article.objects.select_related("publisher")
            .prefetch_related("claims__attribution")
            .get(pk=result.article.pk)
        )
        body = {
            "outcome": result.outcome,
            **ArticleDetailSerializer(article, context={"request": request}).data,
        }
        code = status.HTTP_201_CREATED if result.changed else status.HTTP_200_OK
        headers = {"Location": request.build_absolute_uri(f"{article.pk}/")}
        return Response(body, status=code, headers=headers)


# -------------------------------------------------------------------- claims
def etag_matches(header: str, edit_part: str) -> bool:
    """Whether an If-Match header (``*``, or a list of entity tags) names a
    tag whose edit part is ``edit_part`` (claims.api.serializers.
    claim_representation_tag). A weak tag never matches (RFC 9110 13.1.1:
    If-Match compares strongly)."""
    for tag in (t.strip() for t in header.split(",")):
        if tag == "*":
            return True
        if tag.startswith('"') and tag.endswith('"') and tag[1:-1].split(".")[0] == edit_part:
            return True
    return False


class ClaimPagination(KeysetPagination):
    """With ``q``, the most relevant claims first (``relevance``, the
    full-text rank), unless ``ordering`` asks otherwise."""

    ordering_fields = ("created_at", "confidence", "last_checked_at", "relevance")
    nullable_fields = frozenset({"last_checked_at"})

    def get_ordering(self, request) -> tuple[str, bool]:
        # as the filter reads it: a q of only whitespace is no search
        searching = bool(request.query_params.get("q", "").strip())
        if searching and not request.query_params.get("ordering"):
            return "relevance", True
        field, descending = super().get_ordering(request)
        if field == "relevance" and not searching:
            raise exceptions.ValidationError({"ordering": ["Ordering by relevance needs q."]})
        return field, descending


class CanChangeClaims(permissions.BasePermission):
    """Actions that change a claim (a re-check) need the change permission,
    whatever their HTTP method."""

    message = "This needs the claims.change_claim permission."

    def has_permission(self, request, view):
        return request.user.has_perm("claims.change_claim")


class PublishPermission(permissions.BasePermission):
    message = "Publishing or withdrawing a review needs the claims.publish_claim permission."

    def has_permission(self, request, view):
        return request.user.has_perm("claims.publish_claim")


class VerdictPermission(permissions.BasePermission):
    """Changing a verdict needs its own permission."""

    message = "Changing a claim's verdict needs the claims.verdict_claim permission."

    def has_permission(self, request, view):
        if request.method not in ("PATCH", "PUT") or not isinstance(request.data, dict):
            return True
        if not VERDICT_FIELDS & set(request.data):
            return True
        return request.user.has_perm("claims.verdict_claim")


class PublishSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(
        choices=PUBLISHABLE_CHOICES,
        help_text="The verdict the review stands behind (becomes the claim's locked status).",
    )
    review_body = serializers.CharField(
        max_length=5000, help_text="The explanation readers see (ClaimReview reviewBody)."
    )
    url = serializers.URLField(
        required=False, allow_blank=True, max_length=2000, help_text="Where it is published."
    )


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


RECHECK_RESPONSE = inline_serializer(
    "RecheckResponse",
    {
        "status": serializers.ChoiceField(choices=["queued", "done"]),
        "job": JobSerializer(
            required=False, help_text="With a worker: the job to follow (also `Location`)."
        ),
        "result": inline_serializer(
            "RecheckReport",
            {
                "checked": serializers.IntegerField(help_text="Claims re-checked."),
                "changed": serializers.IntegerField(help_text="Of those, how many changed."),
                "skipped": serializers.IntegerField(help_text="Busy or not due: left alone."),
                "fetched": serializers.IntegerField(help_text="Evidence documents fetched."),
                "fetch_errors": serializers.ListField(
                    child=serializers.CharField(), help_text="The first 20 fetch errors."
                ),
            },
            required=False,
            help_text="Without one: what it did.",
        ),
    },
)


@extend_schema_view(
    list=extend_schema(summary="List claims (filtered, ordered, cursor-paginated)"),
    retrieve=extend_schema(
        summary="A claim and what other reports say of it; its ETag is needed to change it",
        parameters=[
            OpenApiParameter(
                "If-None-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="The ETag of the copy you hold: 304 while it is current.",
            )
        ],
        responses={
            200: ClaimDetailSerializer,
            304: OpenApiResponse(description="Your copy is current (no body)."),
        },
    ),
    partial_update=extend_schema(
        summary="Change a claim's wording, reading or verdict",
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="The ETag from the last GET of this claim.",
            )
        ],
        responses={
            200: ClaimSerializer,
            412: OpenApiResponse(description="The claim changed since it was read."),
            428: OpenApiResponse(description="If-Match is missing."),
        },
    ),
)
class ClaimViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Atomic claims with their status, confidence and the basis for it."""

    queryset = Claim.objects.select_related("attribution")
    lookup_value_regex = "[0-9]{1,18}"  # fits a bigint
    serializer_class = ClaimSerializer

    def list(self, request, *args, **kwargs):
        # The list is the hot path: no model instances. On PostgreSQL the
        # database writes each claim's JSON (claims/api/rows.py); elsewhere
        # plain rows are turned into the same documents here.
        tz = timezone.get_current_timezone()
        by_relevance = self.paginator.get_ordering(request)[0] == "relevance"
        # the relevance a cursor needs is no column of the claim's JSON
        if rows_in_database(connection, tz) and not by_relevance:
            rows = Claim.objects.annotate(json=ClaimJSON()).values_list("json", flat=True)
            page = self.paginate_queryset(self.filter_queryset(rows))
            return self.paginator.get_prerendered_response(page)
        rows = self.filter_queryset(Claim.objects.values(*CLAIM_LIST_VALUES))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response([represent_claim(row, tz) for row in page])

    filterset_class = ClaimFilter
    pagination_class = ClaimPagination
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_permissions(self):
        if self.action == "recheck":
            return [permissions.IsAuthenticated(), CanChangeClaims()]
        if self.action in ("publish", "withdraw"):
            return [permissions.IsAuthenticated(), PublishPermission()]
        if self.action == "search":  # a read, though a POST (the sentence is the body)
            return [ReadPermission()]
        return [*super().get_permissions(), VerdictPermission()]

    def retrieve(self, request, *args, **kwargs):
        claim = self.get_object()
        data = ClaimDetailSerializer(claim, context=self.get_serializer_context()).data
        tag = claim_representation_tag(claim, data)
        header = request.headers.get("If-None-Match")
        if header and none_match(header, tag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": tag})
        response = Response(data)
        response["ETag"] = tag
        return response

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            return self.http_method_not_allowed(request, *args, **kwargs)
        expected = request.headers.get("If-Match")
        if not expected:
            raise PreconditionRequired()
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        verdict = {k: data.pop(k) for k in list(data) if k in VERDICT_FIELDS}
        actor = request_actor(request)
        with transaction.atomic():
            # lock the claim's row only: PostgreSQL cannot lock the nullable
            # side of the attribution join
            claim = get_object_or_404(
                Claim.objects.select_for_update(of=("self",)).select_related("attribution"),
                pk=kwargs["pk"],
            )
            if not etag_matches(expected, claim_etag(claim)):
                raise PreconditionFailed()
            changed = []
            for name, value in data.items():
                if name in EDITABLE_CLAIM_FIELDS and getattr(claim, name) != value:
                    setattr(claim, name, value)
                    changed.append(name)
            # wording or reading: recorded, and the claim re-checked (its
            # prior may move)
            claim_save_edit(claim, changed_fields=changed, actor=actor)
            if verdict:
                claim_set_status(
                    claim_id=claim.pk,
                    actor=actor,
                    status=verdict.get("status"),
                    lock=verdict.get("status_locked"),
                    reason=reason,
                )
        claim = Claim.objects.select_related("attribution").get(pk=claim.pk)
        data = self.get_serializer(claim).data
        response = Response(data)
        response["ETag"] = claim_representation_tag(claim, data)
        return response

    @extend_schema(
        summary=(
            "A claim's history: its creation, every change of status, confidence or lock, "
            "every edit (old and new values) and evidence change, with who and why"
        ),
        responses={200: ClaimCheckSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def history(self, request, pk=None):
        claim = get_object_or_404(Claim.objects.only("pk"), pk=pk)
        rows = ClaimCheck.objects.filter(claim=claim).order_by("-at", "-id")[:500]
        return Response(ClaimCheckSerializer(rows, many=True).data)

    @extend_schema(
        summary="Re-check a claim now",
        request=None,
        responses={202: RECHECK_RESPONSE},
        filters=False,
    )
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def recheck(self, request, pk=None):
        claim = get_object_or_404(Claim.objects.only("pk"), pk=pk)
        if runs_in_process():  # no broker: it runs here and now
            done = claims_recheck_now([claim.pk], user=request.user)
            body = {"status": "done", "result": done.report.as_dict() if done.report else {}}
            return Response(body, status=status.HTTP_202_ACCEPTED)
        # a worker does it; the client follows the job (if the broker is
        # down, the claim is due and the next sweep checks it)
        job = job_recheck_queue([claim.pk], actor=request_actor(request), user=request.user)
        body = {"status": "queued", "job": JobSerializer(job, context={"request": request}).data}
        headers = {"Location": request.build_absolute_uri(f"/api/v1/jobs/{job.pk}/")}
        return Response(body, status=status.HTTP_202_ACCEPTED, headers=headers)

    @extend_schema(
        summary="Claims of other reports like this one, with the matcher's verdict and any link",
        responses={200: SimilarClaimSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def similar(self, request, pk=None):
        claim = get_object_or_404(Claim.objects.all(), pk=pk)
        found = claim_similar(claim)
        return Response(SimilarClaimSerializer(found, many=True).data)

    @extend_schema(
        summary="Search claims by a sentence: those stating the same fact first",
        description=(
            "400 for an empty text, one over 2,000 characters, or one that does not "
            "read as English (claims are extracted from English articles only)."
        ),
        request=ClaimSearchSerializer,
        responses={200: SimilarClaimSerializer(many=True)},
        filters=False,
    )
    @action(detail=False, methods=["post"], filterset_class=None, pagination_class=None)
    def search(self, request):
        query = ClaimSearchSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        found = claims_like(query.validated_data["text"], limit=query.validated_data["limit"])
        return Response(SimilarClaimSerializer(found, many=True).data)

    @extend_schema(
        summary="The claim's published review as schema.org ClaimReview (JSON-LD)",
        description="404 unless an editor published a review of the claim (not withdrawn).",
        responses={
            (200, "application/ld+json"): CLAIM_REVIEW,
            404: OpenApiResponse(description="No published review of this claim."),
        },
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def claimreview(self, request, pk=None):
        publication = get_object_or_404(_published(), claim_id=pk)
        return conditional_response(
            request, claim_review(publication), content_type="application/ld+json"
        )

    @extend_schema(
        summary="Publish (or publish again) the claim's review",
        description=(
            "The rating becomes the claim's locked verdict; `unverified` and `outdated` are "
            "refused. Needs the claims.publish_claim permission."
        ),
        request=PublishSerializer,
        responses={200: CLAIM_REVIEW},
        filters=False,
    )
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def publish(self, request, pk=None):
        get_object_or_404(Claim.objects.only("pk"), pk=pk)
        data = PublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim_publish(
            int(pk),
            actor=request_actor(request),
            rating=data.validated_data["rating"],
            body=data.validated_data["review_body"],
            url=data.validated_data.get("url", ""),
        )
        publication = _published().get(claim_id=pk)
        return Response(claim_review(publication))

    @extend_schema(
        summary="Withdraw the claim's published review (it stays on record)",
        request=WithdrawSerializer,
        responses={204: None, 404: OpenApiResponse(description="Nothing published to withdraw.")},
        filters=False,
    )
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def withdraw(self, request, pk=None):
        get_object_or_404(Claim.objects.only("pk"), pk=pk)
        data = WithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not claim_withdraw(
            int(pk), actor=request_actor(request), reason=data.validated_data["reason"]
        ):
            raise exceptions.NotFound("This claim has no published review.")
        return Response(status=status.HTTP_204_NO_CONTENT)


def _published():
    return Publication.objects.filter(withdrawn_at__isnull=True).select_related(
        "claim__article__publisher", "claim__attribution"
    )


class ClaimReviewPagination(KeysetPagination):
    ordering_fields = ("published_at",)
    default_ordering = "-published_at"


@extend_schema_view(
    list=extend_schema(
        summary="Published reviews, newest first (schema.org ClaimReview, cursor-paginated)",
        responses={200: CLAIM_REVIEW_ITEM},
    )
)
class ClaimReviewFeedViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every review the desk has published and not withdrawn, for sites
    that embed them: each with its claim's id and the ClaimReview."""

    pagination_class = ClaimReviewPagination
    filterset_class = None
    permission_classes = [ReadPermission]
    queryset = Publication.objects.none()  # the read permission's model

    def get_queryset(self):
        return _published()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        found = appearances([p.claim for p in page])  # for the whole page at once
        return self.get_paginated_response(
            [{"claim": p.claim_id, "claimreview": claim_review(p, found[p.claim_id])} for p in page]
        )


# ------------------------------------------------------------------- exports
def _export_rows(queryset):
    for row in queryset.values_list(*EXPORT_COLUMNS).iterator(chunk_size=2000):
        record = dict(zip(EXPORT_HEADERS, row, strict=True))
        for key in ("created_at", "last_checked_at"):
            if record[key] is not None:
                record[key] = record[key].isoformat()
        yield record


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell a spreadsheet will not run as a formula (OWASP's advice:
    text starting with = + - @ tab or carriage return gets a leading ').
    Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


EXPORT_ORDERING = OpenApiParameter(
    "ordering",
    OpenApiTypes.STR,
    enum=[f"{sign}{f}" for f in ClaimPagination.ordering_fields for sign in ("", "-")],
    description="As the list's `ordering` (default -created_at; -relevance with q).",
)


class ClaimExportViewSet(viewsets.GenericViewSet):
    """Claims as CSV or JSON Lines, streamed; the list's filters apply."""

    queryset = Claim.objects.all()
    lookup_value_regex = "[0-9]{1,18}"  # fits a bigint
    filterset_class = ClaimFilter
    pagination_class = None

    def _rows(self, request):
        # ordered exactly as the list would be (same parameter, same 400)
        ordering = ClaimPagination()
        field, descending = ordering.get_ordering(request)
        queryset = ordering.order(self.filter_queryset(self.get_queryset()), field, descending)
        return _export_rows(queryset)

    @extend_schema(
        operation_id="claims_export_csv",
        filters=True,
        parameters=[EXPORT_ORDERING],
        summary="Claims as CSV (streamed; the list's filters apply)",
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def csv(self, request):
        rows = self._rows(request)

        def lines():
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=EXPORT_HEADERS)
            writer.writeheader()
            for record in rows:
                record["hedges"] = ";".join(record["hedges"] or [])
                writer.writerow({k: spreadsheet_safe(v) for k, v in record.items()})
                if buffer.tell() > 64 * 1024:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue()

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="claims.csv"'
        return response

    @extend_schema(
        operation_id="claims_export_jsonl",
        filters=True,
        parameters=[EXPORT_ORDERING],
        summary="Claims as JSON Lines (streamed; the list's filters apply)",
        responses={(200, "application/x-ndjson"): OpenApiTypes.STR},
    )
    def jsonl(self, request):
        rows = self._rows(request)
        lines = (json.dumps(record, ensure_ascii=False) + "\n" for record in rows)
        response = StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="claims.jsonl"'
        return response


# ------------------------------------------------------------------ evidence
class EvidencePagination(KeysetPagination):
    ordering_fields = ("created_at",)


@extend_schema_view(
    create=extend_schema(summary="Add evidence (the claim is re-checked)"),
    partial_update=extend_schema(summary="Change evidence (the claim is re-checked)"),
    update=extend_schema(summary="Replace evidence (the claim is re-checked)"),
    destroy=extend_schema(summary="Remove evidence (the claim is re-checked)"),
)
class EvidenceViewSet(viewsets.ModelViewSet):
    queryset = Evidence.objects.select_related("source")
    lookup_value_regex = "[0-9]{1,18}"  # fits a bigint
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilter
    pagination_class = EvidencePagination

    def perform_create(self, serializer):
        evidence = Evidence(**serializer.validated_data)
        evidence.added_by = EvidenceOrigin.API
        evidence.added_by_user = self.request.user
        serializer.instance = evidence_save(evidence, actor=request_actor(self.request))

    def perform_update(self, serializer):
        evidence = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(evidence, name, value)
        serializer.instance = evidence_save(evidence, actor=request_actor(self.request))

    def perform_destroy(self, instance):
        evidence_delete(instance, actor=request_actor(self.request))


# ---------------------------------------------------------------------- jobs
class JobPagination(KeysetPagination):
    ordering_fields = ("created_at",)


@extend_schema_view(
    list=extend_schema(summary="Your jobs, newest first"),
    retrieve=extend_schema(summary="A job: its state, progress, and result or error"),
)
class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Work queued for you (a large article to ingest): poll it until its
    ``state`` is ``done`` (``article`` links the result) or ``failed``
    (``error``, and the HTTP status it would have had)."""

    serializer_class = JobSerializer
    lookup_value_regex = "[0-9]{1,18}"  # fits a bigint
    pagination_class = JobPagination
    filterset_class = None
    permission_classes = [permissions.IsAuthenticated]

    queryset = Job.objects.all()

    def get_queryset(self):
        user = self.request.user
        if getattr(self, "swagger_fake_view", False) or user.is_superuser:
            return super().get_queryset()
        return super().get_queryset().filter(created_by=user)


# ------------------------------------------------------------------ webhooks
@extend_schema_view(
    list=extend_schema(summary="Your webhook subscriptions"),
    create=extend_schema(
        summary="Subscribe to claim events (the answer holds the signing secret, once)",
        responses={201: WebhookCreatedSerializer},
    ),
)
class WebhookViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Subscriptions: every history event of the kinds asked for is POSTed
    to the URL, signed (Standard Webhooks). Managing them needs the
    ``claims.add_webhook`` / ``change_webhook`` / ``delete_webhook``
    permission; each client sees its own."""

    serializer_class = WebhookSerializer
    lookup_value_regex = "[0-9]{1,18}"
    pagination_class = JobPagination
    filterset_class = None
    queryset = Webhook.objects.all()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if getattr(self, "swagger_fake_view", False) or user.is_superuser:
            return super().get_queryset()
        return super().get_queryset().filter(created_by=user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        webhook = webhook_create(
            url=data["url"],
            events=data.get("events", []),
            publishers=data.get("publishers", []),
            description=data.get("description", ""),
            actor=request_actor(request),
            user=request.user,
        )
        body = WebhookCreatedSerializer(webhook, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        webhook = serializer.save()
        if webhook.active and webhook.failures:
            webhook.failures, webhook.disabled_reason = 0, ""  # enabled again
            webhook.save(update_fields=["failures", "disabled_reason", "updated_at"])


# ------------------------------------------------------------------- changes
CHANGES_PAGE = 100
MAX_CHANGES_PAGE = 500


def _feed_position(token: str) -> tuple[int, int]:
    refused = exceptions.ValidationError({"after": ["Not a cursor this API gave out."]})
    order, row_id = unpack_token(token, ("o", "id"), refused)
    if not all(type(v) is int and -1 <= v < 2**63 for v in (order, row_id)):
        raise refused
    return order, row_id


class ChangeFeedView(generics.GenericAPIView):
    """Every event of every claim's history (created, status, confidence,
    lock, edits, evidence, links) in the order they became final. Poll with
    the ``next`` URL (or ``?after=`` and the ``cursor``): each event is
    served once, none is skipped, and an empty page means nothing new yet
    (keep its cursor). An event appears once every transaction older than
    its own has ended, so a long write can hold the feed back for as long
    as it runs."""

    serializer_class = ChangeSerializer
    pagination_class = None
    filterset_class = None
    permission_classes = [ReadPermission]
    http_method_names = ["get", "head", "options"]
    extra_query_parameters = ("after",)

    @extend_schema(
        summary="Every history event after a cursor, in commit order",
        parameters=[
            OpenApiParameter("after", OpenApiTypes.STR, description="The last page's `cursor`."),
            OpenApiParameter(
                "page_size", OpenApiTypes.INT, description=f"1-{MAX_CHANGES_PAGE}, default 100."
            ),
        ],
        responses={
            200: inline_serializer(
                "ChangePage",
                {
                    "results": ChangeSerializer(many=True),
                    "cursor": serializers.CharField(help_text="Where the next page starts."),
                    "next": serializers.URLField(),
                },
            )
        },
    )
    def get(self, request):
        self.filter_queryset(ClaimCheck.objects.none())  # refuses unknown parameters
        token = request.query_params.get("after")
        position = _feed_position(token) if token else None
        raw = request.query_params.get("page_size") or str(CHANGES_PAGE)
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_CHANGES_PAGE:
            raise exceptions.ValidationError({"page_size": [f"1 to {MAX_CHANGES_PAGE}."]})
        found = history_after(position, int(raw))
        rows = ClaimCheck.objects.in_bulk([row_id for _, row_id in found])
        events = [rows[row_id] for _, row_id in found if row_id in rows]
        last = found[-1] if found else (position or (-1, 0))
        cursor = pack_token({"o": last[0], "id": last[1]})
        return Response(
            {
                "results": ChangeSerializer(events, many=True).data,
                "cursor": cursor,
                "next": replace_query_param(request.build_absolute_uri(), "after", cursor),
            }
        )


# --------------------------------------------------------------------- links
class LinkPagination(KeysetPagination):
    ordering_fields = ("created_at",)
    default_ordering = "created_at"  # the oldest suggestion first


class LinkFilter(LeanFilterSet):
    state = django_filters.ChoiceFilter(choices=LinkState.choices)
    claim = IdFilter(method="filter_claim", help_text="Links of this claim (either side).")

    class Meta:
        model = ClaimLink
        fields = ()

    def filter_claim(self, queryset, name, value):
        return queryset.filter(Q(claim_a_id=value) | Q(claim_b_id=value))


@extend_schema_view(
    list=extend_schema(summary="Links between claims of different reports (oldest first)"),
    retrieve=extend_schema(summary="A link between two claims"),
)
class ClaimLinkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Pairs of claims the matcher found stating the same fact (``same``) or
    conflicting values of it (``contradicts``). Confirming one (needs
    ``claims.change_claim``) makes it evidence for both claims; rejecting it
    removes that evidence."""

    # each link with both claims and their reports (ClaimLinkSerializer.claims)
    queryset = ClaimLink.objects.select_related(
        "claim_a__article__publisher", "claim_b__article__publisher"
    ).only(
        *(f.name for f in ClaimLink._meta.concrete_fields),
        *(
            f"{side}__{name}"
            for side in ("claim_a", "claim_b")
            for name in ("text", "status", "article__url", "article__publisher__name")
        ),
    )
    serializer_class = ClaimLinkSerializer
    lookup_value_regex = "[0-9]{1,18}"  # fits a bigint
    pagination_class = LinkPagination
    filterset_class = LinkFilter

    def get_permissions(self):
        if self.action in ("confirm", "reject"):
            return [permissions.IsAuthenticated(), CanChangeClaims()]
        return super().get_permissions()

    def _decide(self, request, pk, *, confirm: bool):
        link = get_object_or_404(ClaimLink.objects.only("pk"), pk=pk)
        decision = LinkDecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        link = link_decide(
            link_id=link.pk,
            confirm=confirm,
            actor=request_actor(request),
            reason=decision.validated_data["reason"],
        )
        return Response(ClaimLinkSerializer(self.get_queryset().get(pk=link.pk)).data)

    @extend_schema(
        summary="Confirm a link: it becomes evidence for both claims",
        request=LinkDecisionSerializer,
        responses={200: ClaimLinkSerializer},
        filters=False,
    )
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def confirm(self, request, pk=None):
        return self._decide(request, pk, confirm=True)

    @extend_schema(
        summary="Reject a link: its evidence is removed",
        request=LinkDecisionSerializer,
        responses={200: ClaimLinkSerializer},
        filters=False,
    )
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def reject(self, request, pk=None):
        return self._decide(request, pk, confirm=False)
