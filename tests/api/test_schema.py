"""The OpenAPI schema as a client generator sees it."""

import pytest
import yaml
from django.core.management import call_command
from django.utils import timezone

from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(consumer):
    response = consumer.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    assert (tmp_path / "s.yml").read_text().startswith("openapi: 3")


def test_the_schema_passes_openapi_spec_validator(schema):
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    validate(schema)  # raises on any error
    broken = {**schema, "paths": {"/x/": {"get": {"responses": {"200": {"$ref": 1}}}}}}
    with pytest.raises(OpenAPIValidationError):  # the validator does look
        validate(broken)


def test_the_docs_page_serves_its_assets_locally(consumer):
    page = consumer.get("/api/v1/docs/").content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist" in page
    assert "cdn.jsdelivr.net" not in page


def test_every_endpoint_of_the_api_is_in_the_schema(schema):
    paths = set(schema["paths"])
    for path in (
        "/api/v1/articles/",
        "/api/v1/articles/{id}/",
        "/api/v1/claims/",
        "/api/v1/claims/{id}/",
        "/api/v1/claims/{id}/history/",
        "/api/v1/claims/{id}/recheck/",
        "/api/v1/claims/{id}/claimreview/",
        "/api/v1/claims/{id}/publish/",
        "/api/v1/claims/{id}/withdraw/",
        "/api/v1/claimreviews/",
        "/api/v1/claims/export.csv",
        "/api/v1/claims/export.jsonl",
        "/api/v1/sources/",
        "/api/v1/evidence/",
    ):
        assert path in paths, path


# For every query parameter the claims list documents: a value, and which of
# two claims it must keep. A parameter added to the schema without an entry
# here fails the test below: every filter a client sees must work.
def sample_values(target, decoy, evidence):
    before = (timezone.now() - timezone.timedelta(minutes=1)).isoformat()
    after = (timezone.now() + timezone.timedelta(minutes=1)).isoformat()
    keep_target = {
        "status": "refuted",
        "review_state": "in_review",
        "polarity": "negated",
        "kind": "forecast",
        "hedged": "true",
        "time_bound": "true",
        "confidence_max": "0.15",
        "article": str(target.article_id),
        "attribution": str(target.attribution_id),
        "attributed": "true",
        "source": str(evidence.source_id),
        "stance": "refutes",
        "q": "unicorn",
        "checked_after": before,
        "created_after": after,
        "due": "true",
        "current": "true",
        "attribution_kind": "unnamed",
        "attribution_name": target.attribution.name[2:],
        "publisher": str(target.article.publisher_id),
        "max_age_days": "1",
    }
    keep_decoy = {
        "status_locked": "true",
        "confidence_min": "0.5",
        "created_before": before,
        "checked_before": before,
        "language": "fr",
    }
    cases = {name: (value, target, decoy) for name, value in keep_target.items()}
    cases.update({name: (value, decoy, target) for name, value in keep_decoy.items()})
    return cases


def test_every_documented_claim_filter_works(schema, consumer):
    attribution = SourceFactory(kind="unnamed")
    now = timezone.now()
    target = ClaimFactory(
        text="A unicorn was seen",
        status="refuted",
        polarity="negated",
        kind="forecast",
        hedged=True,
        time_bound=True,
        confidence=0.1,
        attribution=attribution,
        next_check_at=now - timezone.timedelta(minutes=1),
        last_checked_at=now,
        review_state="in_review",
    )
    evidence = EvidenceFactory(claim=target, stance="refutes")
    decoy = ClaimFactory(
        text="Nothing to see",
        confidence=0.9,
        status_locked=True,
        last_checked_at=now - timezone.timedelta(days=3),
        next_check_at=now + timezone.timedelta(days=1),
        superseded_at=now,
    )
    # the decoy is older, so created_before/created_after can tell them apart
    type(decoy).objects.filter(pk=decoy.pk).update(created_at=now - timezone.timedelta(days=2))
    type(decoy.article).objects.filter(pk=decoy.article_id).update(language="fr")
    target_created = now + timezone.timedelta(minutes=5)
    type(target).objects.filter(pk=target.pk).update(created_at=target_created)
    EvidenceFactory(claim=decoy)
    params = [
        p["name"]
        for p in schema["paths"]["/api/v1/claims/"]["get"]["parameters"]
        if p["in"] == "query" and p["name"] not in {"cursor", "page_size", "ordering"}
    ]
    cases = sample_values(target, decoy, evidence)
    assert set(params) <= set(cases), f"not covered by this test: {set(params) - set(cases)}"
    for name in params:
        value, kept, dropped = cases[name]
        response = consumer.get("/api/v1/claims/", {name: value})
        assert response.status_code == 200, (name, response.content)
        found = [c["id"] for c in response.json()["results"]]
        assert kept.pk in found and dropped.pk not in found, (name, found)


def test_conditional_gets_document_if_none_match_and_304(schema):
    for path in (
        "/api/v1/claims/{id}/",
        "/api/v1/articles/{id}/",
        "/api/v1/claims/{id}/claimreview/",
    ):
        get = schema["paths"][path]["get"]
        headers = [p["name"] for p in get["parameters"] if p["in"] == "header"]
        assert "If-None-Match" in headers, path
        assert "304" in get["responses"] and "ETag" in get["responses"]["200"]["headers"], path
