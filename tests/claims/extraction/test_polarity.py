"""Grammatical negation of the claim's predicate; lexical negatives stay affirmed."""

import pytest


@pytest.mark.parametrize(
    "sentence",
    [
        "No official deal has been announced so far.",
        "No date for a new vote has been set so far.",
        "The senator has never voted for a tax increase.",
        "The plant no longer produces steel.",
        "The company failed to meet its targets.",
        "None of the passengers were injured.",
        "Nobody has claimed responsibility for the attack.",
        "Neither side has commented.",
        "The report was not published until Friday.",
        "The mayor could not attend the hearing.",
        "The firm won't raise prices.",
        "At no point did the company mislead its users.",
        "Under no circumstances will the plant reopen this year.",
    ],
)
def test_negated(only, sentence):
    assert only(sentence).polarity == "negated"


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister was unable to attend the meeting.",
        "The company lacks the funds to expand.",
        "The vote was postponed indefinitely.",
        "The outreach reflects not only resource needs.",
        "With no warning, the dam burst on Monday.",
    ],
)
def test_affirmed(only, sentence):
    assert only(sentence).polarity == "affirmed"


def test_negation_belongs_to_its_own_clause(extract):
    claims = extract("A packaging firm has shown interest but has not made an offer.")
    assert [(c.text, c.polarity) for c in claims] == [
        ("A packaging firm has shown interest", "affirmed"),
        ("A packaging firm has not made an offer", "negated"),
    ]


def test_a_shared_negated_modal_negates_both_clauses(extract):
    claims = extract("The firm will not raise prices or cut wages.")
    assert [(c.text, c.polarity) for c in claims] == [
        ("The firm will not raise prices", "negated"),
        ("The firm will not cut wages", "negated"),
    ]


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("There is no question that prices will rise.", "Prices will rise"),
        ("There is no doubt the bridge is unsafe.", "The bridge is unsafe"),
    ],
)
def test_no_doubt_that_asserts_what_follows(extract, sentence, text):
    claims = extract(sentence)
    assert [(c.text, c.polarity) for c in claims] == [(text, "affirmed")]


def test_no_evidence_that_stays_negated(extract):
    (claim,) = extract("There is no evidence the bridge is unsafe.")
    assert claim.polarity == "negated"
