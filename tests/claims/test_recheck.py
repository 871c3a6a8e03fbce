"""claims_recheck: documents refreshed, claims rescored, history and schedule."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from claims.actors import Actor
from claims.documents import FetchFailed, FetchRefused, fetch_document
from claims.models import Claim, ClaimCheck, EvidenceState
from claims.services.recheck import claims_recheck, next_check
from claims.services.verdicts import claim_set_status
from tests.docserver import Route
from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db
TASK = Actor.for_task("claims.recheck_claim")
QUOTE = "The council postponed the vote on water rates."


def recheck(claim, **kwargs):
    kwargs.setdefault("only_due", False)
    return claims_recheck([claim.pk], actor=TASK, **kwargs)


def claim_with_document(docserver, path="/story", text=QUOTE, **route):
    url = docserver.page(path, f"Intro. {text} More text.", **route)
    evidence = EvidenceFactory(url=url, quote=QUOTE, source=SourceFactory(reliability=0.8))
    return evidence.claim, evidence


def make_stale(evidence):
    type(evidence).objects.filter(pk=evidence.pk).update(
        retrieved_at=timezone.now() - timedelta(days=2)
    )


# --------------------------------------------------------------- documents
def test_an_unchanged_document_is_asked_conditionally_and_writes_no_history(docserver):
    claim, evidence = claim_with_document(docserver, headers={"ETag": '"v1"'})
    first = recheck(claim)
    assert first.checked == 1 and first.fetched == 1
    evidence.refresh_from_db()
    assert evidence.state == EvidenceState.LIVE and evidence.http_status == 200
    assert evidence.content_hash and evidence.etag == '"v1"'
    rows = ClaimCheck.objects.count()

    make_stale(evidence)
    second = recheck(claim)
    assert second.fetched == 1 and second.changed == 0
    assert docserver.requests[-1][1].get("If-None-Match") == '"v1"'
    evidence.refresh_from_db()
    assert evidence.http_status == 304 and evidence.state == EvidenceState.LIVE
    assert ClaimCheck.objects.count() == rows  # nothing changed, nothing written


def test_a_changed_document_marks_the_evidence_changed_and_rescores(docserver):
    claim, evidence = claim_with_document(docserver)
    recheck(claim)
    before = Claim.objects.get(pk=claim.pk).confidence
    docserver.page("/story", f"Updated intro. {QUOTE} A new paragraph was added.")
    make_stale(evidence)
    report = recheck(claim)
    evidence.refresh_from_db()
    assert evidence.state == EvidenceState.CHANGED
    assert report.changed == 1
    assert Claim.objects.get(pk=claim.pk).confidence < before
    row = ClaimCheck.objects.filter(claim=claim).latest("id")
    assert any("document changed" in t["label"] for t in row.basis)


def test_a_document_without_the_quote_is_quote_missing(docserver):
    claim, evidence = claim_with_document(docserver)
    recheck(claim)
    docserver.page("/story", "The council approved the rates after all.")
    make_stale(evidence)
    recheck(claim)
    evidence.refresh_from_db()
    assert evidence.state == EvidenceState.QUOTE_MISSING


@pytest.mark.parametrize("status", [404, 410])
def test_a_removed_document_is_gone_and_a_claim_with_no_support_left_is_retracted(
    docserver, status
):
    claim, evidence = claim_with_document(docserver)
    docserver.routes["/story"] = Route(status=status, body=b"gone")
    recheck(claim)
    evidence.refresh_from_db()
    claim.refresh_from_db()
    assert evidence.state == EvidenceState.GONE and evidence.http_status == status
    assert claim.status == "retracted"
    assert ClaimCheck.objects.get(claim=claim).new_status == "retracted"


def test_a_redirect_to_a_private_address_is_refused_with_its_reason_and_counts_for_nothing(
    docserver,
):
    claim, evidence = claim_with_document(docserver)
    # the claim's own article, from another publisher: the refused document
    # would make it corroborated if it counted
    EvidenceFactory(claim=claim, url="", source=SourceFactory(reliability=0.8))
    docserver.routes["/story"] = Route(status=302, headers={"Location": "http://10.20.30.40/x"})
    report = recheck(claim)
    evidence.refresh_from_db()
    claim.refresh_from_db()
    assert "non-public address" in report.fetch_errors[0]
    assert evidence.state == EvidenceState.REFUSED and evidence.retrieved_at is not None
    assert "non-public address (10.20.30.40)" in evidence.fetch_error
    assert claim.status == "unverified"
    assert any("document refused" in term["label"] for term in claim.confidence_basis)


def test_a_redirect_loop_is_refused_too(docserver):
    claim, evidence = claim_with_document(docserver)
    docserver.routes["/story"] = Route(status=302, headers={"Location": "/story"})
    recheck(claim)
    evidence.refresh_from_db()
    assert evidence.state == EvidenceState.REFUSED
    assert "redirects" in evidence.fetch_error


def test_a_server_trickling_its_headers_is_cut_at_the_total_deadline(docserver, settings):
    settings.CLAIMS_FETCH_TOTAL_TIMEOUT = 2
    settings.CLAIMS_FETCH_READ_TIMEOUT = 1  # each byte comes sooner than this
    claim, evidence = claim_with_document(docserver)
    docserver.routes["/story"] = Route(header_drip=0.3)  # ~13 s of headers
    started = time.monotonic()
    report = recheck(claim)
    elapsed = time.monotonic() - started
    assert elapsed < 5, elapsed
    assert "total time limit" in report.fetch_errors[0]
    evidence.refresh_from_db()
    assert evidence.fetch_failures == 1 and "total time limit" in evidence.fetch_error


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/",
        "http://localhost:9/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:9/",
        "http://192.168.0.10/",
        "ftp://example.org/file",
    ],
)
def test_non_public_destinations_and_other_schemes_are_refused(url):
    with pytest.raises(FetchRefused):
        fetch_document(url)


def test_the_connected_address_is_checked_too(docserver, monkeypatch):
    # DNS answers a public address for the check, the socket lands on loopback
    import claims.documents as documents

    monkeypatch.setattr(documents, "check_destination", lambda host, port: None)
    with pytest.raises(FetchRefused, match="connected to a non-public address"):
        fetch_document(docserver.url("/story"))  # 127.0.0.1 is not allowed here


def test_redirects_are_followed_hop_by_hop_within_the_limit(docserver):
    docserver.page("/final", QUOTE)
    docserver.routes["/a"] = Route(status=301, headers={"Location": "/final"})
    result = fetch_document(docserver.url("/a"), allowed_hosts={"127.0.0.1"})
    assert result.status == 200 and result.final_url.endswith("/final")
    docserver.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchRefused, match="redirects"):
        fetch_document(docserver.url("/loop"), allowed_hosts={"127.0.0.1"}, max_redirects=3)


def test_an_oversize_body_is_cut_at_the_cap(docserver, settings):
    docserver.routes["/big"] = Route(body=b"x" * 200_000, headers={"Content-Type": "text/plain"})
    result = fetch_document(docserver.url("/big"), allowed_hosts={"127.0.0.1"}, max_bytes=1000)
    assert result.truncated and len(result.body) == 1000


def test_a_slow_server_times_out(docserver):
    docserver.routes["/slow"] = Route(body=b"late", delay=3)
    with pytest.raises(FetchFailed):
        fetch_document(docserver.url("/slow"), allowed_hosts={"127.0.0.1"}, read_timeout=0.5)


def test_a_dripping_server_hits_the_total_deadline(docserver):
    docserver.routes["/drip"] = Route(body=b"y" * 2000, drip=0.05)
    with pytest.raises(FetchFailed, match="total time"):
        fetch_document(docserver.url("/drip"), allowed_hosts={"127.0.0.1"}, total_timeout=0.5)


def test_a_timeout_in_a_task_is_raised_for_retry_and_writes_nothing(docserver):
    claim, evidence = claim_with_document(docserver, delay=3)
    with pytest.raises(FetchFailed):
        recheck(claim, tolerate_fetch_errors=False)
    claim.refresh_from_db()
    evidence.refresh_from_db()
    assert claim.check_count == 0 and claim.last_checked_at is None
    assert evidence.fetch_failures == 0


def test_repeated_failures_past_the_limit_make_a_document_gone(docserver, settings):
    settings.CLAIMS_FETCH_MAX_FAILURES = 3
    evidence = EvidenceFactory(url="http://no-such-host.invalid/story")
    for attempt in range(1, 4):
        make_stale(evidence)
        report = recheck(evidence.claim)
        evidence.refresh_from_db()
        assert evidence.fetch_failures == attempt
        assert report.fetch_errors
    assert evidence.state == EvidenceState.GONE


# ---------------------------------------------------------------- rescoring
def test_rescoring_writes_one_history_row_per_real_change():
    claim = ClaimFactory()
    EvidenceFactory(claim=claim, url="")
    EvidenceFactory(claim=claim, url="")
    first = recheck(claim, fetch=False)
    again = recheck(claim, fetch=False)
    claim.refresh_from_db()
    assert (first.changed, again.changed) == (1, 0)
    assert claim.status == "corroborated" and claim.check_count == 2
    row = ClaimCheck.objects.get(claim=claim)
    assert row.actor == TASK.label and row.actor_kind == "task"
    assert [t["term"] for t in claim.confidence_basis][0] == "prior"


def test_only_due_claims_are_checked_by_a_sweep_and_superseded_ones_never():
    now = timezone.now()
    due = ClaimFactory(next_check_at=now - timedelta(minutes=1))
    later = ClaimFactory(next_check_at=now + timedelta(hours=1))
    superseded = ClaimFactory(next_check_at=now - timedelta(minutes=1), superseded_at=now)
    report = claims_recheck([due.pk, later.pk, superseded.pk], actor=TASK, fetch=False)
    assert (report.checked, report.skipped) == (1, 2)
    assert Claim.objects.get(pk=due.pk).next_check_at > now
    assert Claim.objects.get(pk=later.pk).check_count == 0


def test_a_locked_verdict_keeps_its_status_while_confidence_moves():
    claim = ClaimFactory()
    claim_set_status(
        claim_id=claim.pk,
        actor=Actor.for_user(UserFactory()),
        status="refuted",
        lock=True,
        reason="court ruling",
    )
    EvidenceFactory(claim=claim, url="")
    EvidenceFactory(claim=claim, url="")
    recheck(claim, fetch=False)
    claim.refresh_from_db()
    assert claim.status == "refuted" and claim.confidence > 0.6


def test_the_schedule_backs_off_while_stable_and_resets_on_change(settings):
    settings.CLAIMS_RECHECK_BASE_SECONDS = 100
    settings.CLAIMS_RECHECK_MAX_SECONDS = 350
    now = timezone.now()
    claim = ClaimFactory.build(check_interval=0)
    intervals = []
    for _ in range(4):
        claim.check_interval, _when = next_check(claim, changed=False, now=now)
        intervals.append(claim.check_interval)
    assert intervals == [100, 200, 350, 350]
    assert next_check(claim, changed=True, now=now)[0] == 100


def test_time_bound_claims_are_checked_sooner_and_when_they_expire(settings):
    settings.CLAIMS_RECHECK_TIME_BOUND_SECONDS = 3600
    now = timezone.now()
    claim = ClaimFactory.build(time_bound=True, check_interval=86400)
    assert next_check(claim, changed=False, now=now)[0] == 3600
    claim.valid_until = now + timedelta(minutes=10)
    assert next_check(claim, changed=False, now=now)[1] == claim.valid_until


def test_an_expired_time_bound_claim_goes_outdated():
    claim = ClaimFactory(time_bound=True, valid_until=timezone.now() - timedelta(hours=1))
    recheck(claim, fetch=False)
    claim.refresh_from_db()
    assert claim.status == "outdated"


@pytest.mark.django_db(transaction=True)
def test_a_claim_being_checked_by_another_worker_is_skipped(on_postgresql):
    claim = ClaimFactory(next_check_at=timezone.now() - timedelta(minutes=1))
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                Claim.objects.select_for_update().get(pk=claim.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    locked.wait(10)
    try:
        report = claims_recheck([claim.pk], actor=TASK, fetch=False)
    finally:
        release.set()
        thread.join(10)
    assert (report.checked, report.skipped) == (0, 1)
    assert Claim.objects.get(pk=claim.pk).check_count == 0


def test_a_row_is_asked_with_its_own_etag_not_another_claims_newer_one(docserver):
    from sources.services import text_content_hash

    url = docserver.page("/story", f"Updated. {QUOTE} New paragraph.", headers={"ETag": '"v2"'})
    old = EvidenceFactory(
        url=url,
        quote=QUOTE,
        etag='"v1"',
        content_hash=text_content_hash(f"Intro. {QUOTE}"),
        retrieved_at=timezone.now() - timedelta(days=2),
    )
    # another claim's evidence already saw the newer version
    EvidenceFactory(url=url, quote=QUOTE, etag='"v2"', retrieved_at=timezone.now())
    recheck(old.claim)
    assert docserver.requests[-1][1].get("If-None-Match") == '"v1"'
    old.refresh_from_db()
    assert old.state == EvidenceState.CHANGED  # not hidden behind a 304
