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


# Verbs that say little alone: what they say is in their complement ("is
# the owner", "had a turnout", "received an invitation", "saw a record"),
# or in a phrase not read as one ("came to an end", "the win came with a
# late goal": nothing said, so nothing another claim's verb must meet)
LIGHT_VERBS = frozenset("be have become remain get make take give receive see come".split())
PREDICATE_DEPS = frozenset({"conj", "xcomp", "advcl"})
COMPLEMENT_DEPS = ("attr", "acomp", "dobj", "oprd")
# verbs that only frame what they report: "announced" or "found" is often
# the fact itself ("NASA announced new homes for the shuttles")
SPEECH_VERBS = frozenset({"say", "tell"})


def predicate_lemmas(verb: Token, ids: set[int] | None = None) -> list[str]:
    """What a clause says of its subject, as lemmas: its verb, with the
    verbs joined to it ("plans to ask", "died when a crane collapsed"), a
    light verb read as its complement ("is the owner" -> "owner"), an
    appositive's claim as the noun it says ("the mill's owner, Calder" ->
    "owner"). Only tokens among ``ids`` (the claim's own, when the clause
    is split into several claims) count."""

    def own(token: Token) -> bool:
        return ids is None or token.i in ids

    heads = [verb] + [
        c for c in verb.children if c.dep_ in PREDICATE_DEPS and c.pos_ in CLAUSE_POS and own(c)
    ]
    found: list[str] = []
    for head in heads:
        lemma = head.lemma_.lower()
        if lemma in LIGHT_VERBS:
            found += [c.lemma_.lower() for c in children(head, *COMPLEMENT_DEPS) if own(c)]
        elif head.pos_ in CLAUSE_POS:
            found.append(lemma)
        else:  # an appositive's claim: "IREL, a government-owned miner" says "miner"
            said = [c for c in children(head, "appos") if own(c)]
            if not said and head.dep_ == "appos" and own(head.head):
                said = [head.head]  # "the mill's owner, Calder Fibre Group": "owner"
            found += [c.lemma_.lower() for c in said] or [lemma]
    return list(dict.fromkeys(w for w in found if w.isalpha()))


def sentence_predicates(doc) -> list[str]:
    """predicate_lemmas() of a one-claim text's root (a claim read on its
    own: a pair to score, an editor's new wording); of what a reporting
    verb of speech reports, as extraction reads it ("the council approved
    the plan, officials said": "approve")."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    # "have not said why …" is itself the claim: a silence, not a frame
    while root is not None and root.lemma_.lower() in SPEECH_VERBS and not is_negated(root):
        reported = [c for c in children(root, "ccomp") if c.pos_ in CLAUSE_POS]
        if not reported:
            break
        root = reported[0]
    return predicate_lemmas(root) if root is not None else []
