"""Work done by a worker for a client that follows it: large articles are
ingested this way, so a web request never holds on to minutes of parsing,
and re-checks asked for through the API are queued this way.

``job_ingest_queue`` records the job and queues it after commit; the worker
runs ``job_run``. A job's state goes queued → running → done or failed, with
its result (the article and what happened to it) or its error (and the HTTP
status the same error would have had in a synchronous request).
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from claims.actors import Actor
from claims.extraction.inputs import InputError, prepare_text
from claims.models import Claim, Job, JobKind, JobState
from claims.services.errors import InvalidInput, ServiceError
from claims.services.ingest import article_ingest, check_may_store
from claims.services.queue import enqueue_on_commit, runs_in_process
from claims.services.recheck import claims_recheck

log = logging.getLogger(__name__)

RUN_JOB = "claims.run_job"


def ingest_in_background(*, characters: int, asked: bool) -> bool:
    """Whether an article goes to a worker: when one exists (a broker is
    configured) and the text is long (CLAIMS_ASYNC_INGEST_CHARS) or the
    client asked. In-process (no broker) ingest stays synchronous."""
    if runs_in_process():
        return False
    return asked or characters > settings.CLAIMS_ASYNC_INGEST_CHARS


def job_ingest_queue(
    *,
    text: str,
    actor: Actor,
    user,
    url: str | None = None,
    title: str = "",
    publisher: str | None = None,
    published_at: datetime | None = None,
    byline: str = "",
    may_replace: bool = True,
) -> Job:
    """Record an ingest job and queue it once the transaction commits.
    What can be refused at once is refused here (bad text, a replace the
    caller may not make), with the error a synchronous ingest would give."""
    try:
        prepare_text(text, max_bytes=settings.CLAIMS_MAX_ARTICLE_BYTES)
    except InputError as exc:
        raise InvalidInput(str(exc)) from exc
    check_may_store(text=text, url=url, may_replace=may_replace)
    params = {
        "url": url,
        "title": title,
        "publisher": publisher,
        "published_at": published_at.isoformat() if published_at else None,
        "byline": byline,
        "may_replace": may_replace,
        "characters": len(text),
    }
    return _queue(JobKind.INGEST, params, actor=actor, user=user, payload=text)


def _queue(kind: str, params: dict, *, actor: Actor, user, payload: str = "") -> Job:
    """Record a job on ``actor``'s behalf and queue it once the transaction
    commits."""
    job = Job.objects.create(
        kind=kind,
        params=params,
        payload=payload,
        progress="waiting for a worker",
        created_by=user if getattr(user, "pk", None) else None,
        actor_kind=actor.kind,
        actor=actor.label[:200],
    )
    enqueue_on_commit(RUN_JOB, job.pk)
    return job


def job_recheck_queue(claim_ids: list[int], *, actor: Actor, user, reason: str = "") -> Job:
    """Record a re-check of these claims (due at once, so a broker outage
    only delays them to the next sweep) and queue it after commit."""
    ids = list(dict.fromkeys(claim_ids))
    Claim.objects.filter(pk__in=ids).current().update(next_check_at=timezone.now())
    return _queue(JobKind.RECHECK, {"claims": ids, "reason": reason}, actor=actor, user=user)


def job_run(job_id: int, *, redelivered: bool = False) -> Job | None:
    """Run a queued job (a worker's task). A finished job is left alone, and
    so is a running one unless its message was redelivered (its worker
    died): ingesting and re-checking are idempotent, so running it again is
    safe."""
    states = [JobState.QUEUED, JobState.RUNNING] if redelivered else [JobState.QUEUED]
    claimed = Job.objects.filter(pk=job_id, state__in=states).update(
        state=JobState.RUNNING, started_at=timezone.now(), progress="working"
    )
    if not claimed:
        return None
    job = Job.objects.get(pk=job_id)
    actor = Actor(kind=job.actor_kind, label=job.actor, user_id=job.created_by_id)
    run = _recheck if job.kind == JobKind.RECHECK else _ingest
    try:
        result = run(job, actor)
    except ServiceError as exc:
        _finish(job, state=JobState.FAILED, error=str(exc), error_status=exc.http_status)
        return job
    except Exception:
        log.exception("job %s failed", job_id)
        _finish(
            job, state=JobState.FAILED, error="Internal error: it was logged.", error_status=500
        )
        raise
    _finish(job, state=JobState.DONE, result=result)
    return job


def _ingest(job: Job, actor: Actor) -> dict:
    params = job.params
    published_at = params.get("published_at")
    result = article_ingest(
        text=job.payload,
        actor=actor,
        url=params.get("url"),
        title=params.get("title") or "",
        publisher=params.get("publisher"),
        published_at=datetime.fromisoformat(published_at) if published_at else None,
        byline=params.get("byline") or "",
        may_replace=params.get("may_replace", False),
    )
    return {
        "article": result.article.pk,
        "outcome": result.outcome,
        "claims_created": result.claims_created,
        "message": result.message,
    }


def _recheck(job: Job, actor: Actor) -> dict:
    reason = job.params.get("reason") or f"re-check asked for by {actor.label}"
    report = claims_recheck(job.params["claims"], actor=actor, only_due=False, reason=reason)
    return report.as_dict()


def _finish(job: Job, *, state: str, result=None, error: str = "", error_status=None) -> None:
    job.state = state
    job.result = result or {}
    job.error = error
    job.error_status = error_status
    job.progress = ""
    job.payload = ""  # stored in the article (or refused): not kept twice
    job.finished_at = timezone.now()
    job.save()
