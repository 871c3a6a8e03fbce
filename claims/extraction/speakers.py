"""Speakers and attribution across sentences: who a claim is attributed
to, named or unnamed; the article's running state of quotations (one left
open, its speaker named at its end or sentences before, a quotation going
on into the next paragraph) and of who "he", "she" or "it" can mean."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from claims.extraction import cues
from claims.extraction.drafts import Draft, Speaker
from claims.extraction.tree import SUBJECT_DEPS, children, subtree_ids
from claims.extraction.wording import render

OPEN_QUOTES = frozenset({"“", "«"})


CLOSE_QUOTES = frozenset({"”", "»"})


class ArticleContext:
    """What carries from one sentence to the next within an article: the
    last named speakers (to resolve "he said") and an open quotation
    (to attribute its sentences to a speaker named at its end)."""

    def __init__(self) -> None:
        self.last: dict[str, Speaker] = {}
        self.quote_open = False
        self.quote_speaker: Speaker | None = None
        self.paragraph_speaker: Speaker | None = None
        self.pending: list[Draft] = []
        # who the paragraph's quotations are by, and, for a paragraph that
        # is nothing but a quotation, the previous paragraph's: newswire
        # runs one speaker's quotes over several paragraphs
        self.quoted_speaker: Speaker | None = None
        self.carried_speaker: Speaker | None = None
        self.only_quotes = True
        # the paragraph goes on with a quotation the previous one left open
        self.continued_quote = False
        # a paragraph announced with a colon is its announcer's words
        self.block_speaker: Speaker | None = None
        self.paragraph_block: Speaker | None = None
        # the last two names given together in the paragraph ("NTU Station
        # or Shandao Station"): what a later "both of these" means
        self.last_pair: str | None = None

    def new_paragraph(self) -> None:
        # A quotation left open at a paragraph's end goes on in the next one
        # ('said, "I think ...' then 'It was ... ."'), by the same speaker.
        continued = (self.quote_speaker or self.quoted_speaker) if self.quote_open else None
        self.carried_speaker = self.quoted_speaker
        self.quote_open, self.quote_speaker, self.pending = False, None, []
        self.paragraph_speaker = self.quoted_speaker = None
        self.only_quotes = True
        self.paragraph_block, self.block_speaker = self.block_speaker, None
        self.continued_quote = continued is not None
        self.last_pair = None
        if continued is not None:
            self.quote_open, self.quote_speaker = True, continued

    def unnamed_quote_speaker(self) -> Speaker | None:
        """The speaker of a quotation that names none: the paragraph's, or
        the last quotation's when the paragraph is only quotation so far."""
        if self.paragraph_speaker is not None:
            return self.paragraph_speaker
        return self.carried_speaker if self.only_quotes else None

    def resolve_speaker(self, text: str, span: Span) -> Speaker:
        """The speaker as written, named or unnamed; a pronoun ("she said")
        resolves to the last speaker it can refer to."""
        lower = text.lower()
        if lower in cues.SPEAKER_PRONOUNS:
            wanted = {"he": ["person"], "she": ["person"], "it": ["thing"]}.get(
                lower, ["group", "thing"]
            )
            for category in wanted:
                if category in self.last:
                    return self.last[category]
            return Speaker(text, "unnamed", wanted[0])
        speaker = Speaker(text, speaker_kind(span), speaker_category(span))
        self.last[speaker.category] = speaker
        return speaker

    def note_mentions(self, sent: Span) -> None:
        """People named in a sentence are who a later "he" or "she" means;
        two names given together, what a later "both of these" means."""
        people = [ent for ent in sent.ents if ent.label_ == "PERSON" and len(ent) >= 2]
        if people:
            self.last["person"] = Speaker(people[-1].text, "named", "person")
        for name in sent:
            second = next((c for c in children(name, "conj") if c.pos_ == "PROPN"), None)
            if name.pos_ != "PROPN" or second is None:
                continue
            if not any(c.lower_ in {"and", "or"} for c in children(name, "cc")):
                continue
            first = {t.i for t in name.subtree if t.i <= name.i}
            pair = (
                render(sent.doc, first, capitalize=False),
                render(sent.doc, subtree_ids(second), capitalize=False),
            )
            self.last_pair = f"{pair[0]} and {pair[1]}"

    def resolve_both(self, drafts: list[Draft]) -> None:
        """ "Both of these stops have no crowds": the subject is the two
        names given together before it, in the paragraph."""
        if self.last_pair is None:
            return
        for draft in drafts:
            for i in sorted(draft.ids):
                both = draft.verb.doc[i]
                if both.lower_ != "both" or both.dep_ not in SUBJECT_DEPS:
                    continue
                if not any(p.lower_ == "of" and _demonstrative(p) for p in children(both, "prep")):
                    continue
                draft.ids -= subtree_ids(both) - {both.i}
                draft.overrides[both.i] = self.last_pair

    def attribute(self, sent: Span, drafts: list[Draft]) -> None:
        """Give ``drafts`` (the claims of ``sent``, in order) their speakers
        from the quotation they stand in, and move the article's state on:
        a quotation opened, continued or closed, the speaker named."""
        opens, closes, straight = quote_marks(sent)
        starts_with_quote = first_text(sent) in cues.QUOTE_CHARS
        started_open = self._starts_open(starts_with_quote)
        own_speaker = self._own_speaker(sent, drafts, started_open)
        # quotation state after this sentence
        if opens or closes:
            balance = opens - closes
        else:
            balance = straight % 2 if not started_open else -(straight % 2)
        ends_open = (started_open and balance >= 0) or (not started_open and balance > 0)
        in_quote = started_open or (starts_with_quote and ends_open)
        # a sentence quoted whole, after the speaker was named in this paragraph
        fully_quoted = starts_with_quote and not ends_open and last_text(sent) in cues.QUOTE_CHARS
        if in_quote or fully_quoted:
            self._quoted(drafts, own_speaker, unnamed=fully_quoted and not in_quote)
        else:
            self.only_quotes = False
            if self.paragraph_block is not None:
                _give(drafts, self.paragraph_block)
        if (opens or straight) and own_speaker:
            self.quoted_speaker = own_speaker
        if self.pending and not ends_open:
            # the quotation closed: its speaker is named at its end, or it
            # went on from a speaker named before it
            speaker = own_speaker or self.unnamed_quote_speaker()
            _give(self.pending, speaker)
            if speaker:
                self.quoted_speaker = speaker
        if ends_open:
            if not started_open:
                self.quote_speaker = own_speaker
            self.quote_open = True
        else:
            announcer = block_author(sent)
            if announcer is not None:
                self.block_speaker = self.resolve_speaker(announcer.text, announcer)
            self.quote_open, self.quote_speaker, self.pending = False, None, []
        self.note_mentions(sent)

    def _starts_open(self, starts_with_quote: bool) -> bool:
        """Whether the sentence starts inside a quotation."""
        started_open = self.quote_open
        if self.continued_quote:
            self.continued_quote = False
            if starts_with_quote:
                # newswire style: the continued quotation opens again
                # (its speaker stays the default: ``quote_speaker``)
                started_open = False
        return started_open

    def _own_speaker(self, sent: Span, drafts: list[Draft], started_open: bool):
        """The speaker the sentence itself names (a frame's, or the author
        of a statement it tells of), which the paragraph remembers. "I
        think ..." inside a quotation is the quoted speaker's words."""
        own = next((d.speaker for d in drafts if d.speaker and d.frame_verb), None)
        if (
            started_open
            and self.quote_speaker is not None
            and own is not None
            and own.text.lower() in cues.FIRST_PERSON
        ):
            for draft in drafts:
                if draft.speaker is own:
                    draft.speaker = self.quote_speaker
            own = None
        if own is not None:
            self.paragraph_speaker = own
        elif not started_open:
            author = statement_author(sent)
            if author is not None:
                self.paragraph_speaker = self.resolve_speaker(author.text, author)
        return own

    def _quoted(self, drafts: list[Draft], own_speaker, *, unnamed: bool) -> None:
        """Drafts inside a quotation: its speaker's, or waiting for the
        speaker named at its end (``pending``)."""
        speaker = own_speaker or self.quote_speaker
        if unnamed:
            speaker = speaker or self.unnamed_quote_speaker()
        if speaker:
            _give(drafts, speaker)
            self.quoted_speaker = speaker
        else:
            self.pending.extend(d for d in drafts if d.speaker is None)


