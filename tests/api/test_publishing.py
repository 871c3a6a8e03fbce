"""Publishing a review: the desk's public word on a claim. Only what an
editor published is served as ClaimReview; its rating is the claim's locked
verdict; publishing again changes it, withdrawing stops serving it; the
claim page carries the desk's buttons."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from claims.actors import Actor
from claims.models import ClaimCheck, EventKind, Publication, ReviewState
from claims.services.errors import InvalidChange, InvalidInput
from claims.services.publishing import claim_publish, claim_withdraw
from claims.services.webhooks import event_payload
from tests.api.conftest import client_for
from tests.factories import ClaimFactory, UserFactory, publish

pytestmark = pytest.mark.django_db

CHIEF = Actor(kind="user", label="chief")


def test_publishing_locks_the_rating_as_the_verdict_and_says_so_in_history():
    claim = ClaimFactory(status="corroborated", status_locked=False)
    publication = claim_publish(
        claim.pk, actor=CHIEF, rating="refuted", body="Port logs show none."
    )
    claim.refresh_from_db()
    assert (claim.status, claim.status_locked) == ("refuted", True)
    assert claim.review_state == ReviewState.PUBLISHED
    assert publication.published_at == publication.modified_at
    events = list(ClaimCheck.objects.filter(claim=claim).order_by("pk"))
    assert [e.event for e in events][-2:] == [EventKind.STATUS, EventKind.PUBLISHED]
    assert events[-2].reason == "review published as refuted"
    assert event_payload(events[-1])["type"] == "claim.published"  # webhooks hear of it


@pytest.mark.parametrize("rating", ["unverified", "outdated"])
def test_unverified_and_outdated_are_never_published(rating):
    claim = ClaimFactory(status=rating)
    with pytest.raises(InvalidChange):
        claim_publish(claim.pk, actor=CHIEF, rating=rating, body="We looked.")
    assert not Publication.objects.exists()
    assert not ClaimCheck.objects.filter(claim=claim, event=EventKind.PUBLISHED).exists()


@pytest.mark.parametrize(
    ("body", "url"), [("  ", ""), ("Fine.", "javascript:alert(1)"), ("x" * 5001, "")]
)
def test_a_review_needs_an_explanation_and_a_web_address(body, url):
    claim = ClaimFactory(status="refuted")
    with pytest.raises(InvalidInput):
        claim_publish(claim.pk, actor=CHIEF, rating="refuted", body=body, url=url)
    assert not Publication.objects.exists()


def test_publishing_again_changes_the_review_and_withdrawing_stops_serving_it(consumer):
    claim = ClaimFactory(status="refuted")
    first = publish(claim, body="First text.")
    url = f"/api/v1/claims/{claim.pk}/claimreview/"
    assert publish(claim, body="First text.").modified_at == first.modified_at  # nothing new
    second = publish(claim, rating="disputed", body="Sources now disagree.")
    assert second.published_at == first.published_at and second.modified_at > first.modified_at
    served = consumer.get(url).json()
    assert served["reviewRating"]["alternateName"] == "Disputed"
    assert served["datePublished"] == first.published_at.isoformat()
    assert served["dateModified"] == second.modified_at.isoformat()
    assert claim_withdraw(claim.pk, actor=CHIEF, reason="under appeal")
    assert consumer.get(url).status_code == 404
    assert consumer.get("/api/v1/claimreviews/").json()["results"] == []
    assert not claim_withdraw(claim.pk, actor=CHIEF, reason="again")
    row = ClaimCheck.objects.filter(claim=claim, event=EventKind.PUBLISHED).latest("pk")
    assert row.reason == "review withdrawn: under appeal"


def test_the_feed_lists_published_reviews_newest_first_a_page_at_a_time(consumer):
    claims = [ClaimFactory(status="refuted", text=f"Claim number {i}") for i in range(5)]
    for age, claim in enumerate(claims):
        publish(claim)
        Publication.objects.filter(claim=claim).update(
            published_at=timezone.now() - timedelta(hours=age)
        )
    ClaimFactory(status="refuted")  # not published: not listed
    page = consumer.get("/api/v1/claimreviews/?page_size=3").json()
    assert [r["claim"] for r in page["results"]] == [c.pk for c in claims[:3]]
    assert page["results"][0]["claimreview"]["claimReviewed"] == "Claim number 0"
    rest = consumer.get(page["next"]).json()
    assert [r["claim"] for r in rest["results"]] == [c.pk for c in claims[3:]]
    assert rest["next"] is None
    assert consumer.get("/api/v1/claimreviews/?rating=refuted").status_code == 400  # unknown


def test_publishing_through_the_api_needs_its_permission_and_refuses_non_ratings(editor):
    claim = ClaimFactory(status="unverified")
    url = f"/api/v1/claims/{claim.pk}/publish/"
    body = {"rating": "refuted", "review_body": "Port logs show none."}
    assert editor.post(url, body, format="json").status_code == 403
    chief = UserFactory(username="chief")
    chief.user_permissions.set(Permission.objects.filter(codename="publish_claim"))
    chief = client_for(chief)
    refused = chief.post(url, {**body, "rating": "unverified"}, format="json")
    assert refused.status_code == 400 and "rating" in refused.json()["errors"]
    assert chief.post(url, body, format="json").status_code == 200
    assert chief.post("/api/v1/claims/999999/publish/", body, format="json").status_code == 404
    gone = chief.post(f"/api/v1/claims/{claim.pk}/withdraw/", {"reason": "x"}, format="json")
    assert gone.status_code == 204
    again = chief.post(f"/api/v1/claims/{claim.pk}/withdraw/", {"reason": "x"}, format="json")
    assert again.status_code == 404


def test_the_claim_page_carries_the_desks_buttons(admin_client, admin_user):
    claim = ClaimFactory(status="disputed")
    page = admin_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    for label in ("Assign to me", "Re-check now", "Set verdict…", "Publish review…"):
        assert label in page
    assert "Unlock verdict…" not in page  # nothing locked yet
    desk = reverse("admin:claims_claim_desk", args=[claim.pk, "assign"])
    assert admin_client.get(desk).status_code == 405  # a change is a POST
    assert admin_client.post(desk).status_code == 302
    claim.refresh_from_db()
    assert claim.assignee == admin_user

    verdict = reverse("admin:claims_claim_verdict", args=[claim.pk])
    form = admin_client.get(verdict).context["form"]
    assert form["status"].value() == "disputed"  # starts from the claim's status
    response = admin_client.post(verdict, {"status": "refuted", "lock": "on", "reason": "logs"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.status_locked) == ("refuted", True)

    publish_url = reverse("admin:claims_claim_publish", args=[claim.pk])
    assert admin_client.get(publish_url).context["form"]["rating"].value() == "refuted"
    refused = admin_client.post(publish_url, {"rating": "refuted", "review_body": " "})
    assert refused.status_code == 200 and not Publication.objects.exists()
    admin_client.post(publish_url, {"rating": "refuted", "review_body": "Logs show none."})
    page = admin_client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    text = page.content.decode()
    assert "Withdraw review…" in text and "Unlock verdict…" in text
    assert "as “Refuted”: Logs show none." in text


def test_the_claim_pages_forms_need_their_permissions(client):
    claim = ClaimFactory()
    staff = UserFactory(username="junior", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__in=["view_claim"]))
    client.force_login(staff)
    for name in ("verdict", "publish", "unlock", "withdraw"):
        assert client.get(reverse(f"admin:claims_claim_{name}", args=[claim.pk])).status_code == 403
    desk = reverse("admin:claims_claim_desk", args=[claim.pk, "recheck"])
    assert client.post(desk).status_code == 403
    missing = reverse("admin:claims_claim_verdict", args=[999999])
    assert client.get(missing).status_code == 404


def test_a_page_of_the_feed_costs_the_same_queries_for_more_reviews(consumer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert consumer.get("/api/v1/claimreviews/").status_code == 200
        return len(queries)

    publish(ClaimFactory(status="refuted"))
    consumer.get("/api/v1/claimreviews/")  # warm the token and content types
    few = page_queries()
    for _ in range(10):
        publish(ClaimFactory(status="disputed"))
    assert page_queries() == few


def test_a_review_names_the_earliest_appearances_of_a_wording_copied_everywhere(consumer):
    from datetime import timedelta

    from django.utils import timezone

    from claims.api.claimreview import MAX_APPEARANCES
    from tests.factories import ArticleFactory

    now = timezone.now()
    copies = [
        ClaimFactory(
            article=ArticleFactory(published_at=now - timedelta(hours=n)),
            text="The wire story said so",
            status="refuted",
        )
        for n in range(MAX_APPEARANCES + 5)
    ]
    publish(copies[0])
    review = consumer.get(f"/api/v1/claims/{copies[0].pk}/claimreview/").json()
    urls = [work["url"] for work in review["itemReviewed"]["appearance"]]
    oldest_first = [c.article.url for c in reversed(copies)][:MAX_APPEARANCES]
    assert urls == oldest_first
