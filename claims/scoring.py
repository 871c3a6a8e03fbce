"""Claim cues and evidence → status, confidence and the basis that explains them.

Pure functions on plain values: no ORM, no clock but the ``now`` passed in.
Confidence is a logistic function of summed log-odds terms; the basis lists
every term so an editor can see why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

# The prior from the claim's own certainty, in log-odds. Ordered as DESIGN.md
# asks: asserted > attributed to a named source > unnamed sources > hedged >
# conditional. A claim takes the weakest of its cues (a hedged claim by a
# named source is "hedged").
PRIOR_LOG_ODDS = {
    "asserted": 0.40,  # the article's own voice       -> 0.60
    "named": 0.20,  # attributed to a named source      -> 0.55
    "unnamed": -0.10,  # "analysts", "multiple sources" -> 0.475
    "hedged": -0.40,  # reportedly, may, could, likely  -> 0.40
    "conditional": -0.70,  # "if the results are promising" -> 0.33
}
PRIOR_LABELS = {
    "asserted": "prior: asserted in the article's own voice",
    "named": "prior: attributed to a named source",
    "unnamed": "prior: attributed to unnamed sources",
    "hedged": "prior: hedged",
    "conditional": "prior: conditional",
}


def logistic(log_odds: float) -> float:
    return 1.0 / (1.0 + math.exp(-log_odds))


def certainty_category(*, attribution: str | None, hedged: bool, conditional: bool) -> str:
    """The prior's category; ``attribution`` is None, "named" or "unnamed"."""
    if conditional:
        return "conditional"
    if hedged:
        return "hedged"
    if attribution == "unnamed":
        return "unnamed"
    if attribution == "named":
        return "named"
    return "asserted"


def claim_prior(*, attribution: str | None, hedged: bool, conditional: bool) -> float:
    """Confidence from the claim's cues alone, before any evidence."""
    category = certainty_category(attribution=attribution, hedged=hedged, conditional=conditional)
    return round(logistic(PRIOR_LOG_ODDS[category]), 4)


# --------------------------------------------------------------------------
# Evidence → status, confidence, basis
# --------------------------------------------------------------------------

SUPPORTS, REFUTES, MENTIONS = "supports", "refutes", "mentions"
# Log-odds an item adds per unit of weight × reliability.
STANCE_SCALE = {SUPPORTS: 1.2, REFUTES: -1.5, MENTIONS: 0.0}
# How much a document still counts, by what the last fetch found.
# A refused URL (private address, redirect loop …) was never read: it counts
# for nothing.
STATE_FACTOR = {"live": 1.0, "changed": 0.8, "quote_missing": 0.3, "gone": 0.0, "refused": 0.0}
# Repeats by one publisher count for less than independent publishers.
REPEAT_FACTOR = 0.25
CREDIBLE_RELIABILITY = 0.5  # evidence counts towards "disputed" from here
OFFICIAL_RELIABILITY = 0.9  # an official source this reliable confirms
OUTDATED_LOG_ODDS = -0.5


@dataclass(frozen=True)
class EvidenceFacts:
    """One piece of evidence as scoring sees it."""

    id: int
    stance: str
    weight: float
    reliability: float
    publisher: str  # independence key: items with the same key are repeats
    state: str = "live"
    is_official: bool = False
    from_article: bool = False  # the claim's own article: "the article itself"
    label: str = ""


@dataclass(frozen=True)
class ClaimFacts:
    """The claim's own cues and state, as scoring sees them."""

    certainty: str  # a key of PRIOR_LOG_ODDS
    status: str = "unverified"
    status_locked: bool = False
    valid_until: datetime | None = None


@dataclass(frozen=True)
class Score:
    status: str
    confidence: float
    basis: list[dict] = field(default_factory=list)


def _term(term: str, label: str, value: float) -> dict:
    return {"term": term, "label": label, "value": round(value, 4)}


def score_claim(claim: ClaimFacts, evidence: list[EvidenceFacts], now: datetime) -> Score:
    """Status, confidence and basis of a claim from its cues and evidence.

    Deterministic: the same inputs give the same output, whatever the order
    of ``evidence``. Statuses, strongest first: retracted (every supporting
    document gone), refuted (refutation outweighs support), disputed
    (credible evidence both ways), outdated (time-bound and past
    ``valid_until``), confirmed (an official source with reliability ≥ 0.9
    supports it), corroborated (two or more independent publishers support
    it, nothing refutes it), unverified. A locked status is kept as it is;
    its confidence still moves.
    """
    basis = [_term("prior", PRIOR_LABELS[claim.certainty], PRIOR_LOG_ODDS[claim.certainty])]
    log_odds = PRIOR_LOG_ODDS[claim.certainty]

    support = refute = 0.0
    credible_support = credible_refute = False
    supporting_docs = gone_docs = 0
    supporters: set[str] = set()
    official_support = False
    seen_publishers: dict[tuple[str, str], int] = {}
    ordered = sorted(evidence, key=lambda e: (e.publisher, e.stance, -e.weight, e.id))
    for item in ordered:
        state_factor = STATE_FACTOR.get(item.state, 0.0)
        if item.stance == SUPPORTS:
            supporting_docs += 1
            gone_docs += item.state == "gone"
        if item.from_article:
            # The article itself is what the prior already stands for.
            if item.stance == SUPPORTS and state_factor > 0:
                supporters.add(item.publisher)
            basis.append(_term(f"evidence:{item.id}", f"the article itself ({item.label})", 0.0))
            continue
        key = (item.publisher, item.stance)
        repeat = seen_publishers.get(key, 0)
        seen_publishers[key] = repeat + 1
        factor = 1.0 if repeat == 0 else REPEAT_FACTOR
        effective = item.weight * item.reliability * state_factor * factor
        value = STANCE_SCALE.get(item.stance, 0.0) * effective
        log_odds += value
        label = f"{item.stance} {item.label}".strip()
        if repeat:
            label += " (repeat of the same publisher)"
        if state_factor < 1.0:
            label += f" (document {item.state.replace('_', ' ')})"
        basis.append(_term(f"evidence:{item.id}", label, value))
        if state_factor == 0 or item.weight == 0:
            continue
        if item.stance == SUPPORTS:
            support += effective
            supporters.add(item.publisher)
            credible_support |= item.reliability >= CREDIBLE_RELIABILITY
            official_support |= item.is_official and item.reliability >= OFFICIAL_RELIABILITY
        elif item.stance == REFUTES:
            refute += effective
            credible_refute |= item.reliability >= CREDIBLE_RELIABILITY

    expired = claim.valid_until is not None and now >= claim.valid_until
    if expired:
        log_odds += OUTDATED_LOG_ODDS
        basis.append(_term("outdated", "time-bound claim past its validity", OUTDATED_LOG_ODDS))

    if supporting_docs and gone_docs == supporting_docs:
        status = "retracted"
    elif refute > support:
        status = "refuted"
    elif credible_refute and credible_support:
        status = "disputed"
    elif expired:
        status = "outdated"
    elif official_support and refute == 0:
        status = "confirmed"
    elif len(supporters) >= 2 and refute == 0:
        status = "corroborated"
    else:
        status = "unverified"

    if claim.status_locked:
        basis.append(_term("locked", f"status locked by an editor as {claim.status}", 0.0))
        status = claim.status
    confidence = round(logistic(log_odds), 4)
    basis.append(_term("total", "confidence", confidence))
    return Score(status=status, confidence=confidence, basis=basis)
