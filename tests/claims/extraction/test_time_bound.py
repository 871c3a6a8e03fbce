"""Claims true "so far" or "currently" are time-bound: re-checked sooner, and
outdated once their window lapses."""

import pytest


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("No official deal has been announced so far.", "so far"),
        ("Officials are still investigating the cause of the crash.", "still"),
        ("The airport is currently closed to all traffic.", "currently"),
        ("As of Monday, 12 people remained missing.", "as of"),
        ("China has restricted exports this year.", "this year"),
        ("Westmere has not yet published its plan.", "not yet"),
        ("The plant no longer produces steel.", "no longer"),
        ("The company has spent $40 million on the project to date.", "to date"),
    ],
)
def test_time_bound(only, sentence, cue):
    claim = only(sentence)
    assert claim.time_bound
    assert cue in claim.time_cues


@pytest.mark.parametrize(
    "sentence",
    [
        "The mill opened in 1961.",
        "The council postponed the vote on Tuesday.",
        "Yet the plan was approved.",
    ],
)
def test_not_time_bound(only, sentence):
    assert not only(sentence).time_bound
