"""Celery adapters: ids in, a service called, a retry policy declared.

All tasks are idempotent (a re-check of a claim that is no longer due, or
whose evidence has not changed, writes nothing), acknowledged late (a worker
killed mid-task leaves the message to be redelivered), and time-limited.
"""

import logging

from celery import shared_task
from celery.signals import worker_init
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connections
from django.utils.dateparse import parse_datetime

from claims.actors import Actor
from claims.db import WRITE_BATCH
from claims.documents import FetchFailed
from claims.matching.semantic import SemanticUnavailable
from claims.services.evidence import claims_citing
from claims.services.jobs import job_run
from claims.services.links import MATCH_BATCH, claims_match, semantic_model_derived, store_words
from claims.services.recheck import claims_recheck, lease_due_batches
from claims.services.webhooks import delivery_send, webhooks_dispatch

log = logging.getLogger(__name__)

RETRY_POLICY = {
    # network errors only: everything else is a bug to see, not to retry
    "autoretry_for": (FetchFailed,),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 3,
}


# a re-check asked for now: by an editor, or by evidence that changed
RECHECK_NOW = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "soft_time_limit": 240,
    "time_limit": 300,
    **RETRY_POLICY,
}


@shared_task(name="claims.recheck_claim", **RECHECK_NOW)
def recheck_claim(self, claim_id: int, requested_by: int | None = None, reason: str = "") -> dict:
    """Re-check one claim now (evidence changed, or an editor asked).

    ``requested_by`` is the id of the user whose action asked for it, and
    ``reason`` why: both go on the history row it may write. Network
    failures are retried with exponential backoff and jitter; the last
    attempt records them against the document and finishes the check.
    """
    return _recheck_now(self, [claim_id], requested_by, reason)


@shared_task(name="claims.recheck_claims", **RECHECK_NOW)
def recheck_claims(
    self, claim_ids: list[int], requested_by: int | None = None, reason: str = ""
) -> dict:
    """``recheck_claim`` for several claims that one action made due
    together (the links an article's matching confirmed): one task, one
    transaction."""
    return _recheck_now(self, claim_ids, requested_by, reason)


def _recheck_now(task, claim_ids: list[int], requested_by: int | None, reason: str) -> dict:
    last_try = task.request.retries >= task.max_retries
    user = None
    if requested_by is not None:
        user = get_user_model().objects.filter(pk=requested_by).first()
    report = claims_recheck(
        claim_ids,
        actor=Actor.for_task(task.name, on_behalf_of=user),
        only_due=False,
        tolerate_fetch_errors=last_try,
        reason=reason,
    )
    return report.as_dict()


@shared_task(
    bind=True,
    name="claims.recheck_batch",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=540,
    time_limit=600,
)
def recheck_batch(self, claim_ids: list[int], due_by: str | None = None) -> dict:
    """Re-check those of ``claim_ids`` still due (by ``due_by``, the end of
    the sweep's lease on them); skip any another worker holds."""
    when = parse_datetime(due_by) if due_by else None
    return claims_recheck(claim_ids, actor=Actor.for_task(self.name), due_by=when).as_dict()


@shared_task(name="claims.recheck_due", acks_late=True, time_limit=300)
def recheck_due() -> int:
    """The periodic sweep: queue batches of due claims. Returns claims queued.

    Each batch is leased (see ``lease_due_batches``): a batch still waiting
    or running is not queued again by the next sweep. Were a claim queued
    twice anyway, the second batch finds it no longer due (or locked by the
    first) and skips it.
    """
    queued = 0
    for batch, lease_until in lease_due_batches():
        recheck_batch.delay(batch, due_by=lease_until.isoformat())
        queued += len(batch)
    return queued


@shared_task(
    bind=True,
    name="claims.run_job",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=1500,
    time_limit=1800,
)
def run_job(self, job_id: int) -> str | None:
    """Run a queued job (a large article to ingest). A job already started
    is left alone unless this message was redelivered (its worker died)."""
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    job = job_run(job_id, redelivered=redelivered)
    return None if job is None else job.state


@shared_task(name="claims.match_claims", acks_late=True, soft_time_limit=1500, time_limit=1800)
def match_claims(claim_ids: list[int], again: bool = False) -> int:
    """Match each claim with the same claim in other reports (links, and
    evidence from confirmed ones); ``again``: their wording changed, and
    their links follow the new reading. Returns the links made or updated."""
    actor = Actor.for_task("claims.match_claims")
    return sum(
        len(claims_match(claim_ids[i : i + MATCH_BATCH], actor=actor, again=again))
        for i in range(0, len(claim_ids), MATCH_BATCH)
    )


@worker_init.connect
def read_store_words(**kwargs) -> None:
    """A worker reads how common words are in the store (store_words())
    once, as it starts, before its pool's processes are forked: they share
    what it read, where each read its own at its first article (1.8 s of
    the million-claim benchmark's store, twice, while articles came in).
    A database not ready yet is no reason not to start: each process then
    reads at its first match, as it would have."""
    if not settings.CLAIMS_MATCH_ENABLED:
        return
    try:
        store_words()
    except DatabaseError as exc:
        log.warning("the store's word frequencies were not read at start: %s", exc)
    finally:
        connections.close_all()  # a forked process must not share the connection


@worker_init.connect
def derive_semantic_model(**kwargs) -> None:
    """A worker derives the built-in model's file for int8 arithmetic
    (semantic.derive_built_in()) once, as it starts, before its pool's
    processes are forked: else on a new machine each derives the same file
    at its first match, about 3 s apiece. A model file that is not the
    published one is logged here and refused at the first match."""
    if not settings.CLAIMS_MATCH_ENABLED:
        return
    try:
        semantic_model_derived()
    except SemanticUnavailable as exc:
        log.warning("the semantic model was not derived at start: %s", exc)


@shared_task(name="claims.rescore_source", acks_late=True, soft_time_limit=1500, time_limit=1800)
def rescore_source(source_id: int, reason: str = "") -> int:
    """Re-score the claims whose evidence cites a source whose trust changed
    (no fetching: the documents did not change). Returns the claims checked."""
    actor = Actor.for_task("claims.rescore_source")
    checked = 0
    for batch in claims_citing(source_id, batch_size=WRITE_BATCH):
        report = claims_recheck(batch, actor=actor, only_due=False, fetch=False, reason=reason)
        checked += report.checked
    return checked


@shared_task(name="claims.dispatch_webhooks", soft_time_limit=50, time_limit=60, ignore_result=True)
def dispatch_webhooks() -> int:
    """Turn new history events into webhook deliveries (every second, by
    beat). Returns the deliveries queued."""
    return webhooks_dispatch()


@shared_task(
    bind=True,
    name="claims.deliver_webhook",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,  # the delivery counts its attempts (CLAIMS_WEBHOOK_ATTEMPTS)
    soft_time_limit=100,
    time_limit=120,
    ignore_result=True,
)
def deliver_webhook(self, delivery_id: int) -> None:
    """One attempt at a webhook delivery; another, later, if it failed."""
    wait = delivery_send(delivery_id)
    if wait is not None:
        raise self.retry(countdown=wait)
