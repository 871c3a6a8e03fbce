"""The issue's acceptance walk, as the README shows it to a consumer: push an
article, pull its claims filtered, add evidence, trigger a re-check, export
ClaimReview — through the API only."""

import pytest
from django.contrib.auth.models import Permission

from tests.api.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Bridge Closure Extended\n\n"
    "The Elm Street bridge will stay closed until March, the city council said on Tuesday. "
    "Repairs could cost about 4 million euros, according to engineers."
)


def test_push_pull_evidence_recheck_and_claimreview(editor):
    chief = UserFactory(username="chief")
    chief.user_permissions.set(Permission.objects.filter(codename="publish_claim"))
    chief = client_for(chief)
    article = editor.post(
        "/api/v1/articles/",
        {"title": "Bridge closure extended", "text": TEXT, "url": "https://city.example/bridge"},
        format="json",
    )
    assert article.status_code == 201, article.content
    article = article.json()

    hedged = editor.get(f"/api/v1/claims/?article={article['id']}&hedged=true")
    assert hedged.status_code == 200
    [claim] = hedged.json()["results"]
    assert claim["text"].startswith("Repairs could cost")
    assert claim["attribution"]["name"] == "engineers"
    assert claim["status"] == "unverified"

    source = editor.post(
        "/api/v1/sources/",
        {"name": "City Budget Office", "kind": "government", "reliability": 0.9},
        format="json",
    )
    assert source.status_code == 201, source.content
    evidence = editor.post(
        "/api/v1/evidence/",
        {
            "claim": claim["id"],
            "source": source.json()["id"],
            "stance": "supports",
            "quote": "Repairs are estimated at 4 million euros.",
        },
        format="json",
    )
    assert evidence.status_code == 201, evidence.content

    recheck = editor.post(f"/api/v1/claims/{claim['id']}/recheck/")
    assert recheck.status_code == 202
    assert recheck.json()["status"] == "done"  # tests run tasks in-process

    checked = editor.get(f"/api/v1/claims/{claim['id']}/").json()
    assert checked["last_checked_at"] is not None
    assert checked["confidence"] > claim["confidence"]  # official support raised it
    assert checked["status"] != "unverified", checked
    history = editor.get(f"/api/v1/claims/{claim['id']}/history/").json()
    assert history[0]["new_status"] == checked["status"]

    review_url = f"/api/v1/claims/{claim['id']}/claimreview/"
    assert editor.get(review_url).status_code == 404  # nothing published yet
    publish = {"rating": checked["status"], "review_body": "The budget office backs the cost."}
    refused = editor.post(f"/api/v1/claims/{claim['id']}/publish/", publish, format="json")
    assert refused.status_code == 403  # publishing needs claims.publish_claim
    published = chief.post(f"/api/v1/claims/{claim['id']}/publish/", publish, format="json")
    assert published.status_code == 200, published.content
    review = editor.get(review_url)
    assert review.status_code == 200
    assert review["Content-Type"].startswith("application/ld+json")
    body = review.json()
    assert body["@type"] == "ClaimReview"
    assert body["claimReviewed"] == checked["text"]
    assert body["reviewRating"]["alternateName"]
    assert body["reviewBody"] == "The budget office backs the cost."
    assert body["itemReviewed"]["appearance"][0]["url"] == "https://city.example/bridge"
