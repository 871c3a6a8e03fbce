"""Properties of the matcher on any text: a link between two claims must
not depend on which of them was stored first (claims_match compares a new
claim with the stored ones), and a score is a probability."""

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.matching.compare import Vocabulary, compare
from claims.matching.text import read_claim

# pieces of news sentences that drive the matcher's readings: negations and
# denials, frames, clauses about when or why, counts and their units,
# dates, names written otherwise, opposite outcomes
PIECES = [
    "the mayor of Marlow",
    "the mayor of Ashford",
    "Mr Danon",
    "Pierre Danon",
    "Anna Keller",
    "Omar Keller",
    "al-Qaida",
    "Al Qaeda",
    "a Midwestern producer",
    "resigned",
    "did not resign",
    "has yet to resign",
    "denied that",
    "wouldn't comment",
    "have not said why",
    "approved the budget",
    "rejected the budget",
    "won",
    "lost",
    "while there is no standard weight,",
    "because the council did not back him,",
    "12 workers died",
    "at least 12 dockworkers died",
    "nine workers were killed",
    "rose 0.54 percent",
    "rose 5 per cent",
    "up 29 cents",
    "on Jan. 14",
    "on January 24",
    "on Tuesday",
    "in 1958",
    "at Port Ellis",
    "and",
    ",",
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=8).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS, TEXTS)
def test_the_relation_and_score_do_not_depend_on_the_order(a, b):
    first, second = read_claim(a), read_claim(b)
    vocabulary = Vocabulary([first, second])
    forward, backward = compare(first, second, vocabulary), compare(second, first, vocabulary)
    assert forward.relation == backward.relation
    assert abs(forward.score - backward.score) <= 1e-4
    assert 0.0 <= forward.score <= 1.0
