"""Reporting frames inside one sentence: who says what ("X said (that)
Y", "Y, X said", "according to X, Y", a frame the parser hung elsewhere),
the frame words kept out of the claims, a pronoun subject of the content
made the speaker's name, and the reasons a frame gives ("X said Y because
Z")."""

from __future__ import annotations

from spacy.tokens import Token

from claims.extraction import cues
from claims.extraction.drafts import Draft, Speaker
from claims.extraction.tree import (
    CLAUSE_POS,
    children,
    is_negated,
    subject_of,
    subtree_ids,
)
from claims.extraction.wording import render

# "X said as much", "X said so": the verb's object stands for what was said
# before; the clause before is not X's
PRO_FORM_OBJECTS = frozenset({"much", "so"})
QUESTION_COMPLEMENTS = frozenset({"how", "whether", "what", "why", "when", "where", "who", "if"})


class FrameReading:
    """A part of ``SentenceSplitter`` (claims.extraction.clauses): it reads
    the splitter's sentence, exclusions and side drafts."""

    # ------------------------------------------------------------- frames
    def _speaker(self, verb: Token) -> Speaker | None:
        # "X tweeted to Y and said ...": the coordinated verb's subject is X
        while subject_of(verb) is None and verb.dep_ == "conj" and verb.head.pos_ in CLAUSE_POS:
            verb = verb.head
        subj = subject_of(verb)
        if subj is None or subj.dep_ in {"expl", "nsubjpass", "csubj", "csubjpass"}:
            return None
        ids = subtree_ids(subj) - (self._side_ids(subj) - self.titles)
        # a name the parser cut into several subjects ("Facebook co - founder
        # Mark Zuckerberg"): all of them, when they run together
        for other in verb.children:
            if other.dep_ == subj.dep_ and other is not subj and other.i < verb.i:
                other_ids = subtree_ids(other)
                if min(other_ids) == max(ids) + 1 or max(other_ids) == min(ids) - 1:
                    ids |= other_ids
        # "The report, released on Tuesday," / "The minister, speaking on
        # condition of anonymity,": set-off modifiers are not the name.
        for child in subj.children:
            if child.dep_ in {"acl", "advcl", "relcl"} and child.i > subj.i:
                mod = subtree_ids(child)
                if min(mod) - 1 in ids and self.doc[min(mod) - 1].text == ",":
                    ids -= mod | self._adjacent_commas(mod)
        text = render(self.doc, ids, capitalize=False)
        if not text:
            return None
        return self.resolve_speaker(text, self.doc[min(ids) : max(ids) + 1])

    def _frame_contents(self, verb: Token) -> list[Token]:
        lemma = verb.lemma_.lower()
        phrasal = any((lemma, p.lower_) in cues.REPORTING_PHRASAL for p in children(verb, "prt"))
        if lemma not in cues.REPORTING_VERBS and not phrasal:
            return []
        if is_negated(verb):
            return []
        if any(o.lower_ in PRO_FORM_OBJECTS for o in children(verb, "dobj")):
            return []  # "..., even the minister said as much": a comment on it
        return [
            child
            for child in children(verb, "ccomp")
            if not (
                child.left_edge.lower_ in QUESTION_COMPLEMENTS and child.left_edge.dep_ != "nsubj"
            )
        ]

    def _strip_according(self) -> None:
        for tok in self.sent:
            if tok.lower_ != "according" or tok.dep_ not in {"prep", "advmod", "advcl"}:
                continue
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
            if pobj is None:
                continue
            ids = subtree_ids(tok)
            source = subtree_ids(pobj)
            # "according to a study of 115,000 adults followed for 30 years":
            # the parser may hang "according" on the participle describing
            # the source; it is part of the source, not of the claim
            host = tok.head
            if (
                host.i == max(source) + 1
                and host.tag_ in {"VBN", "VBD"}
                and subject_of(host) is None
            ):
                source |= subtree_ids(host) - ids
                ids |= subtree_ids(host)
            self.sentence_speaker = self.resolve_speaker(
                render(self.doc, source, capitalize=False),
                self.doc[pobj.left_edge.i : pobj.i + 1],
            )
            self.excluded |= ids | self._adjacent_commas(ids)
            return

    def _strip_surface_frames(self) -> None:
        """ ", the authority announced on Monday." and ", said the minister."
        at the end, or ", the company said," in the middle, found on the
        surface: the small model often parses these as appositives."""
        toks = [t for t in self.sent if not t.is_space]
        end = len(toks)
        while end and toks[end - 1].is_punct and toks[end - 1].text not in {",", "”", '"'}:
            end -= 1
        while end and toks[end - 1].text in {"”", '"', "’"}:
            end -= 1
        for c, comma in enumerate(toks[:end]):
            if comma.text != "," or c == 0:
                continue
            close = next((k for k in range(c + 1, end) if toks[k].text == ","), None)
            tail = toks[c + 1 : close if close is not None else end]
            if close is not None and close == end - 1:
                tail = toks[c + 1 : close]
            speaker = self._surface_frame(tail)
            if speaker is None:
                continue
            ids = {t.i for t in tail} | {comma.i}
            if close is not None and close < end:
                ids.add(toks[close].i) if close < end - 1 else None
                if close not in range(c + 1, end) or any(t.i > toks[close].i for t in tail):
                    continue
            self.excluded |= ids
            self.sentence_speaker = self.sentence_speaker or speaker
            return

    def _surface_frame(self, tail: list[Token]) -> Speaker | None:
        if not 2 <= len(tail) <= 16:
            return None
        verbs = [
            i
            for i, t in enumerate(tail)
            if t.lemma_.lower() in cues.REPORTING_VERBS
            and t.tag_ in {"VBD", "VBZ", "VBP", "VBN"}
            # a frame the parser got right is read from the parse instead
            and not children(t, "ccomp", "dobj", "xcomp")
        ]
        if len(verbs) != 1:
            return None
        v = verbs[0]
        nominal = {"DET", "ADJ", "NOUN", "PROPN", "PRON", "NUM", "PART", "PUNCT", "ADP", "CCONJ"}
        adjunct = {"ADP", "DET", "NOUN", "PROPN", "NUM", "ADV", "ADJ", "PUNCT", "PART", "CCONJ"}
        before, after = tail[:v], tail[v + 1 :]
        # ", the authority announced on Monday": a noun phrase, the verb, adjuncts
        speaker_first = (
            before
            and before[0].pos_ != "ADP"
            and all(t.pos_ in nominal for t in before)
            and any(t.pos_ in {"NOUN", "PROPN", "PRON"} for t in before)
            and all(t.pos_ in adjunct for t in after)
        )
        # ", said the minister": the verb first
        verb_first = (
            not before
            and after
            and all(t.pos_ in nominal for t in after)
            and after[0].pos_ in {"DET", "PROPN", "NOUN", "ADJ"}
        )
        if not (speaker_first or verb_first):
            return None
        name_tokens = before if speaker_first else after
        return self.resolve_speaker(
            self._name_of(name_tokens), self.doc[name_tokens[0].i : name_tokens[-1].i + 1]
        )

    def _name_of(self, tokens: list[Token]) -> str:
        # "the company in a statement" -> "the company": stop at a preposition
        # that follows the head noun.
        out = []
        for t in tokens:
            if t.pos_ == "ADP" and out and t.lower_ not in {"of", "for"}:
                break
            out.append(t)
        return render(self.doc, {t.i for t in out}, capitalize=False)

    def _mark_parentheticals(self) -> None:
        """ "The project, the company said, will ..." and "Y, X said." where
        the parser made the reporting verb hang off the content."""
        for tok in self.sent:
            if tok.dep_ not in {"parataxis", "advcl"} or tok.i in self.excluded:
                continue
            if tok.lemma_.lower() not in cues.REPORTING_VERBS or children(tok, "ccomp", "dobj"):
                continue
            if is_negated(tok):
                continue
            if {m.lower_ for m in children(tok, "mark")} - {"as"}:
                continue  # "because residents complained": a cause, not who says so
            speaker = self._speaker(tok)
            if speaker is None:
                continue
            ids = subtree_ids(tok)
            self.excluded |= ids | self._adjacent_commas(ids)
            self.sentence_speaker = self.sentence_speaker or speaker

    def _substitute_pronoun_subject(self, draft: Draft, content: Token, speaker: Speaker) -> None:
        """ "The company said it would expand" -> "The company would expand".

        Only where the pronoun fits the speaker: "he"/"she" a person, "it" an
        organisation or thing, "they" a group. "We" and "I" stay as quoted."""
        subj = subject_of(content)
        if subj is None or self._inside_quotation(subj):
            return  # in a direct quotation "it" and "they" mean something else
        fits = {"he": "person", "she": "person", "it": "thing", "they": "group"}
        if subj is None or subj.i not in draft.ids or fits.get(subj.lower_) != speaker.category:
            return
        if speaker.text.lower() in cues.SPEAKER_PRONOUNS:
            return
        draft.overrides[subj.i] = speaker.text

    def _frame_reasons(self, verb: Token, speaker: Speaker | None) -> list[Draft]:
        """ "X is unproven, the researchers cautioned, because Y may ...":
        the reason hangs off the reporting verb, and Y is the speaker's
        claim too."""
        out: list[Draft] = []
        if speaker is None:
            return out
        for advcl in children(verb, "advcl"):
            marks = children(advcl, "mark")
            if advcl.i in self.excluded or [m.lower_ for m in marks] != ["because"]:
                continue
            if subject_of(advcl) is None:
                continue
            self.excluded.add(marks[0].i)
            out.extend(self.expand(advcl, inherited=None, speaker=speaker))
        return out

    def _inside_quotation(self, tok: Token) -> bool:
        """Whether ``tok`` stands between quotation marks in its sentence."""
        inside = False
        for t in self.sent:
            if t.i >= tok.i:
                return inside
            if t.text in {"“", "«"}:
                inside = True
            elif t.text in {"”", "»"}:
                inside = False
            elif t.text in cues.QUOTE_CHARS:  # straight quotes toggle
                inside = not inside
        return inside
