"""Matching when a claim's candidates come from several reports of its story.

In the development pairs (``../shared/eval/matching/``) each summary claim is
paired with the claims of one report, its story's article. A new claim in
the service meets several reports at once: the candidates the index returns
come from every article that tells the story. Here each summary claim is
ranked against its story's claims together with the claims of the story's
other summaries (each summary a report of its own, as another outlet's) and
the LOOKALIKES claims of other stories most like it (each a report of its
own: look-alikes the index could return). It is ranked twice: with each
candidate's report given to ``rank()`` and each summary's claims weighed
together (``against_own_report()``), as the service does, and as if all
were one report. Scored on the development pairs (the summary claim against
its story's claims) as ``score_matching.py`` scores them, with the ``same``
links made to other stories' claims (all wrong) counted apart. Pure Python,
no database: JSON figures on stdout.

    .venv/bin/python bench/matching_reports.py [--dev-pairs FILE] [--lookalikes 5]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.pipeline import text_predicates  # noqa: E402
from claims.matching.compare import (  # noqa: E402
    SAME,
    Vocabulary,
    against_own_report,
    rank,
    similarity,
)
from claims.matching.text import read_claim, with_predicates  # noqa: E402

DEV_PAIRS = ROOT.parent / "shared" / "eval" / "matching" / "dev-pairs.jsonl"
SUGGEST = 0.25  # CLAIMS_LINK_SUGGEST_SCORE's default: weaker links are not made


def auc(gold: list[bool], scores: list[float]) -> float:
    """ROC AUC of ``scores`` for ``gold`` (ties counted half)."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    pos = sum(gold)
    neg = len(gold) - pos
    return (sum(r for r, g in zip(ranks, gold, strict=True) if g) - pos * (pos + 1) / 2) / (
        pos * neg
    )


def figures(pairs: list[dict], matches: list) -> dict:
    gold = [p["relation"] == SAME for p in pairs]
    said = [m.relation == SAME and m.score >= SUGGEST for m in matches]
    right = sum(g and s for g, s in zip(gold, said, strict=True))
    order = sorted(range(len(pairs)), key=lambda i: -matches[i].score)
    found = 0
    for seen, i in enumerate(order, 1):
        found += gold[i]
        if found >= sum(gold) / 2:
            at_half = found / seen
            break
    return {
        "same_precision": round(right / max(sum(said), 1), 3),
        "same_recall": round(right / sum(gold), 3),
        "precision_at_recall_0.5": round(at_half, 3),
        "auc": round(auc(gold, [m.score for m in matches]), 4),
    }


def measure(path: Path, lookalikes: int) -> dict:
    pairs = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    texts = list(dict.fromkeys(t for p in pairs for t in (p["a"], p["b"])))
    # what each says of its subject, read as match_claims --pairs reads it
    read = {
        t: with_predicates(read_claim(t), said)
        for t, said in zip(texts, text_predicates(texts), strict=True)
    }
    vocabulary = Vocabulary(read.values())
    story = {t: p["article"] for p in pairs for t in (p["a"], p["b"])}
    paired: dict[str, list[int]] = defaultdict(list)
    told: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for i, p in enumerate(pairs):
        paired[p["a"]].append(i)
        told[p["article"]][p["followup"]].add(p["a"])
    out = {}
    for mode in ("each_report", "one_report"):
        matches: list = [None] * len(pairs)
        # each summary's claims matched together, as an article's are
        # (against_own_report()): (pair index, summary and candidate, look-alike, match)
        found = []
        for a, indexes in paired.items():
            article, followup = pairs[indexes[0]]["article"], pairs[indexes[0]]["followup"]
            others = [
                (t, f) for f, texts in told[article].items() if f != followup for t in sorted(texts)
            ]
            elsewhere = sorted(
                (t for t in read if story[t] != article),
                key=lambda t: (-similarity(read[a], read[t], vocabulary), t),
            )[:lookalikes]
            candidates = [pairs[i]["b"] for i in indexes] + [t for t, _ in others] + elsewhere
            reports = (
                ["story"] * len(indexes)
                + [f for _, f in others]
                + [f"elsewhere-{k}" for k in range(len(elsewhere))]
            )
            ranked = rank(
                read[a],
                [read[t] for t in candidates],
                vocabulary,
                reports if mode == "each_report" else None,
            )
            first_elsewhere = len(ranked) - len(elsewhere)
            for k, (text, match) in enumerate(zip(candidates, ranked, strict=True)):
                index = indexes[k] if k < len(indexes) else None  # a development pair's
                found.append((index, (article, followup, text), k >= first_elsewhere, match))
        weighed = (
            against_own_report([(key, m) for _, key, _, m in found])
            if mode == "each_report"
            else [m for *_, m in found]  # as if there were no reports
        )
        wrong_story = 0
        for (i, _, theirs, _), match in zip(found, weighed, strict=True):
            if i is not None:
                matches[i] = match
            wrong_story += theirs and match.relation == SAME and match.score >= SUGGEST
        out[mode] = {**figures(pairs, matches), "same_links_to_other_stories": wrong_story}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev-pairs", type=Path, default=DEV_PAIRS)
    parser.add_argument("--lookalikes", type=int, default=5)
    args = parser.parse_args()
    if not args.dev_pairs.is_file():
        sys.exit(f"matching_reports: no development pairs at {args.dev_pairs}")
    result = {"benchmark": "matching_reports", "lookalikes": args.lookalikes}
    result.update(measure(args.dev_pairs, args.lookalikes))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
