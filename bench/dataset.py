"""A large PostgreSQL dataset for the benchmarks, in a database of its own.

``setup_django()`` points Django at ``claimtrack_bench`` on the server named
by BENCH_DATABASE_URL (default: the server of DATABASE_URL, else
postgres://postgres@127.0.0.1:5432), creates and migrates it if needed.
``ensure_claims(n)`` fills it with ``n`` claims (and their articles, sources
and evidence) using ``generate_series``, once: later runs reuse the rows.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "claimtrack_bench"
CLAIMS_PER_ARTICLE = 100
PUBLISHERS = 200


def bench_database_url(name: str = BENCH_DB) -> str:
    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if not base.startswith(("postgres://", "postgresql://")):
        base = "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))


def _create_database(url: str, name: str = BENCH_DB) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(name: str = BENCH_DB) -> None:
    """Configure Django against the benchmark database ``name`` (created and
    migrated)."""
    sys.path.insert(0, str(ROOT))
    url = bench_database_url(name)
    _create_database(url, name)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production")
    os.environ.setdefault("DEBUG", "0")  # DEBUG would keep every query in memory
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("CLAIMS_FETCH_ENABLED", "0")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def api_client(username: str):
    """A test client of the REST API with a reader's token (the user made
    once): requests go through Django's whole handler, no network."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    user, _ = get_user_model().objects.get_or_create(username=username)
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ensure_claims(total: int) -> int:
    """Make sure the benchmark database holds at least ``total`` claims."""
    from django.db import connection

    from claims.models import Claim

    have = Claim.objects.count()
    if have >= total:
        return have
    started = time.perf_counter()
    log(f"generating {total - have:,} claims (once; later runs reuse them)...")
    articles_needed = -(-total // CLAIMS_PER_ARTICLE)
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO sources_source (kind, name, slug, domain, reliability, is_official,
                                        notes, created_at, updated_at)
            SELECT CASE WHEN g %% 10 = 0 THEN 'government' ELSE 'publication' END,
                   'Bench Publisher ' || g, 'bench-publisher-' || g, 'pub' || g || '.example',
                   0.4 + (g %% 6) * 0.1, g %% 10 = 0, '', now(), now()
            FROM generate_series(1, %s) AS g
            ON CONFLICT (slug) DO NOTHING
            """,
            [PUBLISHERS],
        )
        cur.execute("SELECT min(id) FROM sources_source WHERE slug LIKE 'bench-publisher-%%'")
        first_source = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM sources_article WHERE content_hash LIKE 'bench%%'")
        have_articles = cur.fetchone()[0]
        cur.execute(
            """
            INSERT INTO sources_article (title, url, publisher_id, byline, published_at,
                retrieved_at, raw_text, body, content_hash, language, extraction_note,
                http_status, etag, last_modified, fetched_at, body_hash_history,
                created_at, updated_at, version, wire)
            SELECT 'Benchmark article ' || g, NULL, %s + (g %% %s), '',
                   now() - (g || ' minutes')::interval, now(),
                   'The council postponed the vote. Benchmark article ' || g || '.',
                   '', 'bench' || md5(g::text), 'en', '', NULL, '', '', NULL, '[]',
                   now() - (g || ' minutes')::interval, now(), 1, ''
            FROM generate_series(%s, %s) AS g
            """,
            [first_source, PUBLISHERS, have_articles + 1, articles_needed],
        )
        cur.execute(
            "SELECT id, publisher_id FROM sources_article WHERE content_hash LIKE 'bench%%' "
            "ORDER BY id"
        )
        first_article = cur.fetchone()[0]
        log("  articles ready; inserting claims...")
        cur.execute(
            """
            INSERT INTO claims_claim (article_id, position, text, quote, start, "end",
                polarity, hedged, hedges, conditional, attribution_id, kind, entities,
                time_bound, time_cues, valid_until, status, confidence, confidence_basis,
                status_locked, next_check_at, last_checked_at, check_interval, check_count,
                fingerprint, edited_at, superseded_at, created_at, updated_at,
                flagged_for_review, flag_reason, review_state)
            SELECT %s + (g / %s), g %% %s + 1,
                   'Benchmark claim ' || g || ' says the council postponed the vote',
                   'The council postponed the vote', 0, 30,
                   CASE WHEN g %% 7 = 0 THEN 'negated' ELSE 'affirmed' END,
                   g %% 5 = 0, CASE WHEN g %% 5 = 0 THEN '["may"]' ELSE '[]' END::jsonb,
                   false,
                   CASE WHEN g %% 3 = 0 THEN %s + (g %% %s) ELSE NULL END,
                   (ARRAY['fact','quantity','plan','forecast','opinion'])[1 + g %% 5],
                   '[]', g %% 11 = 0, '[]', NULL,
                   (ARRAY['unverified','unverified','corroborated','confirmed','disputed',
                          'refuted','outdated','retracted'])[1 + g %% 8],
                   round((0.05 + (g %% 90) / 100.0)::numeric, 4)::float8, '[]', false,
                   now() + ((g %% 720) || ' hours')::interval,
                   now() - ((g %% 500) || ' hours')::interval, 86400, 1,
                   md5('claim' || g) || md5('fp' || g), NULL, NULL,
                   now() - (g || ' seconds')::interval, now(), false, '', 'new'
            FROM generate_series(%s, %s) AS g
            """,
            [
                first_article,
                CLAIMS_PER_ARTICLE,
                CLAIMS_PER_ARTICLE,
                first_source,
                PUBLISHERS,
                have,
                total - 1,
            ],
        )
        log("  claims ready; inserting evidence...")
        cur.execute(
            """
            INSERT INTO claims_evidence (claim_id, source_id, stance, url, quote, weight,
                added_by, added_by_user_id, state, retrieved_at, content_hash, etag,
                last_modified, http_status, fetch_failures, created_at, updated_at,
                fetch_error)
            SELECT c.id, a.publisher_id, 'supports', '', c.quote, 1.0, 'extractor', NULL,
                   'live', now(), '', '', '', NULL, 0, now(), now(), ''
            FROM claims_claim c JOIN sources_article a ON a.id = c.article_id
            WHERE c.id > (SELECT coalesce(max(claim_id), 0) FROM claims_evidence)
            """
        )
        cur.execute(
            """
            INSERT INTO claims_evidence (claim_id, source_id, stance, url, quote, weight,
                added_by, added_by_user_id, state, retrieved_at, content_hash, etag,
                last_modified, http_status, fetch_failures, created_at, updated_at,
                fetch_error)
            SELECT c.id, %s + ((c.id * 7) %% %s),
                   CASE WHEN c.id %% 4 = 0 THEN 'refutes' ELSE 'supports' END, '', '', 0.8,
                   'editor', NULL, 'live', now(), '', '', '', NULL, 0, now(), now(), ''
            FROM claims_claim c
            WHERE c.id %% 3 = 0 AND c.id > %s
            """,
            [first_source, PUBLISHERS, have],
        )
        cur.execute("ANALYZE")
    count = Claim.objects.count()
    log(f"  {count:,} claims in {time.perf_counter() - started:.0f}s")
    return count
