"""The change feed at scale: a page of 100 history events through the REST
API, on PostgreSQL with 1,000,000 history rows (bar: p50 <= 10 ms).

The history rows are written into the benchmark database (bench/dataset.py)
once, spread over its claims and several transactions, like a day of
re-checks; each round reads a page from a random point of the feed (a
cursor the API gave out) and the page after it. Prints JSON.

    .venv/bin/python bench/changes.py [--rows 1000000] [--rounds 200]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dataset import api_client, ensure_claims, log, setup_django  # noqa: E402

TRANSACTIONS = 50  # the rows are written by this many transactions


def ensure_history(rows: int) -> int:
    from django.db import connection, transaction

    from claims.models import ClaimCheck

    have = ClaimCheck.objects.count()
    if have >= rows:
        return have
    log(f"writing {rows - have:,} history rows (once)...")
    per = -(-(rows - have) // TRANSACTIONS)
    with connection.cursor() as cur:
        cur.execute("SELECT min(id), max(id) FROM claims_claim")
        low, high = cur.fetchone()
    for start in range(have, rows, per):
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(
                """
                INSERT INTO claims_claimcheck (claim_id, at, event, actor_kind, actor,
                    old_status, new_status, old_confidence, new_confidence, old_locked,
                    new_locked, basis, changes, reason)
                SELECT %s + (g::bigint * 7919) %% (%s - %s + 1), now(), 'status', 'task',
                       'claims.recheck_batch', 'unverified', 'corroborated', 0.5, 0.7,
                       false, false, '[]', '{}', 'after evidence from a bench source'
                FROM generate_series(%s, %s) AS g
                """,
                [low, high, low, start, min(start + per, rows) - 1],
            )
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE claims_claimcheck")
    return ClaimCheck.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("CLAIMS_API_USER_RATE", "1000000/min")
    setup_django()
    ensure_claims(1000)
    total = ensure_history(args.rows)
    client = api_client("bench-feed-reader")

    # cursors from all over the feed: walk it with big pages once
    cursors, url = [], "/api/v1/changes/?page_size=500"
    while len(cursors) < 2000:
        body = json.loads(client.get(url).content)
        if not body["results"]:
            break
        cursors.append(body["cursor"])
        url = body["next"]
    rng = random.Random(5)
    client.get("/api/v1/changes/")  # warm-up
    times, sizes = [], []
    for _ in range(args.rounds):
        cursor = rng.choice(cursors)
        started = time.perf_counter()
        response = client.get("/api/v1/changes/", {"after": cursor, "page_size": 100})
        times.append((time.perf_counter() - started) * 1000)
        sizes.append(len(json.loads(response.content)["results"]))
    ordered = sorted(times)
    print(
        json.dumps(
            {
                "benchmark": "changes",
                "history_rows": total,
                "page_ms": {
                    "p50": round(statistics.median(times), 2),
                    "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
                    "n": len(times),
                },
                "events_per_page": round(statistics.mean(sizes), 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
