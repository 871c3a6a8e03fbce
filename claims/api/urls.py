from django.urls import path
from rest_framework.routers import DefaultRouter

from claims.api.views import (
    ArticleViewSet,
    ChangeFeedView,
    ClaimExportViewSet,
    ClaimLinkViewSet,
    ClaimReviewFeedViewSet,
    ClaimViewSet,
    EvidenceViewSet,
    JobViewSet,
    WebhookViewSet,
)
from sources.api.views import SourceViewSet

router = DefaultRouter()
router.include_format_suffixes = False  # no ".json" variants of every route
router.register("articles", ArticleViewSet, basename="article")
router.register("claims", ClaimViewSet, basename="claim")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("sources", SourceViewSet, basename="source")
router.register("jobs", JobViewSet, basename="job")
router.register("links", ClaimLinkViewSet, basename="link")
router.register("webhooks", WebhookViewSet, basename="webhook")
router.register("claimreviews", ClaimReviewFeedViewSet, basename="claimreview")

urlpatterns = [
    path("changes/", ChangeFeedView.as_view(), name="changes"),
    path("claims/export.csv", ClaimExportViewSet.as_view({"get": "csv"}), name="claim-export-csv"),
    path(
        "claims/export.jsonl",
        ClaimExportViewSet.as_view({"get": "jsonl"}),
        name="claim-export-jsonl",
    ),
    *router.urls,
]
