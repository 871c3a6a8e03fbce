"""Reading spaCy's dependency tree: the few questions every rule asks of a
token (its subtree, its children of some relation, its subject, whether it
is negated) and of a sentence (a question, an imperative, a predicate)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from claims.extraction import cues

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


CLAUSE_POS = frozenset({"VERB", "AUX"})


def subtree_ids(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    return None


SINGULAR_FINITE = frozenset({"is", "was", "has", "does"})
PLURAL_FINITE = frozenset({"are", "were", "have"})


def verb_number(verb: Token) -> str | None:
    """ "singular" or "plural" as the clause's finite word (its first
    auxiliary, or the verb) shows it ("is", "rates"; "were", "have"), else
    None ("said", "will")."""
    finite = next((a for a in children(verb, "aux", "auxpass") if a.i < verb.i), verb)
    if finite.tag_ == "VBZ" or finite.lower_ in SINGULAR_FINITE:
        return "singular"
    if finite.tag_ == "VBP" or finite.lower_ in PLURAL_FINITE:
        return "plural"
    return None


def is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def is_question(sent: Span) -> bool:
    last = [t for t in sent if not t.is_space and t.text not in cues.QUOTE_CHARS]
    return bool(last) and last[-1].text == "?"


# What may stand before an imperative's verb: "If you can, book ahead",
# "In the evening, visit the market", "Definitely avoid the weekends".
IMPERATIVE_LEAD_DEPS = {"advcl", "advmod", "prep", "npadvmod", "intj", "punct", "mark"}


def is_imperative(sent: Span) -> bool:
    """A sentence telling the reader to do something: its root is a bare
    verb with no subject, and nothing before it but "please"/"do", or
    adverbs, conditions and phrases of time or place."""
    root = sent.root
    if root.tag_ != "VB" or subject_of(root) is not None:
        return False
    first = next((t for t in sent if not t.is_punct and not t.is_space), None)
    if first is None:
        return False
    if first == root or first.lower_ in {"please", "do", "don't"}:
        return True
    lead = [child for child in root.children if child.i < root.i]
    return bool(lead) and all(child.dep_ in IMPERATIVE_LEAD_DEPS for child in lead)


def has_predicate(sent: Span) -> bool:
    return any(t.pos_ in CLAUSE_POS for t in sent)
