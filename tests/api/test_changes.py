"""The change feed: every history event, in commit order, each once."""

import pytest

from claims.actors import Actor
from claims.services.verdicts import claim_set_status
from tests.factories import ClaimFactory

EDITOR = Actor(kind="user", label="lena")


def events(client, url="/api/v1/changes/"):
    response = client.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    return body["results"], body["next"], body["cursor"]


def change(claim, status):
    claim_set_status(claim_id=claim.pk, actor=EDITOR, status=status, lock=True, reason="desk")


@pytest.mark.django_db(transaction=True)  # PostgreSQL serves what has committed
def test_a_consumer_polls_every_event_once_and_in_order(consumer):
    first, second = ClaimFactory(), ClaimFactory()
    change(first, "disputed")
    change(second, "refuted")
    page, following, _ = events(consumer, "/api/v1/changes/?page_size=1")
    assert [(e["claim"], e["new_status"]) for e in page] == [(first.pk, "disputed")]
    page, following, cursor = events(consumer, following)
    assert [(e["claim"], e["new_status"]) for e in page] == [(second.pk, "refuted")]
    assert page[0]["actor"] == "lena" and page[0]["reason"] == "desk"
    # nothing new: an empty page, and the same cursor to keep
    page, _, same = events(consumer, following)
    assert page == [] and same == cursor
    change(first, "confirmed")
    page, _, _ = events(consumer, following)
    assert [(e["claim"], e["old_status"], e["new_status"]) for e in page] == [
        (first.pk, "disputed", "confirmed")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["after=not-a-cursor", "after=eyJvIjoiMSJ9", "page_size=0", "page_size=x", "since=1"]
)
def test_bad_feed_requests_are_a_400(consumer, query):
    assert consumer.get(f"/api/v1/changes/?{query}").status_code == 400


@pytest.mark.django_db
def test_the_feed_needs_a_reader(anonymous):
    assert anonymous.get("/api/v1/changes/").status_code == 401
