"""Webhook delivery latency with a real worker, beat and broker: from a
status change's commit to its signed delivery at a local receiver
(bar: p95 <= 2 s), and that every event arrives once.

Needs PostgreSQL (the benchmark database, bench/dataset.py) and a Redis
broker (CELERY_BROKER_URL, default redis://127.0.0.1:6379/0). Starts one
worker and beat as the Procfile does, subscribes a receiver on this
machine, changes the status of EVENTS claims at RATE a second, and waits for
every delivery. Prints JSON.

    .venv/bin/python bench/webhooks.py [--events 1000] [--rate 50]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dataset import bench_database_url, ensure_claims, log, setup_django  # noqa: E402

REASON = "webhook benchmark"  # this run's events (beat's re-check sweep makes others)
BROKER = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"


class Receiver:
    """Records each delivery's webhook-id and when it arrived."""

    def __init__(self) -> None:
        self.arrivals: list[tuple[str, float, dict]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.arrivals.append(
                    (self.headers["webhook-id"], time.time(), json.loads(body))
                )
                self.send_response(204)
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def ours(arrivals) -> dict:
    """This run's deliveries by webhook-id: (first arrival, payload)."""
    received = {}
    for message_id, at, payload in arrivals:
        if payload["data"]["reason"].startswith(REASON):
            received.setdefault(message_id, (at, payload))
    return received


def start(kind: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": bench_database_url(),
        "CELERY_BROKER_URL": BROKER,
        "SECRET_KEY": "benchmark-only-secret-key-not-for-production",
        "DEBUG": "0",
        "CLAIMS_FETCH_ALLOWED_HOSTS": "127.0.0.1",
    }
    args = [sys.executable, "-m", "celery", "-A", "config", kind, "--loglevel=WARNING"]
    if kind == "worker":
        args += ["--concurrency=2", "--without-gossip", "--without-mingle"]
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=50.0, help="status changes a second")
    args = parser.parse_args()
    setup_django()
    from claims.actors import Actor
    from claims.models import Claim, Webhook
    from claims.services.verdicts import claim_set_status
    from claims.services.webhooks import webhook_create

    ensure_claims(args.events)
    Webhook.objects.update(active=False)  # an earlier run's subscriptions
    receiver = Receiver()
    webhook_create(url=receiver.url, events=["status"], actor=Actor.system("bench"), user=None)
    processes = [start("worker"), start("beat")]
    try:
        time.sleep(8)  # the worker and beat start
        actor = Actor(kind="user", label="bench editor")  # a verdict moves a locked claim
        ids = list(Claim.objects.order_by("?").values_list("pk", flat=True)[: args.events])
        statuses = ["disputed", "refuted"]
        for claim_id in ids:
            claim = Claim.objects.only("status").get(pk=claim_id)
            new = statuses[0] if claim.status != statuses[0] else statuses[1]
            claim_set_status(claim_id=claim_id, actor=actor, status=new, lock=True, reason=REASON)
            time.sleep(max(0.0, 1 / args.rate))
        deadline = time.time() + 120
        while len(ours(receiver.arrivals)) < len(ids) and time.time() < deadline:
            time.sleep(0.5)
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(30)
    arrivals = [a for a in receiver.arrivals if a[2]["data"]["reason"].startswith(REASON)]
    received = ours(arrivals)
    latencies = [
        at - datetime.fromisoformat(payload["timestamp"]).timestamp()
        for at, payload in received.values()
    ]
    ordered = sorted(latencies)
    print(
        json.dumps(
            {
                "benchmark": "webhooks",
                "events": len(ids),
                "delivered": len(received),
                "duplicates": len(arrivals) - len(received),
                "commit_to_delivery_s": {
                    "p50": round(statistics.median(latencies), 3),
                    "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 3),
                    "max": round(ordered[-1], 3),
                }
                if latencies
                else None,
            },
            indent=2,
        )
    )
    log("done")


if __name__ == "__main__":
    main()
