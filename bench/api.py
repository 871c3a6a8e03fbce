"""API speed at scale: a filtered, ordered page of 50 claims through the
REST API against the raw SQL for the same rows, on PostgreSQL with
1,000,000 claims, in one run.

Each case is measured ROUNDS times, alternating API and SQL, after a warm-up.
The API side is a full request through Django's handler (token auth,
filters, keyset pagination, serialization, JSON rendering); the SQL side
executes a hand-written query for the same page on a psycopg connection and
fetches it. Prints JSON: p50/p95 of both, the ratio at p50 (bar: ≤ 4×),
and the number of queries per request for page sizes 10 and 50.

    .venv/bin/python bench/api.py [--claims 1000000] [--rounds 30]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dataset import bench_database_url, ensure_claims, log, setup_django  # noqa: E402

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

    setup_django()
    import psycopg
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from claims.models import Claim

    total = ensure_claims(args.claims)
    user, _ = get_user_model().objects.get_or_create(username="bench-api-reader")
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    article = Claim.objects.order_by("-id").values_list("article_id", flat=True).first()
    raw = psycopg.connect(bench_database_url())

    def api_call(query: str):
        return client.get(f"/api/v1/claims/?{query}")

    def rows_of(response) -> int:
        # decoded outside the timing: parsing is the client's work, not the API's
        assert response.status_code == 200, response.content[:300]
        return len(json.loads(response.content)["results"])

    def sql_call(sql: str) -> int:
        with raw.cursor() as cur:
            cur.execute(sql)
            return min(len(cur.fetchall()), 50)

    cases = []
    for name, query, sql in CASES:
        query, sql = query.format(article=article), sql.format(article=article)
        for _ in range(3):  # warm-up: caches, plans
            api_call(query)
            sql_call(sql)
        api_times, sql_times = [], []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            response = api_call(query)
            api_times.append(time.perf_counter() - t0)
            rows_api = rows_of(response)
            t0 = time.perf_counter()
            rows_sql = sql_call(sql)
            sql_times.append(time.perf_counter() - t0)
        assert rows_api == rows_sql, (name, rows_api, rows_sql)
        queries = {}
        for size in (10, 50):
            with CaptureQueriesContext(connection) as captured:
                api_call(query.replace("page_size=50", f"page_size={size}"))
            queries[size] = len(captured)
        api_p50, sql_p50 = statistics.median(api_times), statistics.median(sql_times)
        case = {
            "case": name,
            "query": query,
            "rows": rows_api,
            "api_ms_p50": round(api_p50 * 1000, 2),
            "api_ms_p95": round(percentile(api_times, 0.95) * 1000, 2),
            "sql_ms_p50": round(sql_p50 * 1000, 2),
            "sql_ms_p95": round(percentile(sql_times, 0.95) * 1000, 2),
            "ratio_p50": round(api_p50 / sql_p50, 2),
            "queries_per_request": queries,
        }
        log(f"{name}: api {case['api_ms_p50']} ms, sql {case['sql_ms_p50']} ms")
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