def speaker_category(span: Span) -> str:
    """Which pronoun would refer to the speaker: "person" (he/she), "group"
    (they) or "thing" (it, an organisation)."""
    labels = {t.ent_type_ for t in span if t.ent_type_}
    root = span.root
    if "PERSON" in labels:
        return "person"
    if root.pos_ == "PROPN" and any(t.lower_ in cues.PERSON_ROLES for t in span if t.i < root.i):
        return "person"
    if root.tag_ in {"NNS", "NNPS"} and not labels & {"ORG", "GPE"}:
        return "group"
    if root.pos_ == "PROPN" and not labels & {"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT"}:
        return "person"
    if root.lower_ in {"spokesperson", "spokesman", "spokeswoman", "minister", "official"}:
        return "person"
    return "thing"


def speaker_kind(span: Span) -> str:
    """ "unnamed" for speakers who name nobody in particular ("analysts",
    "two people familiar with the talks", "a spokesperson"), else "named"."""
    if any(t.pos_ == "PROPN" for t in span):
        return "named"
    root = span.root
    first = span[0].lower_
    if (
        root.lower_ in cues.UNNAMED_SPEAKER_HEADS
        or root.lemma_.lower() in cues.UNNAMED_SPEAKER_HEADS
    ):
        return "unnamed" if first not in {"the", "this", "that"} or root.tag_ == "NNS" else "named"
    if first in {"a", "an", "some", "several", "many", "few"} or root.like_num:
        return "unnamed"
    return "named"


