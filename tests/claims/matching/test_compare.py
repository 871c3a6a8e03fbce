"""Matching decisions by phenomenon: paraphrase, added detail, a number
conflict (and an approximation that is none), negation, denial, a different
actor, numbers in words. Texts written for these tests."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claims.matching.compare import CONTRADICTS, DIFFERENT, SAME, Vocabulary, compare, rank
from claims.matching.text import read_claim

BACKGROUND = [
    "The city council approved the annual budget on Monday",
    "Shares in the airline fell sharply after the announcement",
    "The museum will reopen its east wing next spring",
    "Rain is expected across the region this weekend",
    "The union called off the strike after talks with management",
    "A new school opened in the northern district",
]


def decide(a: str, b: str):
    claims = [read_claim(t) for t in (a, b, *BACKGROUND)]
    return compare(claims[0], claims[1], Vocabulary(claims))


def test_a_paraphrase_with_added_detail_is_the_same_claim():
    match = decide(
        "A crane collapsed at the Port Ellis terminal, killing 12 workers",
        "Twelve workers were killed when a crane collapsed at Port Ellis on Tuesday",
    )
    assert match.relation == SAME
    assert match.basis[0]["term"] == "similarity"


def test_a_different_count_of_the_same_event_contradicts():
    match = decide(
        "A crane collapsed at Port Ellis, killing 12 workers",
        "A crane collapsed at Port Ellis, killing 9 workers",
    )
    assert match.relation == CONTRADICTS
    assert any("numbers differ: 12 vs 9" in term["label"] for term in match.basis)
    # how alike they are apart from the count is kept: it is what makes it sure
    assert match.similarity == pytest.approx(match.score / 0.5, abs=1e-3)


def test_an_approximate_number_does_not_conflict():
    match = decide(
        "More than 345 people died in the flooding in Marlow",
        "345 people died in the flooding in Marlow",
    )
    assert match.relation == SAME


def test_numbers_in_words_and_digits_meet():
    assert read_claim("Three ships sank").numbers == ((3.0, False),)
    match = decide("Three ships sank off the coast of Marlow", "3 ships sank off the Marlow coast")
    assert match.relation == SAME


def test_the_negation_of_a_claim_contradicts_it():
    match = decide(
        "The KIA agreed to supply the first batch of samples",
        "The KIA did not agree to supply the first batch of samples",
    )
    assert match.relation == CONTRADICTS
    assert any("is not so" in term["label"] for term in match.basis)


def test_a_denial_contradicts_the_claim():
    match = decide(
        "The minister resigned over the procurement scandal",
        "The ministry denied that the minister resigned over the procurement scandal",
    )
    assert match.relation == CONTRADICTS


def test_empty_and_one_word_claims_match_nothing():
    assert decide("", "The port reopened").relation == DIFFERENT
    assert decide("Port", "The port reopened on Monday").score < 0.45


def test_rank_weighs_each_candidate_against_the_best():
    claim = read_claim("Nathan Law became the youngest member of the Legislative Council")
    candidates = [
        read_claim("Nathan Law is the youngest Legislative Council member in its history"),
        read_claim("Nathan Law was a student leader of the protests"),
    ]
    vocabulary = Vocabulary([claim, *candidates, *map(read_claim, BACKGROUND)])
    best, other = rank(claim, candidates, vocabulary)
    assert best.relation == SAME and best.score > other.score
    assert other.relation == DIFFERENT


def run_pairs(tmp_path, content: str) -> subprocess.CompletedProcess:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(content)
    root = Path(__file__).resolve().parents[3]
    return subprocess.run(
        [sys.executable, "manage.py", "match_claims", "--pairs", str(pairs)],
        cwd=root,
        capture_output=True,
        text=True,
    )


def test_the_pairs_command_prints_one_line_per_pair_in_order(tmp_path):
    rows = [
        {"a": "A crane killed 12 workers at Port Ellis", "b": "12 workers died at Port Ellis"},
        {"a": "A crane killed 12 workers at Port Ellis", "b": "The museum reopened"},
    ]
    done = run_pairs(tmp_path, "\n".join(json.dumps(r) for r in rows) + "\n")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["relation"] for line in lines] == ["same", "different"]
    assert all(0 <= line["score"] <= 1 for line in lines)


@pytest.mark.parametrize("content", ['{"a": "x"}\n', "not json\n"])
def test_the_pairs_command_refuses_bad_input_with_a_message(tmp_path, content):
    done = run_pairs(tmp_path, content)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "pairs.jsonl" in done.stderr
