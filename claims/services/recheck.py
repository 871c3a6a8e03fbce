"""Re-checking claims: refresh linked documents, rescore, record, reschedule.

One service, ``claims_recheck``, serves the Celery tasks, ``manage.py
recheck`` and the admin action. It works on batches:

1. Fetch the stale documents the claims' evidence links to, each URL once,
   with no lock held (network time never holds a row lock).
2. In one transaction, lock the claims (``select_for_update(skip_locked)``
   on PostgreSQL: a claim another worker is checking is skipped, not waited
   for), keep only those still due (so a duplicate task does nothing), apply
   the fetch results to the evidence, rescore, and write the changes through
   the same rule as ``claim_set_status`` — one history row per real change —
   with the next check scheduled.

A worker killed before the transaction commits leaves every claim exactly as
it was, and still due.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from celery.result import EagerResult
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from claims.actors import Actor
from claims.db import bulk_update_rows
from claims.documents import FetchFailed, FetchRefused, FetchResult, fetch_document
from claims.extraction.normalize import fold_passage
from claims.models import Claim, Evidence, EvidenceState
from claims.scoring import score_claim
from claims.services.facts import claim_facts, evidence_facts
from claims.services.queue import RECHECK_CLAIM, enqueue_result
from claims.services.verdicts import plan_scores, write_scores
from sources.models import Article
from sources.services import text_content_hash

log = logging.getLogger(__name__)

GONE_STATUSES = frozenset({404, 410})
# What a fetch may change on a piece of evidence (besides retrieved_at).
FETCH_STATE_FIELDS = (
    "state",
    "content_hash",
    "etag",
    "last_modified",
    "http_status",
    "fetch_failures",
    "fetch_error",
)
SCHEDULE_FIELDS = (
    "check_interval",
    "next_check_at",
    "last_checked_at",
    "check_count",
    "updated_at",
)
# What scoring and scheduling read: loading only these keeps a batch cheap.
CLAIM_COLUMNS = (
    "status",
    "confidence",
    "confidence_basis",
    "status_locked",
    "hedged",
    "conditional",
    "time_bound",
    "valid_until",
    "superseded_at",
    "check_interval",
    "check_count",
    "article_id",
    "attribution_id",
)
EVIDENCE_COLUMNS = (
    "claim_id",
    "stance",
    "weight",
    "url",
    "quote",
    "added_by",
    "retrieved_at",
    "source_id",
    *FETCH_STATE_FIELDS,
)


@dataclass
class RecheckReport:
    """What a re-check did."""

    checked: int = 0
    changed: int = 0
    skipped: int = 0
    fetched: int = 0
    fetch_errors: list[str] = field(default_factory=list)

    def add(self, other: RecheckReport) -> None:
        self.checked += other.checked
        self.changed += other.changed
        self.skipped += other.skipped
        self.fetched += other.fetched
        self.fetch_errors.extend(other.fetch_errors)

    def as_dict(self) -> dict:
        return {
            "checked": self.checked,
            "changed": self.changed,
            "skipped": self.skipped,
            "fetched": self.fetched,
            "fetch_errors": self.fetch_errors[:20],
        }


# ---------------------------------------------------------------- schedule
def next_check(claim: Claim, *, changed: bool, now: datetime) -> tuple[int, datetime | None]:
    """(interval in seconds, next check time). Starts at the base interval,
    doubles while nothing changes up to the cap, resets on a change;
    time-bound claims are checked at least every TIME_BOUND seconds and at
    the moment they expire. Superseded claims are not checked again."""
    if claim.superseded_at is not None:
        return claim.check_interval, None
    base = settings.CLAIMS_RECHECK_BASE_SECONDS
    if changed or claim.check_interval == 0:
        interval = base
    else:
        interval = min(settings.CLAIMS_RECHECK_MAX_SECONDS, claim.check_interval * 2)
    if claim.time_bound:
        interval = min(interval, settings.CLAIMS_RECHECK_TIME_BOUND_SECONDS)
    when = now + timedelta(seconds=interval)
    if claim.valid_until is not None and now < claim.valid_until < when:
        when = claim.valid_until
    return interval, when


def quote_in_text(quote: str, text: str) -> bool:
    """Whether a quoted passage still appears in a document's text, ignoring
    case, spacing and typographic quote marks."""
    return fold_passage(quote) in fold_passage(text)


# --------------------------------------------------------------- documents
FetchOutcome = FetchResult | FetchRefused | FetchFailed


def stale_documents(claim_ids: list[int], now: datetime) -> dict[str, tuple[str, str]]:
    """The claims' evidence URLs not fetched recently, each with the
    (ETag, Last-Modified) to ask conditionally: the ones these rows last
    saw, or none when the rows disagree (a 304 against another row's newer
    validators would hide a change from these)."""
    cutoff = now - timedelta(seconds=settings.CLAIMS_DOCUMENT_REFRESH_SECONDS)
    rows = (
        Evidence.objects.filter(claim_id__in=claim_ids)
        .exclude(url="")
        .filter(Q(retrieved_at__isnull=True) | Q(retrieved_at__lt=cutoff))
        .values_list("url", "etag", "last_modified")
        .order_by("url")
    )
    seen: dict[str, set[tuple[str, str]]] = {}
    for url, etag, modified in rows:
        seen.setdefault(url, set()).add((etag, modified))
    return {url: pairs.pop() if len(pairs) == 1 else ("", "") for url, pairs in seen.items()}


def fetch_outcomes(
    documents: dict[str, tuple[str, str]], *, tolerate_errors: bool
) -> dict[str, FetchOutcome]:
    """Fetch each URL once, conditionally where validators are known.
    Network failures raise unless tolerated (a task retries them with
    backoff; a sweep records them and moves on)."""
    outcomes: dict[str, FetchOutcome] = {}
    for url, (etag, modified) in documents.items():
        try:
            outcomes[url] = fetch_document(
                url,
                etag=etag,
                last_modified=modified,
                connect_timeout=settings.CLAIMS_FETCH_CONNECT_TIMEOUT,
                read_timeout=settings.CLAIMS_FETCH_READ_TIMEOUT,
                total_timeout=settings.CLAIMS_FETCH_TOTAL_TIMEOUT,
                max_bytes=settings.CLAIMS_FETCH_MAX_BYTES,
                max_redirects=settings.CLAIMS_FETCH_MAX_REDIRECTS,
                allowed_hosts=set(settings.CLAIMS_FETCH_ALLOWED_HOSTS),
            )
        except FetchRefused as exc:
            log.warning("not fetching %s: %s", url, exc)
            outcomes[url] = exc
        except FetchFailed as exc:
            if not tolerate_errors:
                raise
            log.info("fetch failed for %s: %s", url, exc)
            outcomes[url] = exc
    return outcomes


def apply_outcome(evidence: Evidence, outcome: FetchOutcome, now: datetime) -> set[str]:
    """Update one piece of evidence from what fetching its URL found.

    live: reachable and unchanged; changed: the text differs from the one
    first seen (the baseline an editor can reset by saving the evidence);
    quote_missing: the quoted passage is no longer in it; gone: 404/410, or
    failures (DNS, 5xx, timeouts) on CLAIMS_FETCH_MAX_FAILURES fetches in a
    row; refused: the URL may not be fetched (a private address, a redirect
    loop, not http(s)), so it counts for nothing. Returns the fields changed.
    """
    before = {name: getattr(evidence, name) for name in FETCH_STATE_FIELDS}
    evidence.retrieved_at = now
    evidence.fetch_error = ""
    if isinstance(outcome, FetchRefused):
        evidence.state = EvidenceState.REFUSED
        evidence.http_status = None
        evidence.fetch_error = str(outcome)[:300]
    elif isinstance(outcome, FetchFailed) or (
        outcome.status >= 400 and outcome.status not in GONE_STATUSES
    ):
        evidence.http_status = None if isinstance(outcome, FetchFailed) else outcome.status
        evidence.fetch_error = str(outcome)[:300] if isinstance(outcome, FetchFailed) else ""
        evidence.fetch_failures += 1
        if evidence.fetch_failures >= settings.CLAIMS_FETCH_MAX_FAILURES:
            evidence.state = EvidenceState.GONE
    elif outcome.status in GONE_STATUSES:
        evidence.http_status = outcome.status
        evidence.fetch_failures = 0
        evidence.state = EvidenceState.GONE
    elif outcome.not_modified:
        evidence.http_status = 304
        evidence.fetch_failures = 0
        if evidence.state in (EvidenceState.GONE, EvidenceState.REFUSED):
            evidence.state = EvidenceState.LIVE
    elif outcome.ok:
        text = outcome.text()
        digest = text_content_hash(text)
        evidence.http_status = outcome.status
        evidence.fetch_failures = 0
        evidence.etag, evidence.last_modified = outcome.etag[:300], outcome.last_modified[:100]
        if not evidence.content_hash:
            evidence.content_hash = digest  # the first version seen is the baseline
        if evidence.quote and not quote_in_text(evidence.quote, text):
            evidence.state = EvidenceState.QUOTE_MISSING
        elif digest != evidence.content_hash:
            evidence.state = EvidenceState.CHANGED
        else:
            evidence.state = EvidenceState.LIVE
    changed = {name for name in FETCH_STATE_FIELDS if getattr(evidence, name) != before[name]}
    return changed | {"retrieved_at"}


# ------------------------------------------------------------------ recheck
def claims_recheck(
    claim_ids: Iterable[int],
    *,
    actor: Actor,
    only_due: bool = True,
    fetch: bool | None = None,
    tolerate_fetch_errors: bool = True,
    now: datetime | None = None,
    reason: str = "",
    due_by: datetime | None = None,
) -> RecheckReport:
    """Re-check the given claims (see the module docstring). ``reason`` says
    why on the history rows it writes ("after evidence … added by …").

    ``only_due``: skip claims whose next check is not due (what the sweep
    wants; "re-check now" passes False); ``due_by``: due at that time
    rather than now (a sweep's batch, taken until its lease ends). ``fetch``: refresh documents
    (default: the CLAIMS_FETCH_ENABLED setting).
    """
    ids = list(dict.fromkeys(claim_ids))
    report = RecheckReport()
    if not ids:
        return report
    now = now or timezone.now()
    fetch = settings.CLAIMS_FETCH_ENABLED if fetch is None else fetch
    outcomes: dict[str, FetchOutcome] = {}
    if fetch:
        outcomes = fetch_outcomes(stale_documents(ids, now), tolerate_errors=tolerate_fetch_errors)
        report.fetched = len(outcomes)
        report.fetch_errors = [
            f"{url}: {o}" for url, o in outcomes.items() if isinstance(o, Exception)
        ]

    with transaction.atomic():
        claims_qs = Claim.objects.filter(pk__in=ids)
        claims_qs = claims_qs.due(due_by or now) if only_due else claims_qs.current()
        # Related values come as annotations: no model instances to build.
        claims = list(
            claims_qs.select_for_update(skip_locked=True, of=("self",))
            .only(*CLAIM_COLUMNS)
            .annotate(
                attribution_kind=F("attribution__kind"),
                article_url=F("article__url"),
                article_publisher_id=F("article__publisher_id"),
            )
            .order_by("pk")
        )
        report.skipped = len(ids) - len(claims)
        if not claims:
            return report
        evidence_by_claim: dict[int, list[Evidence]] = {c.pk: [] for c in claims}
        evidence_updates: list[Evidence] = []
        evidence_fields: set[str] = set()
        evidence_rows = (
            Evidence.objects.filter(claim_id__in=evidence_by_claim)
            .only(*EVIDENCE_COLUMNS)
            .annotate(
                source_reliability=F("source__reliability"),
                source_official=F("source__is_official"),
                source_name=F("source__name"),
            )
        )
        for item in evidence_rows:
            evidence_by_claim[item.claim_id].append(item)
            if item.url in outcomes:
                changed = apply_outcome(item, outcomes[item.url], now)
                if changed:
                    evidence_updates.append(item)
                    evidence_fields |= changed
        for item in evidence_updates:
            item.updated_at = now
        bulk_update_rows(Evidence, evidence_updates, sorted(evidence_fields | {"updated_at"}))

        scores = []
        for claim in claims:
            facts = [
                evidence_facts(
                    e,
                    reliability=e.source_reliability,
                    is_official=e.source_official,
                    source_name=e.source_name,
                    article_url=claim.article_url,
                    article_publisher_id=claim.article_publisher_id,
                )
                for e in evidence_by_claim[claim.pk]
            ]
            facts_of_claim = claim_facts(claim, attribution_kind=claim.attribution_kind)
            scores.append(score_claim(facts_of_claim, facts, now))
            claim.last_checked_at = now
            claim.check_count += 1
            claim.updated_at = now
        changes = plan_scores(claims, scores, actor=actor, reason=reason)
        for claim, change in zip(claims, changes, strict=True):
            claim.check_interval, claim.next_check_at = next_check(
                claim, changed=change.check is not None, now=now
            )
        # A steady re-check rewrites only the schedule; the verdict columns
        # are written for the claims whose score moved.
        history = write_scores(claims, changes, also_write=SCHEDULE_FIELDS)
        if outcomes:
            _record_article_fetches(claims, outcomes, now)
        report.checked = len(claims)
        report.changed = len(history)
    return report


def _record_article_fetches(claims: list[Claim], outcomes: dict, now: datetime) -> None:
    """Keep the articles' own re-fetch state in step with what was fetched."""
    for url in {c.article_url for c in claims if c.article_url}:
        outcome = outcomes.get(url)
        if isinstance(outcome, FetchResult):
            Article.objects.filter(url=url).update(
                http_status=outcome.status,
                etag=outcome.etag[:300],
                last_modified=outcome.last_modified[:100],
                fetched_at=now,
            )


@dataclass
class RecheckRequest:
    """What "Re-check now" did: queued the re-checks (``task_ids``), or, with
    no broker, ran them here (``report``)."""

    task_ids: list[str] = field(default_factory=list)
    report: RecheckReport | None = None


def claims_recheck_now(claim_ids: Iterable[int], *, user, reason: str = "") -> RecheckRequest:
    """Re-check these claims now, due or not, on behalf of ``user`` (an
    editor's "Re-check now" in the admin, or an API client's POST): one
    task per claim, named by the history rows it writes. Without a broker
    the tasks run in-process and their report is returned."""
    reason = reason or f"re-check asked for by {user.get_username()}"
    ids = list(dict.fromkeys(claim_ids))
    # due at once, so a broker outage delays the check only to the next sweep
    Claim.objects.filter(pk__in=ids).current().update(next_check_at=timezone.now())
    request = RecheckRequest()
    for claim_id in ids:
        result = enqueue_result(RECHECK_CLAIM, claim_id, requested_by=user.pk, reason=reason)
        if result is None:
            continue
        if isinstance(result, EagerResult):
            request.report = request.report or RecheckReport()
            request.report.add(RecheckReport(**result.result))
        else:
            request.task_ids.append(result.id)
    return request


# ------------------------------------------------------------------- sweeps
def lease_due_batches(
    *, now: datetime | None = None, lease_seconds: int | None = None
) -> Iterator[tuple[list[int], datetime]]:
    """Batches of due claims for the sweep to queue, each taken until
    ``lease_until``: their next check moves to it, so the next sweep does
    not queue them again while this batch waits or runs (a host that stalls
    a batch cannot multiply it). The batch checks the claims due by
    ``lease_until``; if it is lost, they are due again when the lease ends."""
    now = now or timezone.now()
    seconds = settings.CLAIMS_RECHECK_LEASE_SECONDS if lease_seconds is None else lease_seconds
    lease_until = now + timedelta(seconds=seconds)
    for batch in due_claim_ids(now=now):
        Claim.objects.filter(pk__in=batch).due(now).update(next_check_at=lease_until)
        yield batch, lease_until


def due_claim_ids(*, now: datetime | None = None, limit: int | None = None) -> Iterator[list[int]]:
    """Batches of ids of claims due for a re-check, oldest due first; claims
    of one article tend to share a batch (one fetch of its URL). Streams ids
    in chunks: memory stays flat however many claims are due."""
    now = now or timezone.now()
    size = settings.CLAIMS_RECHECK_BATCH_SIZE
    limit = settings.CLAIMS_RECHECK_SWEEP_LIMIT if limit is None else limit
    ids = (
        Claim.objects.due(now)
        .order_by("next_check_at", "article_id", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    batch: list[int] = []
    for pk in ids.iterator(chunk_size=max(size, 2000)):
        batch.append(pk)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def all_claim_ids(*, batch_size: int | None = None) -> Iterator[list[int]]:
    """Batches of the ids of every claim still current, by key ranges."""
    size = batch_size or settings.CLAIMS_RECHECK_BATCH_SIZE
    last = 0
    while True:
        batch = list(
            Claim.objects.current()
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        if not batch:
            return
        yield batch
        last = batch[-1]
