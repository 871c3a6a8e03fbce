"""Real Celery workers on a real broker and PostgreSQL (second leg of .ci/run).

The workers are separate processes started from the project's own settings,
pointed at this test run's database and a queue of its own.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from claims.extraction.normalize import claim_fingerprint
from claims.models import Claim, ClaimCheck
from claims.tasks import recheck_claim, recheck_due
from config.celery import app as celery_app
from tests.celery_helpers import broker_at
from tests.factories import ArticleFactory, EvidenceFactory, SourceFactory

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class Workers:
    def __init__(self, broker_url: str, queue: str, tmp_path: Path):
        self.broker_url, self.queue, self.tmp_path = broker_url, queue, tmp_path
        self.processes: list[subprocess.Popen] = []

    def env(self, **extra) -> dict:
        db = connection.settings_dict
        database_url = (
            f"postgres://{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}"
            f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DATABASE_URL=database_url,
            CELERY_BROKER_URL=self.broker_url,
            CELERY_QUEUE=self.queue,
            SECRET_KEY="worker-test-secret-key",
            DEBUG="0",
            CLAIMS_FETCH_ENABLED="0",
        )
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def start(self, name: str, **env) -> subprocess.Popen:
        log = open(self.tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                self.queue,
                "-n",
                f"{name}-{self.queue}@%h",
                "--pool=prefork",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=self.env(**env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed as a whole
        )
        process.log_path = log.name
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)

    def logs(self) -> str:
        return "\n".join(
            Path(p.log_path).read_text(errors="replace")[-3000:] for p in self.processes
        )


@pytest.fixture
def workers(settings, on_postgresql, tmp_path):
    broker_url = settings.CLAIMS_TEST_BROKER_URL
    if not broker_url:
        pytest.skip("needs a real broker (CELERY_BROKER_URL); run by the second leg of .ci/run")
    queue = f"claimtrack-test-{uuid.uuid4().hex[:8]}"
    pool = Workers(broker_url, queue, tmp_path)
    with broker_at(broker_url, queue=queue):
        try:
            yield pool
        finally:
            pool.stop_all()
            with celery_app.connection_for_write() as conn:
                conn.default_channel.queue_purge(queue)
            connection.close()


def due_claims(count: int) -> list[int]:
    article = ArticleFactory()
    due = timezone.now() - timedelta(minutes=5)
    claims = Claim.objects.bulk_create(
        Claim(
            article=article,
            position=i,
            text=f"Claim number {i} about the port",
            quote=article.raw_text[:20],
            start=0,
            end=20,
            fingerprint=claim_fingerprint(f"Claim number {i} about the port"),
            next_check_at=due,
        )
        for i in range(count)
    )
    return [c.pk for c in claims]


def test_two_workers_drain_2000_due_claims_each_checked_exactly_once(workers):
    ids = due_claims(2000)
    first = workers.start("w1", CLAIMS_RECHECK_BATCH_SIZE=50)
    second = workers.start("w2", CLAIMS_RECHECK_BATCH_SIZE=50)
    # two sweeps queue every batch twice: the duplicates must find nothing due
    recheck_due.delay()
    recheck_due.delay()
    try:
        wait_until(
            lambda: not Claim.objects.filter(pk__in=ids, check_count=0).exists(),
            timeout=240,
            what="every claim to be checked",
        )
        time.sleep(3)  # let duplicate batches run to the end
    except AssertionError:
        print(workers.logs())
        raise
    counts = set(Claim.objects.filter(pk__in=ids).values_list("check_count", flat=True))
    assert counts == {1}, "a claim was checked twice, or missed"
    assert not Claim.objects.filter(pk__in=ids, next_check_at__lte=timezone.now()).exists()
    logs = [Path(p.log_path).read_text(errors="replace") for p in (first, second)]
    assert all("claims.recheck_batch" in log and "succeeded" in log for log in logs), (
        "both workers should have taken batches"
    )


def test_a_worker_killed_mid_check_leaves_the_claim_due_and_the_task_is_redelivered(
    workers, docserver
):
    from tests.docserver import Route

    url = docserver.url("/slow")
    docserver.routes["/slow"] = Route(
        body=b"<p>The council postponed the vote.</p>",
        headers={"Content-Type": "text/html"},
        delay=8,
    )
    evidence = EvidenceFactory(
        url=url, quote="The council postponed the vote.", source=SourceFactory()
    )
    claim = evidence.claim
    Claim.objects.filter(pk=claim.pk).update(next_check_at=timezone.now() - timedelta(minutes=1))
    fetching = {
        "CLAIMS_FETCH_ENABLED": 1,
        "CLAIMS_FETCH_ALLOWED_HOSTS": "127.0.0.1",
        "CLAIMS_FETCH_READ_TIMEOUT": 30,
        "CLAIMS_FETCH_TOTAL_TIMEOUT": 30,
        "CELERY_VISIBILITY_TIMEOUT": 2,
        "CELERY_UNACKED_RESTORE_INTERVAL": 1,
    }
    doomed = workers.start("doomed", **fetching)
    recheck_claim.delay(claim.pk)
    assert docserver.hit.wait(60), workers.logs()  # the worker is inside the check
    workers.kill(doomed)

    claim.refresh_from_db()
    assert claim.check_count == 0 and claim.last_checked_at is None
    assert claim.next_check_at <= timezone.now()
    assert not ClaimCheck.objects.filter(claim=claim).exists()

    docserver.routes["/slow"].delay = 0
    workers.start("rescuer", **fetching)
    try:
        wait_until(
            lambda: Claim.objects.get(pk=claim.pk).check_count >= 1,
            timeout=90,
            what="the redelivered re-check",
        )
    except AssertionError:
        print(workers.logs())
        raise
    claim.refresh_from_db()
    evidence.refresh_from_db()
    assert claim.check_count == 1
    assert evidence.http_status == 200 and evidence.retrieved_at is not None


def test_a_large_article_posted_to_the_api_is_ingested_by_a_worker_behind_202(workers):
    from django.contrib.auth.models import Permission

    from claims.models import Job
    from sources.models import Article
    from tests.api.conftest import client_for
    from tests.factories import UserFactory

    user = UserFactory(username="wire-desk")
    user.user_permissions.set(Permission.objects.filter(codename__in=["add_article"]))
    api = client_for(user)
    text = "Port News\n\n" + "\n\n".join(
        f"Ship {n} docked at the port of Marlow on Monday, officials said." for n in range(40)
    )
    response = api.post(
        "/api/v1/articles/?async=1", {"title": "Ships", "text": text}, format="json"
    )
    assert response.status_code == 202, response.content
    job_url = response["Location"]
    assert response.json()["state"] == "queued" and job_url.endswith(
        f"/api/v1/jobs/{response.json()['id']}/"
    )
    assert not Article.objects.exists()  # nothing stored by the request itself
    workers.start("w1")
    try:
        wait_until(
            lambda: Job.objects.get().state in ("done", "failed"), 90, "the ingest job to finish"
        )
    except AssertionError:
        raise AssertionError(workers.logs()) from None
    body = api.get(job_url).json()
    assert body["state"] == "done", body
    assert body["result"]["outcome"] == "created" and body["result"]["claims_created"] == 40
    article = api.get(body["article"]).json()
    assert len(article["claims"]) == 40
    assert Job.objects.get().payload == ""  # the text is kept once, in the article
