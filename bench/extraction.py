"""Extraction speed: the whole pipeline against the bare spaCy parse of the
same texts, in one run.

Prints JSON. The bar (DESIGN.md): pipeline time ≤ 1.3 × the time of
``nlp.pipe`` over the same 200 article texts with only the components
extraction uses. Both are measured ROUNDS times, alternating, after a
warm-up; the median of each is reported.

    .venv/bin/python bench/extraction.py [--articles 200] [--rounds 3]
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

from bench.corpus import articles  # noqa: E402
from claims.extraction.pipeline import ClaimExtractor, default_model_name, load_nlp  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    started = time.perf_counter()
    nlp = load_nlp()
    load_seconds = time.perf_counter() - started
    extractor = ClaimExtractor(nlp, batch_size=args.batch_size)
    texts = articles(args.articles)

    # warm-up: first calls allocate
    list(nlp.pipe(texts[:10], batch_size=args.batch_size))
    list(extractor.extract_many(texts[:10]))

    bare, pipeline, claims = [], [], 0
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=args.batch_size):
            pass
        bare.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        claims = sum(len(e.claims) for e in extractor.extract_many(texts))
        pipeline.append(time.perf_counter() - t0)

    bare_s, pipeline_s = statistics.median(bare), statistics.median(pipeline)
    print(
        json.dumps(
            {
                "benchmark": "extraction",
                "model": default_model_name(),
                "components": nlp.pipe_names,
                "articles": len(texts),
                "mean_words_per_article": round(sum(len(t.split()) for t in texts) / len(texts)),
                "rounds": args.rounds,
                "model_load_s": round(load_seconds, 3),
                "bare_parse_s": round(bare_s, 3),
                "pipeline_s": round(pipeline_s, 3),
                "ratio": round(pipeline_s / bare_s, 3),
                "bar_ratio": 1.3,
                "articles_per_s": round(len(texts) / pipeline_s, 1),
                "ms_per_article": round(1000 * pipeline_s / len(texts), 1),
                "claims": claims,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
