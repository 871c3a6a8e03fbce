"""Re-check throughput and memory on PostgreSQL, with no document to fetch.

Prints JSON:
- ``claims_per_s``: rescoring throughput of one worker process (the batch
  service the Celery tasks call), median of ROUNDS runs over SAMPLE due
  claims. Bar: ≥ 2,000 claims/s.
- ``rss_mb``: resident memory sampled during a sweep of every claim in the
  benchmark database (default 1,000,000): flat means chunked, no full-table
  loads.

    .venv/bin/python bench/recheck.py [--claims 1000000] [--sample 20000]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dataset import ensure_claims, log, setup_django  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-sweep", action="store_true", help="skip the full-sweep memory run")
    args = parser.parse_args()

    setup_django()
    from django.conf import settings
    from django.db import connection

    from claims.actors import Actor
    from claims.services.recheck import claims_recheck, due_claim_ids

    total = ensure_claims(args.claims)
    actor = Actor.for_task("bench.recheck")
    batch_size = settings.CLAIMS_RECHECK_BATCH_SIZE

    def make_due(limit: int | None) -> None:
        """Only the claims to check are due; then vacuum (untimed), as
        autovacuum would in a running system."""
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE claims_claim SET next_check_at = now() + interval '1 day' "
                "WHERE next_check_at <= now()"
            )
            if limit is None:
                cur.execute("UPDATE claims_claim SET next_check_at = now() - interval '1 minute'")
            else:
                cur.execute(
                    "UPDATE claims_claim SET next_check_at = now() - interval '1 minute' "
                    "WHERE id IN (SELECT id FROM claims_claim ORDER BY id LIMIT %s)",
                    [limit],
                )
        vacuum()

    def vacuum() -> None:
        import psycopg

        from bench.dataset import bench_database_url

        with psycopg.connect(bench_database_url(), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE claims_claim")
            conn.execute("VACUUM ANALYZE claims_claimcheck")

    # throughput
    rounds = []
    for round_no in range(args.rounds):
        make_due(args.sample)
        checked = 0
        started = time.perf_counter()
        for batch in due_claim_ids():
            checked += claims_recheck(batch, actor=actor, fetch=False).checked
        elapsed = time.perf_counter() - started
        rounds.append(checked / elapsed)
        log(f"round {round_no + 1}: {checked:,} claims in {elapsed:.2f}s")

    result = {
        "benchmark": "recheck",
        "database": connection.vendor,
        "claims_in_database": total,
        "batch_size": batch_size,
        "sample": args.sample,
        "rounds": [round(r) for r in rounds],
        "claims_per_s": round(statistics.median(rounds)),
        "bar_claims_per_s": 2000,
    }

    if not args.no_sweep:
        make_due(None)
        samples, checked = [], 0
        started = time.perf_counter()
        next_report = 0
        for batch in due_claim_ids(limit=total):
            checked += claims_recheck(batch, actor=actor, fetch=False).checked
            if checked >= next_report:
                samples.append({"checked": checked, "rss_mb": round(rss_mb(), 1)})
                log(f"  swept {checked:,}  rss {rss_mb():.0f} MB")
                next_report += max(total // 10, batch_size)
        elapsed = time.perf_counter() - started
        samples.append({"checked": checked, "rss_mb": round(rss_mb(), 1)})
        rss = [s["rss_mb"] for s in samples]
        result["sweep"] = {
            "claims_checked": checked,
            "seconds": round(elapsed, 1),
            "claims_per_s": round(checked / elapsed),
            "rss_mb_samples": samples,
            "rss_mb_first": rss[0],
            "rss_mb_last": rss[-1],
            "rss_mb_peak": max(rss),
            "ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
