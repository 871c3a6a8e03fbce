"""Table-driven: evidence and cues in, status and confidence out."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from claims.scoring import ClaimFacts, EvidenceFacts, claim_prior, logistic, score_claim

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
_ids = iter(range(1, 10_000))


def ev(stance="supports", *, publisher="a", reliability=0.7, weight=1.0, state="live", **kw):
    return EvidenceFacts(
        id=next(_ids),
        stance=stance,
        weight=weight,
        reliability=reliability,
        publisher=publisher,
        state=state,
        **kw,
    )


OWN = {"from_article": True, "publisher": "own"}
CASES = [
    # (name, claim, evidence, expected status)
    ("only the article says it", ClaimFacts("asserted"), [ev(**OWN)], "unverified"),
    (
        "a second independent publisher corroborates",
        ClaimFacts("asserted"),
        [ev(**OWN), ev(publisher="b")],
        "corroborated",
    ),
    (
        "repeats of one publisher do not corroborate",
        ClaimFacts("asserted"),
        [ev(publisher="b"), ev(publisher="b")],
        "unverified",
    ),
    (
        "an official source with reliability 0.9 confirms",
        ClaimFacts("asserted"),
        [ev(**OWN), ev(publisher="gov", reliability=0.9, is_official=True)],
        "confirmed",
    ),
    (
        "an official source below 0.9 does not confirm",
        ClaimFacts("asserted"),
        [ev(**OWN), ev(publisher="gov", reliability=0.85, is_official=True)],
        "corroborated",
    ),
    (
        "credible evidence both ways disputes",
        ClaimFacts("asserted"),
        [ev(publisher="b"), ev("refutes", publisher="c")],
        "disputed",
    ),
    (
        "refutation outweighing support refutes",
        ClaimFacts("asserted"),
        [ev(**OWN), ev("refutes", publisher="c", reliability=0.8)],
        "refuted",
    ),
    (
        "weak refutation by an unreliable source against strong support",
        ClaimFacts("asserted"),
        [ev(publisher="b", reliability=0.9), ev("refutes", publisher="c", reliability=0.3)],
        "unverified",
    ),
    (
        "time-bound claim past its validity is outdated",
        ClaimFacts("asserted", valid_until=NOW - timedelta(days=1)),
        [ev(**OWN), ev(publisher="b")],
        "outdated",
    ),
    (
        "still within its validity",
        ClaimFacts("asserted", valid_until=NOW + timedelta(days=1)),
        [ev(**OWN), ev(publisher="b")],
        "corroborated",
    ),
    (
        "every supporting document gone: retracted",
        ClaimFacts("asserted"),
        [ev(state="gone", **OWN), ev(publisher="b", state="gone")],
        "retracted",
    ),
    (
        "one supporting document left: not retracted",
        ClaimFacts("asserted"),
        [ev(state="gone", **OWN), ev(publisher="b")],
        "unverified",
    ),
    (
        "mentions neither support nor refute",
        ClaimFacts("asserted"),
        [ev(**OWN), ev("mentions", publisher="b")],
        "unverified",
    ),
    (
        "a locked verdict stands whatever the evidence",
        ClaimFacts("asserted", status="refuted", status_locked=True),
        [ev(**OWN), ev(publisher="b"), ev(publisher="c")],
        "refuted",
    ),
]


@pytest.mark.parametrize(
    ("claim", "evidence", "status"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_status(claim, evidence, status):
    assert score_claim(claim, evidence, NOW).status == status


def test_every_status_is_reachable():
    reached = {status for *_rest, status in CASES}
    assert reached == {
        "unverified",
        "corroborated",
        "confirmed",
        "disputed",
        "refuted",
        "outdated",
        "retracted",
    }


def test_a_locked_claims_confidence_still_moves():
    locked = ClaimFacts("asserted", status="refuted", status_locked=True)
    alone = score_claim(locked, [], NOW)
    supported = score_claim(locked, [ev(publisher="b"), ev(publisher="c")], NOW)
    assert alone.status == supported.status == "refuted"
    assert supported.confidence > alone.confidence


def test_independent_publishers_count_more_than_repeats():
    claim = ClaimFacts("asserted")
    independent = score_claim(claim, [ev(publisher="b"), ev(publisher="c")], NOW)
    repeated = score_claim(claim, [ev(publisher="b"), ev(publisher="b")], NOW)
    assert independent.confidence > repeated.confidence
    labels = [t["label"] for t in repeated.basis]
    assert any("repeat of the same publisher" in label for label in labels)


@pytest.mark.parametrize(
    ("weaker", "stronger"),
    [("named", "asserted"), ("unnamed", "named"), ("hedged", "unnamed"), ("conditional", "hedged")],
)
def test_priors_are_ordered_by_certainty(weaker, stronger):
    assert (
        score_claim(ClaimFacts(weaker), [], NOW).confidence
        < score_claim(ClaimFacts(stronger), [], NOW).confidence
    )


def test_the_weakest_cue_sets_the_prior():
    hedged_named = claim_prior(attribution="named", hedged=True, conditional=False)
    assert hedged_named == claim_prior(attribution=None, hedged=True, conditional=False)
    assert claim_prior(attribution=None, hedged=True, conditional=True) < hedged_named


def test_the_basis_lists_every_term_and_sums_to_the_confidence():
    evidence = [ev(**OWN), ev(publisher="b", reliability=0.8), ev("refutes", publisher="c")]
    score = score_claim(ClaimFacts("named"), evidence, NOW)
    terms = [t for t in score.basis if t["term"] != "total"]
    assert [t["term"] for t in terms][0] == "prior"
    assert len([t for t in terms if t["term"].startswith("evidence:")]) == 3
    assert score.basis[-1] == {"term": "total", "label": "confidence", "value": score.confidence}
    assert round(logistic(sum(t["value"] for t in terms)), 3) == round(score.confidence, 3)


def test_document_state_discounts_evidence():
    claim = ClaimFacts("asserted")
    live = score_claim(claim, [ev(publisher="b")], NOW).confidence
    changed = score_claim(claim, [ev(publisher="b", state="changed")], NOW).confidence
    missing = score_claim(claim, [ev(publisher="b", state="quote_missing")], NOW).confidence
    assert live > changed > missing


def test_same_inputs_same_output_in_any_order():
    evidence = [
        ev(**OWN),
        ev(publisher="b"),
        ev(publisher="b", weight=0.4),
        ev("refutes", publisher="c", reliability=0.4),
        ev("mentions", publisher="d"),
    ]
    first = score_claim(ClaimFacts("unnamed"), evidence, NOW)
    for seed in range(5):
        shuffled = evidence[:]
        random.Random(seed).shuffle(shuffled)
        assert score_claim(ClaimFacts("unnamed"), shuffled, NOW) == first
