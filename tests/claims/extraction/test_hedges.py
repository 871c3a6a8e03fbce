"""Explicit uncertainty cues, kept in ``hedges``; approximations and reported
future are not hedges."""

import pytest


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("The KIA has reportedly agreed to supply the samples.", "reportedly"),
        ("The breach was allegedly carried out by a criminal group.", "allegedly"),
        ("The council may revisit the proposal next month.", "may"),
        ("Some rural areas might remain without power.", "might"),
        ("Winds could reach 120 km/h on Tuesday.", "could"),
        ("The vaccine is likely to be approved next year.", "likely"),
        ("The project is expected to create 500 jobs.", "expected to"),
        ("The suspect appears to have fled.", "appears to"),
    ],
)
def test_hedged(only, sentence, cue):
    claim = only(sentence)
    assert claim.hedged
    assert cue in claim.hedges


def test_a_conditional_if_is_a_hedge_and_marks_the_claim_conditional(only):
    claim = only("The company would expand if demand recovered.")
    assert claim.hedged and claim.conditional
    assert set(claim.hedges) == {"if", "would"}


@pytest.mark.parametrize(
    "sentence",
    [
        "The bank would not hesitate to raise rates again if prices rose.",
        "The union plans to strike next month if talks fail.",
    ],
)
def test_a_condition_on_an_open_complement_conditions_the_claim(only, sentence):
    claim = only(sentence)
    assert claim.conditional
    assert "if" in claim.hedges


@pytest.mark.parametrize(
    "sentence",
    [
        "About 300 people attended the rally.",
        "Nearly half of the voters stayed at home.",
        "The mayor could not attend the hearing.",
        "Challenges remain even if a supply route is secured.",
        "The samples will be tested to determine if they contain rare earths.",
        "People in polluted areas were 14 percent more likely to develop dementia.",
    ],
)
def test_not_hedged(only, sentence):
    claim = only(sentence)
    assert not claim.hedged, claim.hedges
    assert not claim.conditional


def test_reported_future_would_is_not_a_hedge(only):
    claim = only("The company said it would expand into Asia.")
    assert not claim.hedged


def test_hedged_claims_get_a_lower_prior_than_asserted_ones(extract):
    asserted, hedged, conditional = extract(
        "The plant closed in March. The plant may close in March. "
        "The plant would close in March if orders fell."
    )
    assert asserted.confidence > hedged.confidence > conditional.confidence