def _give(drafts, speaker: Speaker | None) -> None:
    """``speaker`` to the drafts that have none."""
    for draft in drafts:
        if draft.speaker is None:
            draft.speaker = speaker


def _name(subject) -> Span:
    """A subject as a name: its determiner and compound words, not its
    appositions or clauses ("the Church", "Senator Jo Lee")."""
    words = [
        t
        for t in subject.subtree
        if t.i == subject.i or (t.dep_ in {"compound", "det"} and t.head.i == subject.i)
    ]
    doc = subject.doc
    return doc[min(t.i for t in words) : max(t.i for t in words) + 1]


def statement_author(sent: Span) -> Span | None:
    """Who put out the statement a sentence tells of ("Senator Jo Lee issued
    a statement on Monday", "The ministry posted a message"): the named
    subject of a statement verb whose object is a statement, or None."""
    root = sent.root
    if root.lemma_.lower() not in cues.STATEMENT_VERBS:
        return None
    objects = [c for c in root.children if c.dep_ in {"dobj", "obj"}]
    if not any(o.lemma_.lower() in cues.STATEMENT_NOUNS for o in objects):
        return None
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ != "PROPN":
        return None
    return _name(subject)


def block_author(sent: Span) -> Span | None:
    """Who speaks the paragraph after a sentence that announces it with a
    colon ("In a statement, the Church denied these allegations:"): the
    subject of its reporting verb, or None."""
    last = next((t for t in reversed(sent) if not t.is_space), None)
    if last is None or last.text != ":":
        return None
    root = sent.root
    if root.lemma_.lower() not in cues.REPORTING_VERBS | cues.ANSWERING_VERBS:
        return None
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ not in {"PROPN", "NOUN"}:
        return None
    return _name(subject)


def _demonstrative(of: Token) -> bool:
    """ "of these stops", "of those", "of them": pointing back."""
    return any(t.lower_ in {"these", "those", "them"} for t in of.subtree if t.i != of.i)


def quote_marks(sent: Span) -> tuple[int, int, int]:
    """How many quotation marks of ``sent`` open, close, or are straight. A
    curly mark counts by where it stands, not by its shape: "decision.“ "
    (after a word, before a space) closes, whatever the typist pressed."""
    opens = closes = straight = 0
    text = sent.doc.text
    for tok in sent:
        for offset, ch in enumerate(tok.text):
            if ch == '"':
                straight += 1
                continue
            if ch not in OPEN_QUOTES and ch not in CLOSE_QUOTES:
                continue
            at = tok.idx + offset
            before = text[at - 1] if at > 0 else " "
            after = text[at + 1] if at + 1 < len(text) else " "
            if not before.isspace() and (after.isspace() or not after.isalnum()):
                closes += 1
            elif before.isspace() or before in "([—–-" or ch in OPEN_QUOTES:
                opens += 1
            else:
                closes += 1
    return opens, closes, straight


def last_text(sent: Span) -> str:
    for tok in reversed(sent):
        if not tok.is_space:
            return tok.text
    return ""


def first_text(sent: Span) -> str:
    for tok in sent:
        if not tok.is_space:
            return tok.text
    return ""


# A pull quote: the words, then who said them ("… she was suppressive. Valeska
# Paris"): a line dropped as chrome that credits a passage of the body.
_PULL_QUOTE = re.compile(
    r"^[\"“]?(?P<words>.{20,}?[.!?])[\"”]?\s+"
    r"(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s*$",
    re.DOTALL,
)


def pull_quote_credits(raw: str, dropped) -> list[tuple[int, int, Speaker]]:
    """Where the body repeats a pull quote's words, and whose they are: the
    page credits them even where the body leaves out the quotation marks
    (``dropped``: the (start, end, reason) chrome cleaning left out)."""
    credits = []
    for start, end, _reason in dropped:
        found = _PULL_QUOTE.match(raw[start:end].strip())
        if found is None:
            continue
        words = found["words"]
        speaker = Speaker(found["name"], "named", "person")
        at = raw.find(words)
        while at != -1:
            if not start <= at < end:
                credits.append((at, at + len(words), speaker))
            at = raw.find(words, at + 1)
    return credits
