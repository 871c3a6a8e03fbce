"""Scoring a pair of claims and deciding their relation, with its basis."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from claims.matching.text import ClaimText

SAME, CONTRADICTS, DIFFERENT = "same", "contradicts", "different"
# Thresholds on the score (weighted term similarity, see compare()).
SAME_THRESHOLD = 0.45
CONFLICT_THRESHOLD = 0.30
MIN_TERMS = 2
NAME_WEIGHT = 1.5  # a shared name says more than a shared common word
CONFLICT_PENALTY = 0.5  # a conflicting value halves the chance it is the same claim


class Vocabulary:
    """How common each term is among the claims compared (document
    frequency): rare terms weigh more (IDF)."""

    def __init__(self, claims: Iterable[ClaimText] = ()):
        self.df: Counter[str] = Counter()
        self.size = 0
        for claim in claims:
            self.add(claim)

    def add(self, claim: ClaimText) -> None:
        self.df.update(claim.terms)
        self.size += 1

    def idf(self, term: str) -> float:
        return math.log((self.size + 1) / (self.df.get(term, 0) + 1)) + 1.0


@dataclass(frozen=True)
class Match:
    """How likely two claims state the same fact (``score`` in [0, 1]), what
    the relation is, and why (``basis``: the terms that decided it)."""

    score: float
    relation: str
    basis: list[dict] = field(default_factory=list)
    # how alike the two are before any conflict counts: for a contradiction,
    # how surely it is the same fact that the values disagree on
    similarity: float = 0.0


def _weights(claim: ClaimText, vocabulary: Vocabulary) -> dict[str, float]:
    return {
        term: vocabulary.idf(term) * (NAME_WEIGHT if term in claim.names else 1.0)
        for term in claim.terms
    }


def similarity(a: ClaimText, b: ClaimText, vocabulary: Vocabulary) -> float:
    """Cosine of the two claims' IDF-weighted term sets, in [0, 1]."""
    wa, wb = _weights(a, vocabulary), _weights(b, vocabulary)
    if not wa or not wb:
        return 0.0
    shared = sum(wa[t] * wb[t] for t in wa.keys() & wb.keys())
    norm = math.sqrt(sum(w * w for w in wa.values()) * sum(w * w for w in wb.values()))
    return shared / norm


def _close(x: float, y: float) -> bool:
    return abs(x - y) <= 0.01 * max(abs(x), abs(y), 1.0)


def number_conflict(a: ClaimText, b: ClaimText) -> str | None:
    """Exact numbers on both sides and none in common: "345" and "107" deaths.
    An approximate one ("more than 345", "about 300") conflicts with nothing."""
    exact_a = [v for v, approx in a.numbers if not approx]
    exact_b = [v for v, approx in b.numbers if not approx]
    if not exact_a or not exact_b:
        return None
    if any(_close(x, y) for x, _ in a.numbers for y, _ in b.numbers):
        return None
    return f"numbers differ: {_fmt(exact_a)} vs {_fmt(exact_b)}"


def year_conflict(a: ClaimText, b: ClaimText) -> str | None:
    if a.years and b.years and not a.years & b.years:
        return f"years differ: {sorted(a.years)} vs {sorted(b.years)}"
    return None


def negation_conflict(a: ClaimText, b: ClaimText) -> str | None:
    if a.negated != b.negated:
        return "one says it, the other says it is not so"
    if a.denial != b.denial:
        return "one denies what the other says"
    return None


def _fmt(values: Sequence[float]) -> str:
    return ", ".join(f"{v:g}" for v in values)


def compare(a: ClaimText, b: ClaimText, vocabulary: Vocabulary) -> Match:
    """The score that ``a`` and ``b`` state the same checkable fact, and the
    relation: ``same``; ``contradicts`` (the same fact with a conflicting
    number, year or polarity); ``different``."""
    sim = similarity(a, b, vocabulary)
    if min(len(a.terms), len(b.terms)) < MIN_TERMS:
        # a word or two is no checkable fact to match
        sim *= 0.5
    basis = [
        {
            "term": "similarity",
            "label": "shared words, rare ones weighing more",
            "value": round(sim, 4),
        }
    ]
    conflicts = [
        c for c in (number_conflict(a, b), year_conflict(a, b), negation_conflict(a, b)) if c
    ]
    score = sim
    for conflict in conflicts:
        basis.append({"term": "conflict", "label": conflict, "value": CONFLICT_PENALTY})
        score *= CONFLICT_PENALTY
    if conflicts and sim >= CONFLICT_THRESHOLD:
        relation = CONTRADICTS
    elif not conflicts and sim >= SAME_THRESHOLD:
        relation = SAME
    else:
        relation = DIFFERENT
    return Match(
        score=round(min(max(score, 0.0), 1.0), 4),
        relation=relation,
        basis=basis,
        similarity=round(sim, 4),
    )


def rank(claim: ClaimText, candidates: Sequence[ClaimText], vocabulary: Vocabulary) -> list[Match]:
    """``claim`` compared with each candidate, in their order. A claim states
    one fact, so among its candidates the best is the likeliest: each score
    is weighed by how close it comes to the best one."""
    matches = [compare(claim, other, vocabulary) for other in candidates]
    best = max((m.score for m in matches), default=0.0)
    if best <= 0:
        return matches
    out = []
    for m in matches:
        factor = math.sqrt(m.score / best)
        score = round(m.score * factor, 4)
        relation = m.relation
        if relation == SAME and score < SAME_THRESHOLD:
            relation = DIFFERENT
        basis = [
            *m.basis,
            {"term": "best", "label": "against the best candidate", "value": round(factor, 4)},
        ]
        out.append(Match(score, relation, basis, similarity=m.similarity))
    return out
