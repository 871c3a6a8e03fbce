"""Webhooks: every event a subscription asks for is delivered once, signed
so the receiver can verify it, retried with backoff when the receiver
fails, and the subscription disabled after a run of failures; a private
address is refused."""

import pytest
from standardwebhooks import Webhook as Verifier

from claims.actors import Actor
from claims.models import DeliveryState, Webhook, WebhookDelivery
from claims.services.verdicts import claim_set_status
from claims.services.webhooks import (
    backoff_seconds,
    delivery_send,
    webhook_create,
    webhooks_dispatch,
)
from tests.docserver import Route
from tests.factories import ClaimFactory, SourceFactory

# committed for real: PostgreSQL's change feed serves what has committed
pytestmark = pytest.mark.django_db(transaction=True)
EDITOR = Actor(kind="user", label="lena")


@pytest.fixture
def held(monkeypatch):
    """Deliveries made but not queued: the test sends them itself."""
    from claims.services import webhooks

    monkeypatch.setattr(webhooks, "enqueue_on_commit", lambda *args, **kwargs: None)


def subscribe(url, events=(), publishers=()):
    return webhook_create(
        url=url, events=list(events), publishers=list(publishers), actor=EDITOR, user=None
    )


def set_status(claim, status):
    claim_set_status(claim_id=claim.pk, actor=EDITOR, status=status, lock=True, reason="desk")


def test_an_event_is_delivered_once_signed_and_verifiable(
    docserver, django_capture_on_commit_callbacks
):
    claim = ClaimFactory()
    hook = subscribe(docserver.url("/hook"), events=["status"])
    set_status(claim, "disputed")
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks_dispatch() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks_dispatch() == 0  # nothing new: nothing twice
    assert len(docserver.posts) == 1
    path, headers, body = docserver.posts[0]
    payload = Verifier(hook.secret).verify(body, headers)  # raises if forged
    assert payload["type"] == "claim.status"
    assert payload["data"]["claim"] == claim.pk and payload["data"]["new_status"] == "disputed"
    delivery = WebhookDelivery.objects.get()
    assert {k.lower(): v for k, v in headers.items()}["webhook-id"] == delivery.message_id
    assert delivery.state == DeliveryState.SENT and delivery.last_status == 204
    assert delivery.latency_ms is not None


def test_a_subscription_hears_only_its_events_and_only_from_its_creation(
    docserver, django_capture_on_commit_callbacks
):
    claim = ClaimFactory()
    set_status(claim, "disputed")  # before the subscription: not sent
    subscribe(docserver.url("/hook"), events=["edit"])
    set_status(claim, "refuted")  # a status event: not asked for
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks_dispatch() == 0
    assert docserver.posts == []


def test_articles_ingested_and_new_versions_are_heard_filtered_by_publisher(
    docserver, django_capture_on_commit_callbacks
):
    from claims.services.ingest import article_ingest

    courier, gazette = SourceFactory(name="Courier"), SourceFactory(name="Gazette")
    hook = subscribe(docserver.url("/hook"), events=["article", "status"], publishers=[courier.pk])
    text = "The port reopened on Monday, the authority said."
    first = article_ingest(
        text=text, actor=EDITOR, url="https://courier.example/port", publisher=courier
    ).article
    article_ingest(
        text=text + " Ships returned on Tuesday.",
        actor=EDITOR,
        url="https://courier.example/port",
        publisher=courier,
        may_replace=True,
    )
    other = article_ingest(
        text="The ferry from Ellis ran two hours late on Sunday, the operator said.",
        actor=EDITOR,
        url="https://gazette.example/f",
        publisher=gazette,
    ).article
    set_status(other.claims.first(), "disputed")  # another publisher's claim: not heard
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks_dispatch() == 2
    payloads = [Verifier(hook.secret).verify(body, headers) for _, headers, body in docserver.posts]
    assert [p["type"] for p in payloads] == ["article.ingested", "article.new_version"]
    assert payloads[0]["data"]["article"] == first.pk
    assert payloads[1]["data"]["previous_version"] == first.pk
    assert payloads[1]["data"]["version"] == 2 and payloads[1]["data"]["claims"] >= 2
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks_dispatch() == 0  # each once


def test_a_failing_receiver_is_retried_then_the_subscription_disabled(docserver, settings, held):
    settings.CLAIMS_WEBHOOK_ATTEMPTS = 3
    settings.CLAIMS_WEBHOOK_DISABLE_AFTER = 2
    docserver.routes["/down"] = Route(status=503)
    hook = subscribe(docserver.url("/down"), events=["status"])
    for status in ("disputed", "refuted"):
        set_status(ClaimFactory(), status)
    webhooks_dispatch()
    deliveries = list(WebhookDelivery.objects.order_by("pk"))
    assert len(deliveries) == 2  # one status event each
    waits = [delivery_send(deliveries[0].pk) for _ in range(3)]
    assert all(w > 0 for w in waits[:2]) and waits[2] is None  # gave up after 3
    deliveries[0].refresh_from_db()
    assert deliveries[0].state == DeliveryState.FAILED and deliveries[0].attempts == 3
    assert "503" in deliveries[0].last_error
    for _ in range(3):
        delivery_send(deliveries[1].pk)
    hook.refresh_from_db()
    assert not hook.active and "2 deliveries in a row failed" in hook.disabled_reason
    assert 2.5 <= backoff_seconds(1) <= 7.5 and backoff_seconds(30) <= 5400


def test_a_private_address_is_refused(settings, held):
    settings.CLAIMS_FETCH_ALLOWED_HOSTS = []
    subscribe("http://127.0.0.1:9/hook")
    set_status(ClaimFactory(), "disputed")
    webhooks_dispatch()
    delivery = WebhookDelivery.objects.first()
    delivery_send(delivery.pk)
    delivery.refresh_from_db()
    assert "non-public address" in delivery.last_error and delivery.last_status is None


def test_the_admin_adds_a_subscription_with_a_secret_and_redelivers(
    admin_client, docserver, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    response = admin_client.post(
        reverse("admin:claims_webhook_add"),
        {"url": docserver.url("/hook"), "events": '["status"]', "active": "on"},
    )
    assert response.status_code == 302
    hook = Webhook.objects.get()
    assert hook.secret.startswith("whsec_") and hook.created_by is not None
    set_status(ClaimFactory(), "disputed")
    with django_capture_on_commit_callbacks(execute=True):
        webhooks_dispatch()
    delivery = WebhookDelivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:claims_webhookdelivery_changelist"),
            {"action": "redeliver", "_selected_action": [delivery.pk]},
        )
    assert len(docserver.posts) == 2  # the same message again: one webhook-id
    assert len({p[1].get("webhook-id") or p[1].get("Webhook-Id") for p in docserver.posts}) == 1
