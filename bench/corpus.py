"""Article-sized texts for the benchmarks, built from the project's own seed
articles: paragraphs shuffled into new articles with a fixed random seed, so
every run measures the same texts."""

from __future__ import annotations

import random
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "articles"


def paragraphs() -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        out.extend(p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip())
    return out


def articles(count: int = 200, paragraphs_per_article: int = 20, seed: int = 7) -> list[str]:
    """``count`` distinct texts of about 400 words each, page chrome included."""
    pool = paragraphs()
    rng = random.Random(seed)
    texts = []
    for i in range(count):
        chosen = [rng.choice(pool) for _ in range(paragraphs_per_article)]
        texts.append(f"Benchmark Article Number {i}\n\n" + "\n\n".join(chosen) + "\n")
    return texts
