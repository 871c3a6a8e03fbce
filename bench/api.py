"""API speed at scale: a filtered, ordered page of 50 claims through the
REST API against the raw SQL for the same rows, on PostgreSQL with
1,000,000 claims, in one run.

Each case is measured ROUNDS times, alternating API and SQL, after a warm-up.
The API side is a full request through Django's handler via the test client
(middleware, token auth, throttling, filters, keyset pagination, JSON); the
SQL side executes a hand-written query for the same page on a psycopg
connection and fetches it; each round checks both return the same ids in
the same order. Prints JSON: p50/p95 of both, the ratio at p50 (bar: ≤ 4×),
and the number of queries per request for page sizes 10 and 50.

A client's token is remembered by the web process after its first request
(api/auth.py), so the main figures are the steady state; each case also
reports the figures with the token read on every request
(``token_read_per_request``: a client's first request, or
CLAIMS_API_TOKEN_CACHE_SECONDS=0).

    .venv/bin/python bench/api.py [--claims 1000000] [--rounds 30]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dataset import api_client, bench_database_url, ensure_claims, log, setup_django  # noqa: E402

COLUMNS = (
    "c.id, c.text, c.quote, c.start, c.end, c.polarity, c.hedged, c.hedges, c.conditional, "
    "c.kind, c.time_bound, c.time_cues, c.valid_until, c.entities, c.status, c.confidence, "
    "c.confidence_basis, c.status_locked, c.article_id, c.next_check_at, c.last_checked_at, "
    "c.check_count, c.superseded_at, c.created_at, s.id, s.name, s.kind"
)
FROM = "FROM claims_claim c LEFT JOIN sources_source s ON s.id = c.attribution_id"

# (name, API query, raw SQL for the same page)
CASES = [
    (
        "status, newest first",
        "status=corroborated&ordering=-created_at&page_size=50",
        f"SELECT {COLUMNS} {FROM} WHERE c.status = 'corroborated' "
        "ORDER BY c.created_at DESC, c.id DESC LIMIT 51",
    ),
    (
        "confidence range, most confident first",
        "confidence_min=0.5&confidence_max=0.8&ordering=-confidence&page_size=50",
        f"SELECT {COLUMNS} {FROM} WHERE c.confidence >= 0.5 AND c.confidence <= 0.8 "
        "ORDER BY c.confidence DESC, c.id DESC LIMIT 51",
    ),
    (
        "hedged claims, least recently checked first",
        "hedged=true&ordering=last_checked_at&page_size=50",
        f"SELECT {COLUMNS} {FROM} WHERE c.hedged "
        "ORDER BY c.last_checked_at ASC NULLS FIRST, c.id ASC LIMIT 51",
    ),
    (
        "article, by confidence",
        "article={article}&ordering=confidence&page_size=50",
        f"SELECT {COLUMNS} {FROM} WHERE c.article_id = {{article}} "
        "ORDER BY c.confidence ASC, c.id ASC LIMIT 51",
    ),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    # throttling stays on (its cost is measured) but must not refuse the run
    os.environ.setdefault("CLAIMS_API_USER_RATE", "1000000/min")
    setup_django()
    import psycopg
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from claims.models import Claim

    total = ensure_claims(args.claims)
    client = api_client("bench-api-reader")
    article = Claim.objects.order_by("-id").values_list("article_id", flat=True).first()
    raw = psycopg.connect(bench_database_url())

    def api_call(query: str):
        return client.get(f"/api/v1/claims/?{query}")

    def ids_of(response) -> list[int]:
        # decoded outside the timing: parsing is the client's work, not the API's
        assert response.status_code == 200, response.content[:300]
        return [claim["id"] for claim in json.loads(response.content)["results"]]

    def sql_call(sql: str) -> list[int]:
        with raw.cursor() as cur:
            cur.execute(sql)
            return [row[0] for row in cur.fetchall()[:50]]

    def measure(query: str, sql: str) -> tuple[list[float], list[float]]:
        for _ in range(3):  # warm-up: caches, plans, the remembered token
            api_call(query)
            sql_call(sql)
        api_times, sql_times = [], []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            response = api_call(query)
            api_times.append(time.perf_counter() - t0)
            ids_api = ids_of(response)
            t0 = time.perf_counter()
            ids_sql = sql_call(sql)
            sql_times.append(time.perf_counter() - t0)
            assert ids_api == ids_sql, (query, ids_api[:5], ids_sql[:5])
        return api_times, sql_times

    def ms(values: list[float], q: float = 0.5) -> float:
        return round(percentile(values, q) * 1000, 2)

    cases = []
    for name, query, sql in CASES:
        query, sql = query.format(article=article), sql.format(article=article)
        api_times, sql_times = measure(query, sql)
        queries = {}
        for size in (10, 50):
            with CaptureQueriesContext(connection) as captured:
                api_call(query.replace("page_size=50", f"page_size={size}"))
            queries[size] = len(captured)
        # the same with every request reading its token (a client's first
        # request, or CLAIMS_API_TOKEN_CACHE_SECONDS=0)
        with override_settings(CLAIMS_API_TOKEN_CACHE_SECONDS=0):
            cold_api, cold_sql = measure(query, sql)
            with CaptureQueriesContext(connection) as captured:
                api_call(query)
            cold_queries = len(captured)
        api_p50, sql_p50 = statistics.median(api_times), statistics.median(sql_times)
        case = {
            "case": name,
            "query": query,
            "rows": len(ids_of(api_call(query))),
            "api_ms_p50": ms(api_times),
            "api_ms_p95": ms(api_times, 0.95),
            "sql_ms_p50": ms(sql_times),
            "sql_ms_p95": ms(sql_times, 0.95),
            "ratio_p50": round(api_p50 / sql_p50, 2),
            "queries_per_request": queries,
            "token_read_per_request": {
                "api_ms_p50": ms(cold_api),
                "sql_ms_p50": ms(cold_sql),
                "ratio_p50": round(statistics.median(cold_api) / statistics.median(cold_sql), 2),
                "queries_per_request": cold_queries,
            },
        }
        log(
            f"{name}: api {case['api_ms_p50']} ms, sql {case['sql_ms_p50']} ms "
            f"(reading the token each time: api {ms(cold_api)} ms)"
        )
        cases.append(case)
    print(
        json.dumps(
            {
                "benchmark": "api",
                "database": connection.vendor,
                "claims_in_database": total,
                "rounds": args.rounds,
                "bar_ratio_p50": 4,
                "worst_ratio_p50": max(c["ratio_p50"] for c in cases),
                "cases": cases,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
