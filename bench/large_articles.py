"""Time and peak memory to ingest large articles, end to end on PostgreSQL.

Cases: articles of 50 KB, 500 KB and 5 MB (the largest accepted), and one
paragraph of 500 KB, built from the seed articles' paragraphs. Each case
runs in a process of its own, so its peak RSS is its own; each ingests
through ``article_ingest`` (extraction, claims, evidence, first scores,
history) into the benchmark database (see bench/dataset.py). Prints JSON.

    .venv/bin/python bench/large_articles.py            # all cases
    .venv/bin/python bench/large_articles.py --no-cap   # without the claim limit
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = {
    "article_50kb": (50_000, "\n\n"),
    "article_500kb": (500_000, "\n\n"),
    "article_5mb": (5_000_000, "\n\n"),
    "paragraph_500kb": (500_000, " "),
}


def text_of(size: int, joiner: str, nonce: str) -> str:
    from bench.corpus import paragraphs

    pool = paragraphs()
    parts, length, i = [], 0, 0
    while length < size:
        paragraph = pool[i % len(pool)]
        parts.append(paragraph)
        length += len(paragraph) + len(joiner)
        i += 1
    return f"Large Article {nonce}\n\n" + joiner.join(parts)[:size] + ".\n"


def run_case(name: str, no_cap: bool) -> dict:
    from bench.dataset import setup_django

    setup_django()
    from django.conf import settings

    from claims.actors import Actor
    from claims.extraction.pipeline import get_extractor
    from claims.services.ingest import article_ingest

    if no_cap:
        settings.CLAIMS_MAX_CLAIMS_PER_ARTICLE = 10**9
    get_extractor(settings.CLAIMS_SPACY_MODEL)  # the model load is not the case's
    size, joiner = CASES[name]
    text = text_of(size, joiner, f"{name}-{time.time_ns()}")
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    result = article_ingest(text=text, actor=Actor.system("bench"), publisher="Bench Daily")
    seconds = time.perf_counter() - started
    return {
        "case": name,
        "characters": len(text),
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_before_mb": round(start_rss, 1),
        "claims_stored": result.article.claims.count(),
        "note": result.article.extraction_note,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", choices=sorted(CASES))
    parser.add_argument("--no-cap", action="store_true", help="no claim limit per article")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.no_cap)))
        return
    results = []
    for name in CASES:
        command = [sys.executable, __file__, "--case", name] + (["--no-cap"] if args.no_cap else [])
        done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
        if done.returncode != 0:
            results.append({"case": name, "error": done.stderr[-2000:]})
            continue
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(
        json.dumps(
            {"benchmark": "large_articles", "claim_cap": not args.no_cap, "cases": results},
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
