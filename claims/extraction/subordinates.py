"""Subordinate clauses and phrases that state a fact of their own:
participles (", destroying 40 homes"; ", joined by X"; "Using drones,
..."; "Founded in 1890, ..."), as/when/while clauses with a named subject,
", with the Nasdaq gaining 2%" and a closing ", with a record turnout".
Each becomes a claim about the clause's subject, or its own subject's."""

from __future__ import annotations

from spacy.tokens import Token

from claims.extraction import cues
from claims.extraction.drafts import Draft
from claims.extraction.tree import (
    children,
    subject_of,
    subtree_ids,
)
from claims.extraction.wording import inflect, reads_past, render, verb_lemma


class SubordinateClauses:
    """A part of ``SentenceSplitter`` (claims.extraction.clauses): it reads
    the splitter's sentence, exclusions and side drafts."""

    def _split_advcls(self, verb: Token) -> list[tuple[Token, str]]:
        out = []
        for advcl in children(verb, "advcl"):
            if advcl.i in self.excluded:
                continue
            ids = subtree_ids(advcl)
            before = self.doc[min(ids) - 1] if min(ids) - 1 >= self.sent.start else None
            marks = {m.lower_ for m in children(advcl, "mark")}
            # "when" is parsed as the clause's adverb as often as its marker
            marks |= {
                m.lower_ for m in children(advcl, "advmod") if m.lower_ == "when" and m.i < advcl.i
            }
            if marks & cues.CONTRAST_MARKS and subject_of(advcl):
                after = advcl.right_edge.i + 1
                if (
                    before is not None
                    and before.text == ","
                    and advcl.i > verb.i
                    or (
                        # "While X was in the running, Y ...": opening the sentence
                        min(ids) == self.sent.start
                        and advcl.i < verb.i
                        and after < verb.i
                        and self.doc[after].text == ","
                    )
                ):
                    out.append((advcl, "contrast"))
            elif self._as_clause_of_its_own(verb, advcl, marks, before):
                out.append((advcl, "contrast"))
            elif (
                advcl.tag_ in {"VBG", "VBN"}
                and not marks
                and subject_of(advcl) is None
                and advcl.i > verb.i
                and advcl.left_edge == advcl
                and before is not None
                and before.text == ","
                # a past participle only as a passive with its agent:
                # ", joined by guests" (not ", based in Paris")
                and (advcl.tag_ == "VBG" or bool(children(advcl, "agent")))
            ) or self._leading_participle(verb, advcl, marks):
                out.append((advcl, "participle"))
        for prep in self._clause_preps(verb):
            part = self._with_absolute(verb, prep)
            if part is not None and self._comma_with(verb, prep):
                out.append((prep, "with"))
            elif part is not None:
                # "The match ended with England winning 2-1 and collecting
                # three points": the first participle completes the clause,
                # each one after it is a claim of its own
                out += [(conj, "with_conj") for conj in self._participle_conjs(part)]
            elif self._with_possession(verb, prep) is not None:
                out.append((prep, "with_np"))
        return out

    def _clause_preps(self, verb: Token) -> list[Token]:
        """The phrases that close ``verb``'s clause: its own, and those of an
        infinitive it goes on with ("came to an end with England winning")."""
        preps = children(verb, "prep")
        for inf in children(verb, "xcomp", "advcl"):
            if inf.tag_ == "VB" and inf.i not in self.excluded and children(inf, "aux"):
                preps += children(inf, "prep")
        return preps

    def _leading_participle(self, verb: Token, advcl: Token, marks: set) -> bool:
        """ "Crossing between genres, the event sprawled ...": a participle
        clause opening the sentence, set off by a comma, says what the
        subject did ("The event crossed between genres")."""
        after = advcl.right_edge.i + 1
        return (
            advcl.tag_ in {"VBG", "VBN"}  # "Using drones, ..."; "Founded in 1890, ..."
            and not marks
            and subject_of(advcl) is None
            and advcl.i < verb.i
            and advcl.left_edge.i == self.sent.start
            and advcl == advcl.left_edge
            and after < verb.i
            and self.doc[after].text == ","
            and subject_of(verb) is not None
            and subject_of(verb).pos_ in {"NOUN", "PROPN"}
        )

    def _with_after(self, verb: Token, prep: Token) -> bool:
        """ "with ..." after the verb, not yet claimed by another rule."""
        return prep.lower_ == "with" and prep.i > verb.i and prep.i not in self.excluded

    def _comma_with(self, verb: Token, prep: Token) -> bool:
        """ ", with ..." after the verb."""
        return (
            self._with_after(verb, prep)
            and prep.i - 1 >= self.sent.start
            and self.doc[prep.i - 1].text == ","
        )

    def _open_with(self, verb: Token, prep: Token) -> bool:
        """ "with ..." closing the clause without a comma."""
        after = prep.right_edge.i + 1
        return self._with_after(verb, prep) and (after >= self.sent.end or self.doc[after].is_punct)

    def _with_possession(self, verb: Token, prep: Token) -> Token | None:
        """The noun of ", with a record turnout of 58%" closing a clause: what
        the subject had ("The election had a record turnout of 58%")."""
        if not self._comma_with(verb, prep):
            return None
        if prep.right_edge.i + 1 < self.sent.end and not self.doc[prep.right_edge.i + 1].is_punct:
            return None  # not the clause's end
        objects = children(prep, "pobj")
        if len(objects) != 1 or objects[0].pos_ != "NOUN" or children(prep, "pcomp"):
            return None
        noun = objects[0]
        if any(
            t.tag_ in {"VBG", "VBN"} and t.dep_ in {"acl", "amod"} and t.i > noun.i
            for t in noun.children
        ):
            return None  # ", with three people injured": another shape
        if not any(c.dep_ in {"det", "nummod", "amod", "poss"} for c in noun.children):
            return None  # ", with help": a manner, not a fact
        if any(c.dep_ == "prep" and c.lower_ in {"from", "by"} for c in noun.children):
            return None  # ", with a late goal from Kane": someone else's, not the subject's
        return noun

    def _with_np_draft(self, verb: Token, prep: Token, subject_ids: set, speaker) -> list[Draft]:
        noun = self._with_possession(verb, prep)
        if noun is None or not subject_ids:
            return []
        ids = subtree_ids(noun) - self.excluded
        past = reads_past(verb)
        had = "had" if past else ("have" if self._plural(subject_ids) else "has")
        return [
            Draft(
                verb=noun,
                ids=ids | subject_ids,
                own=ids,
                speaker=speaker,
                inserts=[(min(ids) - 0.5, had + " ")],
            )
        ]

    def _with_absolute(self, verb: Token, prep: Token) -> Token | None:
        """The participle of ", with the Nasdaq gaining 2 percent" after a
        clause: a fact of its own ("The Nasdaq gained 2 percent")."""
        # set off by a comma or not: a participle with its own subject
        # ("came to an end with England winning 2-1") states a fact
        if not (self._comma_with(verb, prep) or self._open_with(verb, prep)):
            return None
        participles = [c for c in children(prep, "pcomp") if c.tag_ == "VBG"]
        # the small model tags "with Marsh scoring" a noun, with a subject
        participles += [
            c for c in children(prep, "pobj") if c.lower_.endswith("ing") and subject_of(c)
        ]
        if len(participles) != 1:
            return None
        subj = subject_of(participles[0])
        if subj is None or subj.pos_ not in {"NOUN", "PROPN"}:
            return None
        return participles[0]

    def _with_draft(self, verb: Token, prep: Token, speaker) -> list[Draft]:
        part = self._with_absolute(verb, prep)
        # ", with the Nasdaq gaining 2% and closing at a high": a claim for
        # each participle, the subject shared
        conjs = self._participle_conjs(part)
        ids = subtree_ids(part) - self.excluded
        for conj in conjs:
            ids -= subtree_ids(conj) | self._coordinator_of(conj)
        drafts = [self._participle_claim(verb, part, ids, speaker)]
        drafts += [self._participle_claim(verb, conj, None, speaker) for conj in conjs]
        return drafts

    def _participle_conjs(self, part: Token) -> list[Token]:
        """The participles coordinated with ``part``, sharing its subject."""
        return [c for c in children(part, "conj") if c.tag_ == "VBG" and subject_of(c) is None]

    def _coordinator_of(self, conj: Token) -> set[int]:
        """The "and" (and comma) just before a coordinated participle."""
        before = [c for c in conj.head.children if c.dep_ in {"cc", "punct"} and c.i < conj.i]
        return {c.i for c in before if c.i > conj.head.i}

    def _participle_claim(self, verb: Token, participle: Token, ids, speaker) -> Draft:
        """A participle of an absolute "with" made a finite claim about its
        subject (the participle's own, or its first conjunct's)."""
        if ids is None:
            ids = subtree_ids(participle) - self.excluded
            first = participle.head
            ids |= subtree_ids(subject_of(first)) - self.excluded
        finite = inflect(verb_lemma(participle), past=reads_past(verb), plural=self._plural(ids))
        return Draft(
            verb=participle, ids=ids, own=ids, speaker=speaker, overrides={participle.i: finite}
        )

    def _as_clause_of_its_own(self, verb: Token, advcl: Token, marks: set, before) -> bool:
        """ "The rate fell, as employers added 250,000 jobs", "Play stopped,
        when a player was caught without his headset": an as- or when-clause
        after its main clause, with a named subject, asserts a fact of its
        own. Not a frame (", as the minister said") nor a pro-form (", as it
        did")."""
        subj = subject_of(advcl)
        lemma = advcl.lemma_.lower()
        framing = lemma in cues.REPORTING_VERBS and not children(advcl, "dobj")
        finite = advcl.tag_ in {"VBD", "VBZ", "VBP"} or bool(children(advcl, "aux", "auxpass"))
        # set off by a comma, or a finite clause of its own ("was off to a
        # bright start as thousands crowded onto the square")
        set_off = before is not None and (before.text == "," or finite)
        # a when-clause only set off by a comma: "died when a crane fell" is
        # one event, "play stopped, when a player was caught" two
        comma = before is not None and before.text == ","
        return (
            (marks in ({"as"}, {"because"}) or (marks == {"when"} and finite and comma))
            and set_off
            and advcl.i > verb.i
            and subj is not None
            and subj.pos_ in {"NOUN", "PROPN"}
            and not framing
            and lemma not in {"do", "expect", "predict", "forecast", "anticipate"}
        )

    def _participle_drafts(self, verb, advcl, subject_ids, speaker) -> list[Draft]:
        """ ", destroying 200 homes" -> "<subject> destroyed 200 homes"."""
        if not subject_ids:
            return []
        contents = self._frame_contents(advcl)
        if contents:  # ", adding that Y": a frame whose speaker is the subject
            name = render(self.doc, subject_ids, capitalize=False)
            frame_speaker = self.resolve_speaker(
                name, self.doc[min(subject_ids) : max(subject_ids) + 1]
            )
            out = []
            for content in contents:
                out.extend(self.expand(content, inherited=None, speaker=frame_speaker))
            return out
        past = reads_past(verb)
        plural = self._plural(subject_ids)
        if advcl.tag_ == "VBN":
            # ", joined by guests": "<subject> were joined by guests";
            # "Founded in 1890, the firm ...": "The firm was founded in 1890"
            ids = subtree_ids(advcl) - self.excluded
            opening = advcl.i < min(subject_ids)
            be = ("were" if plural else "was") if past or opening else ("are" if plural else "is")
            if opening:
                subject = render(self.doc, subject_ids, capitalize=False)
                return [
                    Draft(
                        verb=advcl,
                        ids=ids,
                        own=ids,
                        speaker=speaker,
                        overrides={advcl.i: advcl.lower_},
                        inserts=[(advcl.i - 0.5, f"{subject} {be} ")],
                    )
                ]
            return [
                Draft(
                    verb=advcl,
                    ids=ids | subject_ids,
                    own=ids,
                    speaker=speaker,
                    inserts=[(advcl.i - 0.5, be + " ")],
                )
            ]
        participles = [advcl] + [c for c in children(advcl, "conj") if c.tag_ == "VBG"]
        drafts = []
        for part in participles:
            ids = subtree_ids(part) - self.excluded
            if part is advcl:
                for other in participles[1:]:
                    ids -= subtree_ids(other)
                ids -= {c.i for c in children(advcl, "cc", "punct")}
            finite = inflect(part.lemma_.lower(), past=past, plural=plural)
            if part.i < min(subject_ids):
                # an opening participle: the subject, written after it, goes first
                subject = render(self.doc, subject_ids, capitalize=False)
                draft = Draft(
                    verb=part,
                    ids=ids,
                    own=ids,
                    speaker=speaker,
                    overrides={part.i: finite},
                    inserts=[(min(ids) - 0.5, subject + " ")],
                )
            else:
                draft = Draft(
                    verb=part,
                    ids=ids | subject_ids,
                    own=ids,
                    speaker=speaker,
                    overrides={part.i: finite},
                )
            drafts.append(draft)
        return drafts
