"""Webhooks: consumers hear of changes as they happen.

A subscription (``Webhook``) follows the change feed (``history_after``):
``webhooks_dispatch`` (a task, every second) turns the history events a
subscription asks for into deliveries, one per event and subscription
(never two: the pair is unique, and the subscription's place in the feed
moves in the same transaction), and queues them once that commits.
``delivery_send`` POSTs one, signed as Standard Webhooks says
(``webhook-id``, ``webhook-timestamp``, ``webhook-signature``: HMAC-SHA256
over id, timestamp and body with the subscription's secret), through the
same public-address guard as document fetching. A failed attempt is tried
again with exponential backoff and jitter (CLAIMS_WEBHOOK_ATTEMPTS in all);
a delivery failing them all counts against its subscription, which is
disabled after CLAIMS_WEBHOOK_DISABLE_AFTER such failures in a row. Every
attempt is recorded (status, latency, error) and a delivery can be sent
again from the admin.

A receiver verifies with the ``standardwebhooks`` package (README,
"Webhooks") and de-duplicates on ``webhook-id``: a worker killed after
sending and before recording sends the message again.
"""

from __future__ import annotations

import base64
import json
import random
import secrets
import time
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from standardwebhooks import Webhook as Signer

from claims.actors import Actor
from claims.documents import FetchFailed, FetchRefused, post_json
from claims.models import (
    ARTICLE_EVENT,
    WEBHOOK_EVENTS,
    Claim,
    ClaimCheck,
    DeliveryState,
    Webhook,
    WebhookDelivery,
)
from claims.selectors import articles_after, articles_end, feed_end, history_after
from claims.services.errors import InvalidInput
from claims.services.queue import DELIVER_WEBHOOK, enqueue_on_commit
from sources.models import Article

DISPATCH_BATCH = 500


def new_secret() -> str:
    """A signing secret as Standard Webhooks writes it: ``whsec_`` and 32
    random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def webhook_create(
    *,
    url: str,
    events: list[str],
    actor: Actor,
    user,
    description: str = "",
    publishers: list[int] | None = None,
):
    """A subscription to the events from now on (its place in the feeds is
    their end). Its secret is said once, to its creator."""
    unknown = sorted(set(events) - set(WEBHOOK_EVENTS))
    if unknown:
        raise InvalidInput(f"unknown events: {', '.join(unknown)}")
    order, last_id = feed_end()
    article_order, article_id = articles_end()
    return Webhook.objects.create(
        url=url,
        events=sorted(set(events)),
        publishers=sorted(set(publishers or [])),
        description=description,
        secret=new_secret(),
        feed_order=order,
        feed_id=last_id,
        article_feed_order=article_order,
        article_feed_id=article_id,
        created_by=user if getattr(user, "pk", None) else None,
    )


def event_payload(check: ClaimCheck) -> dict:
    """What a delivery says of an event: its kind, the claim, and the
    history row as the change feed shows it."""
    return {
        "type": f"claim.{check.event}",
        "timestamp": check.at.isoformat(),
        "data": {
            "event": check.pk,
            "claim": check.claim_id,
            "actor": check.actor,
            "old_status": check.old_status,
            "new_status": check.new_status,
            "old_confidence": check.old_confidence,
            "new_confidence": check.new_confidence,
            "old_locked": check.old_locked,
            "new_locked": check.new_locked,
            "changes": check.changes,
            "reason": check.reason,
        },
    }


def article_payload(article: Article) -> dict:
    """What a delivery says of an article stored: ingested (its first
    version) or a new version of a URL already stored."""
    kind = "ingested" if article.version == 1 else "new_version"
    return {
        "type": f"article.{kind}",
        "timestamp": article.created_at.isoformat(),
        "data": {
            "article": article.pk,
            "url": article.url,
            "title": article.title,
            "publisher": article.publisher_id,
            "version": article.version,
            "previous_version": article.previous_version_id,
            "claims": article.claims.count(),
        },
    }


def webhooks_dispatch() -> int:
    """Make the deliveries of every active subscription's new events and
    queue them after commit. Returns the deliveries made."""
    made = 0
    for webhook_id in Webhook.objects.filter(active=True).values_list("pk", flat=True):
        made += _dispatch_one(webhook_id)
    return made


def _dispatch_one(webhook_id: int) -> int:
    with transaction.atomic():
        webhook = (
            Webhook.objects.select_for_update(skip_locked=True)
            .filter(pk=webhook_id, active=True)
            .first()
        )
        if webhook is None:  # another dispatcher has it, or it was disabled
            return 0
        moved_claims, for_claims = _claim_deliveries(webhook)
        moved_articles, for_articles = _article_deliveries(webhook)
        if not (moved_claims or moved_articles):
            return 0
        made = for_claims + for_articles
        webhook.save(
            update_fields=[
                "feed_order",
                "feed_id",
                "article_feed_order",
                "article_feed_id",
                "updated_at",
            ]
        )
        ids = list(
            WebhookDelivery.objects.filter(
                webhook=webhook, message_id__in=[d.message_id for d in made]
            )
            .order_by("pk")  # queued in the order they happened
            .values_list("pk", flat=True)
        )
        for delivery_id in ids:
            enqueue_on_commit(DELIVER_WEBHOOK, delivery_id)
        return len(ids)


def _wants(webhook: Webhook, kind: str) -> bool:
    return not webhook.events or kind in webhook.events


def _claim_deliveries(webhook: Webhook) -> tuple[bool, list[WebhookDelivery]]:
    """Whether the subscription's place moved (past the history events
    after it, wanted or not), and the deliveries of those it wants."""
    found = history_after((webhook.feed_order, webhook.feed_id), DISPATCH_BATCH)
    if not found:
        return False, []
    events = ClaimCheck.objects.in_bulk([row_id for _, row_id in found])
    webhook.feed_order, webhook.feed_id = found[-1]
    wanted = [
        check
        for _, row_id in found
        if (check := events.get(row_id)) is not None and _wants(webhook, check.event)
    ]
    if webhook.publishers:
        theirs = set(
            Claim.objects.filter(
                pk__in={c.claim_id for c in wanted}, article__publisher_id__in=webhook.publishers
            ).values_list("pk", flat=True)
        )
        wanted = [check for check in wanted if check.claim_id in theirs]
    deliveries = [
        WebhookDelivery(
            webhook=webhook,
            event=check,
            message_id=f"msg_{webhook.pk}_{check.pk}",
            payload=event_payload(check),
        )
        for check in wanted
    ]
    return True, WebhookDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)


def _article_deliveries(webhook: Webhook) -> tuple[bool, list[WebhookDelivery]]:
    """As ``_claim_deliveries``, for the articles stored (ingested, or new
    versions) after the subscription's place among articles."""
    found = articles_after((webhook.article_feed_order, webhook.article_feed_id), DISPATCH_BATCH)
    if not found:
        return False, []
    webhook.article_feed_order, webhook.article_feed_id = found[-1]
    if not _wants(webhook, ARTICLE_EVENT):
        return True, []
    articles = Article.objects.in_bulk([row_id for _, row_id in found])
    deliveries = [
        WebhookDelivery(
            webhook=webhook,
            article=article,
            message_id=f"msg_{webhook.pk}_a{article.pk}",
            payload=article_payload(article),
        )
        for _, row_id in found
        if (article := articles.get(row_id)) is not None
        and (not webhook.publishers or article.publisher_id in webhook.publishers)
    ]
    return True, WebhookDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)


