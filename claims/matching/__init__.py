"""Claim ↔ claim: do two claims state the same checkable fact, one that
contradicts it, or a different one? Pure Python, texts in, no ORM.

``text.read_claim`` reads what matching needs from a claim (content terms,
names, numbers with their approximations, years, negation);
``compare.compare`` scores a pair and decides its relation, keeping the
basis of the decision; ``compare.rank`` compares a claim with its candidates
and weighs each against the best of them.
"""
