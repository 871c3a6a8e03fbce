"""Claim ↔ claim: do two claims state the same checkable fact, one that
contradicts it, or a different one? Pure Python, texts in, no ORM.

``text.read_claim`` reads what matching needs from a claim (content terms,
names and the words around them, counts with their ranges and what they
count, years, days, negation, denial). ``compare.compare`` scores a pair
and decides its relation, keeping the basis of the decision: the
conflicts that make a contradiction (a count out of range, another year or
day, the opposite outcome, a negation) and another name in the same words,
which makes another fact. ``compare.rank`` compares a claim with its
candidates and weighs each against the best of them.
"""