def signed_headers(secret: str, message_id: str, body: str, at: datetime) -> dict[str, str]:
    """The Standard Webhooks headers of a message."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Signer(secret).sign(message_id, at, body),
    }


def backoff_seconds(attempt: int) -> float:
    """Before attempt ``attempt + 1``: exponential from 5 s, with jitter, at
    most an hour."""
    return min(3600.0, 5.0 * 2 ** (attempt - 1)) * random.uniform(0.5, 1.5)


def delivery_send(delivery_id: int) -> float | None:
    """One attempt at a delivery. Returns the seconds to wait before trying
    again, or None when it is done (sent, failed for good, or not
    pending)."""
    delivery = (
        WebhookDelivery.objects.select_related("webhook")
        .filter(pk=delivery_id, state=DeliveryState.PENDING)
        .first()
    )
    if delivery is None:
        return None
    webhook = delivery.webhook
    body = json.dumps(delivery.payload, separators=(",", ":"))
    headers = signed_headers(webhook.secret, delivery.message_id, body, timezone.now())
    started = time.monotonic()
    status, error = None, ""
    try:
        status = post_json(
            webhook.url,
            body.encode(),
            headers=headers,
            timeout=settings.CLAIMS_WEBHOOK_TIMEOUT_SECONDS,
            allowed_hosts=set(settings.CLAIMS_FETCH_ALLOWED_HOSTS),
        )
        if not 200 <= status < 300:
            error = f"the receiver answered {status}"
    except (FetchRefused, FetchFailed) as exc:
        error = str(exc)[:300]
    latency = int((time.monotonic() - started) * 1000)
    return _record_attempt(delivery, status=status, error=error, latency=latency)


def _record_attempt(delivery, *, status, error, latency) -> float | None:
    with transaction.atomic():
        delivery.attempts += 1
        delivery.last_status, delivery.last_error, delivery.latency_ms = status, error, latency
        webhook = Webhook.objects.select_for_update().get(pk=delivery.webhook_id)
        retry = None
        if not error:
            delivery.state, delivery.delivered_at = DeliveryState.SENT, timezone.now()
            if webhook.failures:
                webhook.failures = 0
                webhook.save(update_fields=["failures", "updated_at"])
        elif delivery.attempts < settings.CLAIMS_WEBHOOK_ATTEMPTS:
            retry = backoff_seconds(delivery.attempts)
        else:
            delivery.state = DeliveryState.FAILED
            webhook.failures = F("failures") + 1
            webhook.save(update_fields=["failures", "updated_at"])
            webhook.refresh_from_db(fields=["failures"])
            if webhook.failures >= settings.CLAIMS_WEBHOOK_DISABLE_AFTER and webhook.active:
                webhook.active = False
                webhook.disabled_reason = (
                    f"{webhook.failures} deliveries in a row failed; the last: {error}"
                )[:300]
                webhook.save(update_fields=["active", "disabled_reason", "updated_at"])
        delivery.save()
    return retry


def delivery_resend(delivery_id: int) -> None:
    """Send a delivery again (an editor's "Redeliver"): pending, its
    attempts counted afresh, queued after commit."""
    WebhookDelivery.objects.filter(pk=delivery_id).update(
        state=DeliveryState.PENDING, attempts=0, updated_at=timezone.now()
    )
    enqueue_on_commit(DELIVER_WEBHOOK, delivery_id)
