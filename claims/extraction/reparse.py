"""Two clauses the small model read as one: "Myanmar is mainly Buddhist and
the United Nations rates the Rohingya ..." parsed with "Buddhist and the
United Nations" as the subject of "rates". Such a sentence is found by a
disagreement the wrong parse leaves behind, cut at its "and", and each
half parsed again on its own; the halves are used only when each parses
as a clause with a subject (otherwise the sentence is read as it was:
a whole clause, never garbled text). A second half goes on with what the
first half's reporting frame said ("X said A and B": B is X's too).

The disagreements read:

- a singular verb ("is", "was", "rates") whose subject is a coordination
  across the "and": "the people and a warship was deployed";
- a verb with no subject after a noun phrase ("and the European Union
  counts ..." with "Union" hung on the first clause), or with a subject
  on each side of the "and";
- a subject carrying a finite verb as a reduced relative ("The attention
  led to outreach from Google and Mohamed was invited"): a reduced
  relative is a participle ("the attention led by ..."), not a past tense.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from claims.extraction import cues
from claims.extraction.tree import CLAUSE_POS, SUBJECT_DEPS, children, subject_of, verb_number

# the words that may stand between "and" and the second clause's verb
NOUN_PHRASE_POS = frozenset({"DET", "ADJ", "PROPN", "NOUN", "NUM", "PRON"})
MIN_HALF_WORDS = 3
MAX_SUBJECT_WORDS = 8  # a second clause's subject is a short noun phrase


@dataclass(frozen=True)
class Cut:
    """Where a misread sentence is cut: the text before its "and" and the
    text after it, as character offsets into the sentence's doc."""

    left: tuple[int, int]
    right: tuple[int, int]


def misread_coordination(sent: Span) -> Cut | None:
    """Where ``sent`` is two clauses the parser read as one, or None. A
    sentence with a quotation is left whole: who speaks may change inside it."""
    if any(t.text in cues.QUOTE_CHARS for t in sent):
        return None
    for cc in sent:
        if cc.lower_ != "and" or cc.dep_ != "cc":
            continue
        verb = _second_verb(sent, cc)
        if verb is None:
            continue
        if not _misread(verb, cc):
            continue
        left_words = [t for t in sent if t.i < cc.i and not t.is_punct]
        right_words = [t for t in sent if t.i > cc.i and not t.is_punct]
        if len(left_words) < MIN_HALF_WORDS or len(right_words) < MIN_HALF_WORDS:
            continue
        before = sent.doc[cc.i - 1]
        left_end = before.idx + (0 if before.text == "," else len(before))
        right_start = sent.doc[cc.i + 1].idx
        return Cut(left=(sent.start_char, left_end), right=(right_start, sent.end_char))
    return None


def _second_verb(sent: Span, cc: Token) -> Token | None:
    """The finite verb (or its first auxiliary's verb) that a noun phrase
    right after ``cc`` leads to: "and a warship was deployed" -> deployed."""
    nouns = 0
    for token in sent.doc[cc.i + 1 : min(cc.i + 1 + MAX_SUBJECT_WORDS, sent.end)]:
        if token.pos_ in NOUN_PHRASE_POS and token.dep_ not in {"aux", "auxpass"}:
            nouns += token.pos_ in {"NOUN", "PROPN", "PRON"}
            continue
        if token.pos_ == "ADP" and token.dep_ == "prep" and nouns:
            continue  # "the tax on tobacco rises"
        if token.tag_ in {"VBD", "VBZ", "VBP", "MD"} and nouns:
            return token.head if token.dep_ in {"aux", "auxpass"} else token
        return None
    return None


def _misread(verb: Token, cc: Token) -> bool:
    """Whether the parse of the clause of ``verb``, the first verb after
    ``cc``, shows the disagreements of a misreading (module docstring)."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if not subjects:
        # "and the European Union counts ...": the noun phrase before the
        # verb is its subject, hung elsewhere
        return True
    before = [s for s in subjects if s.i < cc.i]
    if not before:
        return False  # its subject is after the "and": the parse is right
    if len(subjects) > len(before):
        return True  # "the wreck and a ship was sent": a subject each side
    return _disagrees(verb, before[0], cc) or _finite_relative(before[0])


def _disagrees(verb: Token, subject: Token, cc: Token) -> bool:
    """A singular verb with a subject coordinated across ``cc``."""
    return verb_number(verb) == "singular" and any(
        t.dep_ == "conj" and t.i > cc.i for t in subject.subtree
    )


def _finite_relative(subject: Token) -> bool:
    """A subject with a past or present tense hung on it as a modifier."""
    return subject.dep_ in SUBJECT_DEPS and any(
        c.dep_ == "acl" and c.tag_ in {"VBD", "VBZ"} and subject_of(c) is None
        for c in subject.children
    )


def reads_as_clause(sent: Span) -> bool:
    """A half worth reading alone: a verb at its root, with a subject."""
    return sent.root.pos_ in CLAUSE_POS and subject_of(sent.root) is not None


def reports_to_its_end(sent: Span) -> bool:
    """A half that is a reporting frame whose content runs to its end ("X
    said fishermen noticed the people"): the next half ("and a warship was
    deployed") goes on with what X said."""
    root = sent.root
    if root.lemma_.lower() not in cues.REPORTING_VERBS:
        return False
    last = max((t.i for t in sent if not t.is_punct), default=root.i)
    return any(last in {t.i for t in c.subtree} for c in children(root, "ccomp"))
