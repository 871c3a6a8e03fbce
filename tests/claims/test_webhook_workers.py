"""Webhook deliveries through a real worker and broker (second leg of
.ci/run): a worker killed mid-way loses no message, and a message sent
twice carries the same webhook-id."""

import pytest

from claims.actors import Actor
from claims.models import DeliveryState, WebhookDelivery
from claims.services.verdicts import claim_set_status
from claims.services.webhooks import webhook_create, webhooks_dispatch
from tests.claims.test_workers import wait_until, workers  # noqa: F401 (a fixture)
from tests.docserver import Route
from tests.factories import ClaimFactory

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]
EDITOR = Actor(kind="user", label="lena")
EVENTS = 150
SENDING = {
    "CLAIMS_FETCH_ALLOWED_HOSTS": "127.0.0.1",
    "CELERY_VISIBILITY_TIMEOUT": 2,
    "CELERY_UNACKED_RESTORE_INTERVAL": 1,
}


def test_deliveries_survive_a_killed_worker_each_message_arriving(workers, docserver):  # noqa: F811
    docserver.routes["/hook"] = Route(status=204, delay=0.05)  # a receiver taking its time
    webhook_create(url=docserver.url("/hook"), events=["status"], actor=EDITOR, user=None)
    for claim in ClaimFactory.create_batch(EVENTS):
        claim_set_status(claim_id=claim.pk, actor=EDITOR, status="disputed", lock=True, reason="x")
    assert webhooks_dispatch() == EVENTS  # queued to the broker as it commits
    doomed = workers.start("doomed", **SENDING)
    try:
        wait_until(lambda: len(docserver.posts) >= 20, timeout=60, what="the first deliveries")
        workers.kill(doomed)
        workers.start("rescuer", **SENDING)
        wait_until(
            lambda: WebhookDelivery.objects.filter(state=DeliveryState.SENT).count() == EVENTS,
            timeout=180,
            what="every delivery to be sent",
        )
    except AssertionError:
        print(workers.logs())
        raise
    received = [
        {k.lower(): v for k, v in headers.items()}["webhook-id"]
        for _, headers, _ in docserver.posts
    ]
    expected = set(WebhookDelivery.objects.values_list("message_id", flat=True))
    assert set(received) == expected  # none lost
    # at most the message the worker died sending comes twice, with its id
    assert len(received) - len(expected) <= 1
