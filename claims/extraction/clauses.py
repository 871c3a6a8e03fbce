"""Split one parsed sentence into atomic claim drafts (``SentenceSplitter``).

Rules over spaCy's dependency parse (English, small model):

- reporting frames are stripped and become the attribution: "X said (that) Y",
  "Y, X said", "according to X, Y", a frame inside a coordinated verb, a
  frame the parser hung on the speaker's title;
- coordinated clauses split, the subject (and a shared modal or passive
  auxiliary) carried into the second: "will cut jobs and close plants";
- coordinated subjects of one predicate split, unless the predicate is
  collective ("A and B met"), however the parser chained a list of names;
- who/which clauses, participle clauses (", destroying ...", ", joined by
  ...", "Using drones, ..."), as- and when-clauses with their own subject,
  a closing ", with <noun phrase>" and appositives become claims of their
  own;
- "not only X but also Y" splits into one claim per conjunct.

Parser errors of the small model are common, so each rule checks the shape
it expects and otherwise leaves the clause whole: a bad parse degrades to a
longer claim, never to garbled text. The other stages: ``cleaning`` (the
body of a page), ``tree`` (questions asked of the parse), ``wording`` (a
draft's words as a statement), ``speakers`` (attribution across sentences),
``readers`` (hedges, polarity, time, entities, kind), ``pipeline`` (all of
them over an article).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claims.extraction import cues
from claims.extraction.drafts import Draft, Speaker
from claims.extraction.tree import (
    CLAUSE_POS,
    SUBJECT_DEPS,
    children,
    has_predicate,
    is_imperative,
    is_negated,
    is_question,
    subject_of,
    subtree_ids,
)
from claims.extraction.wording import inflect, reads_past, render, singular_form

WH_SUBJECTS = frozenset({"which", "who", "that"})
# ", while Y" / ", although Y": Y is asserted too, so it is a claim of its own.
CONTRAST_MARKS = frozenset({"while", "whereas", "although", "though"})
QUESTION_COMPLEMENTS = frozenset({"how", "whether", "what", "why", "when", "where", "who", "if"})


# Proper nouns an appositive never describes: the parser hangs a comment on
# the whole clause ("the fastest pace in a decade") on a date or amount.
NOT_DESCRIBED_ENTITIES = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"}
)


class SentenceSplitter:
    """Turns one sentence into drafts. ``resolve_speaker`` maps a pronoun
    speaker ("she") to the last named speaker the article mentioned."""

    def __init__(self, sent: Span, resolve_speaker):
        self.sent = sent
        self.doc = sent.doc
        self.resolve_speaker = resolve_speaker
        self.excluded: set[int] = set()
        self.side: list[Draft] = []
        self.sentence_speaker: Speaker | None = None
        # (token ids of a reported content, its speaker): side claims inside
        # it ("X said the camps, which lack water, ...") are X's too
        self.reported: list[tuple[set[int], Speaker]] = []

    # ------------------------------------------------------------------ entry
    def split(self) -> list[Draft]:
        sent = self.sent
        if is_question(sent) or is_imperative(sent) or not has_predicate(sent):
            return []
        self._strip_according()
        self._strip_surface_frames()
        self._mark_appositives()
        self._mark_named_subjects()
        self._mark_one_of()
        self._mark_relative_clauses()
        self._mark_parentheticals()
        drafts = self.expand(sent.root, inherited=None, speaker=None)
        for draft in self.side:
            if draft.speaker is None:
                draft.speaker = next(
                    (speaker for ids, speaker in self.reported if draft.verb.i in ids), None
                )
        drafts.extend(sorted(self.side, key=lambda d: min(d.own or d.ids)))  # in text order
        if self.sentence_speaker:
            for draft in drafts:
                if draft.speaker is None:
                    draft.speaker = self.sentence_speaker
        return [d for d in drafts if self._has_content(d)]

    # ------------------------------------------------------------- frames
    def _speaker(self, verb: Token) -> Speaker | None:
        subj = subject_of(verb)
        if subj is None or subj.dep_ in {"expl", "nsubjpass", "csubj", "csubjpass"}:
            return None
        ids = subtree_ids(subj) - self._side_ids(subj)
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

    def _side_ids(self, head: Token) -> set[int]:
        """Tokens under ``head`` that are claims of their own (relative
        clauses, appositives) and not part of its name."""
        return {i for i in subtree_ids(head) if i in self.excluded}

    def _frame_contents(self, verb: Token) -> list[Token]:
        lemma = verb.lemma_.lower()
        phrasal = any((lemma, p.lower_) in cues.REPORTING_PHRASAL for p in children(verb, "prt"))
        if lemma not in cues.REPORTING_VERBS and not phrasal:
            return []
        if is_negated(verb):
            return []
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
            self.sentence_speaker = self.resolve_speaker(
                render(self.doc, subtree_ids(pobj), capitalize=False),
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
            speaker = self._speaker(tok)
            if speaker is None:
                continue
            ids = subtree_ids(tok)
            self.excluded |= ids | self._adjacent_commas(ids)
            self.sentence_speaker = self.sentence_speaker or speaker

    # ------------------------------------------------------- side claims
    def _adjacent_commas(self, ids: set[int]) -> set[int]:
        out = set()
        lo, hi = min(ids), max(ids)
        if lo - 1 >= self.sent.start and self.doc[lo - 1].text in {",", "—", "–", "("}:
            out.add(lo - 1)
        if hi + 1 < self.sent.end and self.doc[hi + 1].text in {",", "—", "–", ")"}:
            out.add(hi + 1)
        return out

    def _antecedent(self, head: Token, verb: Token) -> Token:
        """The noun a relative clause describes, fixing a common misattachment
        by agreement: "mines in X state, which are ..." describes the mines."""
        plural_verb = verb.tag_ == "VBP" or verb.lower_ in {"are", "were", "have"}
        if plural_verb and head.tag_ in {"NN", "NNP"} and head.dep_ == "pobj":
            prep = head.head
            if prep.dep_ == "prep" and prep.head.tag_ in {"NNS", "NNPS"}:
                return prep.head
        return head

    def _mark_relative_clauses(self) -> None:
        # innermost first: "Atlantis, which is being prepped for its last
        # mission which will be STS-135": each clause a claim without the other
        relatives = sorted(
            (t for t in self.sent if t.dep_ == "relcl"), key=lambda t: len(subtree_ids(t))
        )
        for verb in relatives:
            if verb.i in self.excluded:
                continue
            ids = subtree_ids(verb) - self.excluded
            first = self.doc[min(ids)]
            if first.lower_ not in WH_SUBJECTS - {"that"} or first.dep_ not in SUBJECT_DEPS:
                continue
            comma = min(ids) - 1 >= self.sent.start and self.doc[min(ids) - 1].text == ","
            named = verb.head.pos_ == "PROPN" and first.lower_ == "who"
            if not comma and first.lower_ != "which" and not named:
                # restrictive: "people who live here" belongs to its noun
                # phrase; "the mission which will be STS-135" and "Julie
                # Couillard who had ties to X" state a fact
                continue
            head = self._antecedent(verb.head, verb)
            name = subtree_ids(head) - ids - self._side_ids(head)
            name = {i for i in name if i < min(ids) - comma or i > max(ids)}
            name -= {i for i in name if self.doc[i].dep_ == "appos" and i != head.i}
            if not name:
                continue
            draft_ids = name | (ids - {first.i})
            self.side.append(Draft(verb=verb, ids=draft_ids, own=ids))
            self.excluded |= ids | ({min(ids) - 1} if comma else set())
            after = max(ids) + 1
            if after < self.sent.end and self.doc[after].text == ",":
                self.excluded.add(after)

    def _mark_appositives(self) -> None:
        for app in self.sent:
            head = app.head
            if app.i in self.excluded or head.i in self.excluded:
                continue
            if app.dep_ != "appos" or head.pos_ != "PROPN" or app.pos_ != "NOUN":
                continue
            if head.ent_type_ in NOT_DESCRIBED_ENTITIES:
                continue  # "rose 3% in May, the fastest pace": it describes the rise
            if not any(c.dep_ in {"det", "poss"} for c in app.children):
                continue
            ids = subtree_ids(app)
            if min(ids) - 1 < self.sent.start or self.doc[min(ids) - 1].text != ",":
                continue
            # The small model often hangs the next conjunct of the head on
            # the appositive ("IREL, a miner, and Midwest ..."): keep it out.
            stray = set()
            for conj in children(app, "conj"):
                if conj.pos_ == "PROPN":
                    stray |= subtree_ids(conj)
                    stray |= {c.i for c in children(app, "cc", "punct") if c.i < conj.i}
            own = ids - stray
            own -= {i for i in own if self.doc[i].is_punct and i == max(own)}
            if not own or len(own) > 15:
                continue
            name = {t.i for t in head.subtree if t.i < min(ids) and t.dep_ in {"compound", "flat"}}
            name.add(head.i)
            name |= {c.i for c in head.children if c.dep_ == "det" and c.i < head.i}
            copula = "are" if app.tag_ == "NNS" else "is"
            draft = Draft(
                verb=app,
                ids=name | own,
                own=own,
                inserts=[(min(own) - 0.5, copula + " ")],
                optional=True,
            )
            self.side.append(draft)
            self.excluded |= own | {min(ids) - 1}
            after = max(own) + 1
            if after < self.sent.end and self.doc[after].text == "," and not stray:
                self.excluded.add(after)

    def _mark_named_subjects(self) -> None:
        """ "An independent from the north, Edward Yiu, was elected": the
        subject described, then named between commas. The claims name him
        ("Edward Yiu was elected"); the description is an optional claim of
        its own ("Edward Yiu is an independent from the north")."""
        for app in self.sent:
            head = app.head
            if app.dep_ != "appos" or app.pos_ != "PROPN" or app.i in self.excluded:
                continue
            if head.pos_ != "NOUN" or head.dep_ not in SUBJECT_DEPS or head.i > app.i:
                continue
            app_ids = subtree_ids(app) - self.excluded
            lo, hi = min(app_ids), max(app_ids)
            if lo - 1 < self.sent.start or self.doc[lo - 1].text != ",":
                continue
            if hi + 1 >= self.sent.end or self.doc[hi + 1].text != ",":
                continue
            description = subtree_ids(head) - subtree_ids(app) - {lo - 1, hi + 1} - self.excluded
            if not description or max(description) > lo or len(description) > 25:
                continue
            name = render(self.doc, {t.i for t in app.subtree if t.i <= app.i}, capitalize=False)
            first = min(description)
            overrides = {first: self.doc[first].lower_} if self.doc[first].pos_ == "DET" else {}
            self.side.append(
                Draft(
                    verb=app,
                    ids=description,
                    own=description,
                    overrides=overrides,
                    inserts=[(first - 0.5, f"{name} is ")],
                    optional=True,
                )
            )
            self.excluded |= description | {lo - 1, hi + 1}

    def _mark_one_of(self) -> None:
        """ "..., the event, one of the largest in Canada." closing a sentence:
        "one of ..." describes the noun before the comma. An optional claim
        of its own ("The event is one of the largest in Canada"); kept out
        of the clause it was hung on."""
        for one in self.sent:
            if one.lower_ != "one" or one.i in self.excluded or one.i - 2 < self.sent.start:
                continue
            comma, noun = self.doc[one.i - 1], self.doc[one.i - 2]
            if comma.text != "," or noun.pos_ not in {"NOUN", "PROPN"}:
                continue
            if not any(c.dep_ == "prep" and c.lower_ == "of" for c in one.children):
                continue
            ids = subtree_ids(one)
            rest = self.doc[max(ids) + 1 : self.sent.end]
            if any(t.text not in {".", "!", "?", '"', "”", "’", ")"} for t in rest):
                continue  # the sentence goes on: not a closing description
            name = {t.i for t in noun.subtree if t.i <= noun.i} - self.excluded
            self.side.append(
                Draft(
                    verb=one,
                    ids=name | ids,
                    own=ids,
                    inserts=[
                        (one.i - 0.5, ("are" if noun.tag_ in {"NNS", "NNPS"} else "is") + " ")
                    ],
                    optional=True,
                )
            )
            self.excluded |= ids | {comma.i}

    # ----------------------------------------------------------- clauses
    def expand(self, verb: Token, *, inherited: dict | None, speaker) -> list[Draft]:
        """Drafts for ``verb``'s clause and the clauses coordinated with it."""
        contents = self._frame_contents(verb)
        frame_speaker = self._speaker(verb) if contents else None
        if (
            frame_speaker is not None
            and speaker is not None
            and frame_speaker.text.lower() in cues.FIRST_PERSON
        ):
            # 'Gomez said, "I think we learned a lot"': Gomez's claim
            frame_speaker = speaker
        if contents and frame_speaker is None and inherited and inherited.get("frame_speaker"):
            frame_speaker = inherited["frame_speaker"]
        subj = subject_of(verb)
        # "It is believed that X": a frame with nobody named, read as a hedge.
        passive = subj is not None and subj.dep_ in {"expl", "nsubjpass"}
        if contents and (frame_speaker is not None or passive or subj is None):
            out: list[Draft] = []
            for content in contents:
                if frame_speaker is not None:
                    self.reported.append((subtree_ids(content), frame_speaker))
                # a frame naming nobody ("I'm told that X") inside one that
                # does ('"...," Baird said') keeps the outer speaker
                inner = frame_speaker or speaker
                for draft in self.expand(content, inherited=None, speaker=inner):
                    draft.frame_verb = verb.lemma_.lower()
                    if passive and frame_speaker is None:
                        draft.extra_hedges.append(verb.text.lower())
                    if frame_speaker is not None:
                        self._substitute_pronoun_subject(draft, content, frame_speaker)
                    out.append(draft)
            reported_end = max(c.right_edge.i for c in contents)
            for conj in self._conj_verbs(verb):
                inherit = {
                    "subject": self._subject_ids(verb, inherited),
                    "frame_speaker": frame_speaker,
                }
                # "X claims that A and she was forced to B": a clause with its
                # own subject after the content, framing nothing, goes on
                # with what X claims
                goes_on = (
                    frame_speaker is not None
                    and conj.i > reported_end
                    and subject_of(conj) is not None
                    and subject_of(conj).pos_ == "PRON"
                    and not self._frame_contents(conj)
                )
                conj_speaker = frame_speaker if goes_on else speaker
                out.extend(self.expand(conj, inherited=inherit, speaker=conj_speaker))
            out.extend(self._frame_reasons(verb, frame_speaker))
            return out

        carrier = self._empty_carrier(verb)
        if carrier is not None:
            return self.expand(carrier, inherited=None, speaker=speaker)
        predicate = self._predicate_of_noun_root(verb)
        if predicate is not None:
            subject = (subtree_ids(verb) - subtree_ids(predicate) - self.excluded) - {
                t.i for t in verb.children if t.dep_ == "punct"
            }
            return self.expand(predicate, inherited={"subject": subject}, speaker=speaker)

        ids = subtree_ids(verb) - self.excluded - self._clause_markers(verb)
        conjs = self._conj_verbs(verb)
        for conj in conjs:
            ids -= subtree_ids(conj)
        ids -= self._coordinators(verb, conjs)
        split_advcls = self._split_advcls(verb)
        for advcl, _kind in split_advcls:
            ids -= subtree_ids(advcl)
            ids -= self._adjacent_commas(subtree_ids(advcl))
        for xconj_ids in self._xcomp_conj_ids(verb):
            ids -= xconj_ids
        own = set(ids)
        subject_ids = set()
        inherited_hedges: list[str] = []
        inserts: list[tuple[float, str]] = []
        inherited_neg = False
        if subject_of(verb) is None and inherited and inherited.get("subject"):
            subject_ids = inherited["subject"]
            ids |= subject_ids
            inherited_hedges = inherited.get("hedges", [])
        if inherited and inherited.get("aux") and not children(verb, "aux", "auxpass"):
            for aux_text in inherited["aux"]:
                inserts.append((verb.i - 0.5, aux_text + " "))
            inherited_neg = inherited.get("neg", False)

        base = Draft(
            verb=verb,
            ids=ids,
            own=own,
            speaker=speaker,
            inserts=inserts,
            inherited_hedges=inherited_hedges,
            inherited_neg=inherited_neg,
        )
        drafts = self._split_subject(base, verb, subject_ids)
        drafts = [d for draft in drafts for d in self._split_not_only(draft)]

        subject_for_next = self._subject_ids(verb, inherited)
        for conj in conjs:
            inherit = {
                "subject": subject_for_next,
                "hedges": self._hedge_adverbs(verb) + inherited_hedges,
            }
            conj_has_aux = bool(children(conj, "aux", "auxpass"))
            if not conj_has_aux:
                inherit["aux"], inherit["neg"] = self._shared_aux(verb, conj)
            drafts.extend(self.expand(conj, inherited=inherit, speaker=speaker))
        for advcl, kind in split_advcls:
            if kind == "participle":
                drafts.extend(self._participle_drafts(verb, advcl, subject_for_next, speaker))
            elif kind == "with":
                drafts.extend(self._with_draft(verb, advcl, speaker))
            elif kind == "with_np":
                drafts.extend(self._with_np_draft(verb, advcl, subject_for_next, speaker))
            else:
                drafts.extend(self.expand(advcl, inherited=None, speaker=speaker))
        drafts.extend(self._xcomp_conj_drafts(verb, ids, speaker))
        return drafts

    def _clause_markers(self, verb: Token) -> set[int]:
        """Words that are cues or glue rather than content: the clause's own
        subordinator ("that", "as"), hedge adverbs (kept in ``hedges``), and
        sentence connectives ("However,")."""
        out = set()
        for child in verb.children:
            lower = child.lower_
            if (
                child.dep_ == "mark"
                and child.i < verb.i
                and lower in {"that", "as"} | CONTRAST_MARKS
            ):
                out.add(child.i)
            elif lower == "when" and child.dep_ in {"mark", "advmod"} and verb.dep_ == "advcl":
                out.add(child.i)  # a when-clause read as a claim of its own
            elif lower == "so" and child.dep_ in {"advmod", "mark", "cc"} and child.i < verb.i:
                if not list(child.children):
                    out.add(child.i)
            elif (
                child.dep_ == "advmod" and lower in cues.HEDGE_ADVERBS and not list(child.children)
            ):
                out.add(child.i)
                out |= self._adjacent_commas({child.i}) if child.i > verb.left_edge.i else set()
            elif child.dep_ == "advmod" and lower in cues.LEADING_DISCOURSE and child.i < verb.i:
                out.add(child.i)
                if child.i + 1 < self.sent.end and self.doc[child.i + 1].text == ",":
                    out.add(child.i + 1)
                    # set off mid-sentence: "Doctors, however, have ..."
                    if child.i - 1 > self.sent.start and self.doc[child.i - 1].text == ",":
                        out.add(child.i - 1)
        return out

    def _subject_ids(self, verb: Token, inherited: dict | None) -> set[int]:
        subj = subject_of(verb)
        if subj is None and verb.dep_ in {"acl", "relcl"} and verb.head.dep_ == "ROOT":
            return set(inherited.get("subject", set())) if inherited else set()
        if subj is None:
            return set(inherited.get("subject", set())) if inherited else set()
        return subtree_ids(subj) - self.excluded

    def _conj_verbs(self, verb: Token) -> list[Token]:
        out = []
        if not self._frame_contents(verb):
            # "X, so Y" is often parsed with X as Y's clausal complement.
            for comp in children(verb, "ccomp"):
                after = comp.right_edge.i + 1
                if (
                    comp.i < verb.i
                    and subject_of(comp) is not None
                    and after < self.sent.end
                    and self.doc[after].text == ","
                    and comp.i not in self.excluded
                ):
                    out.append(comp)
        for conj in children(verb, "conj"):
            if conj.i in self.excluded:
                continue
            if conj.pos_ in CLAUSE_POS or (subject_of(conj) is not None and conj.pos_ != "PROPN"):
                out.append(conj)
        return out

    def _coordinators(self, verb: Token, conjs: list[Token]) -> set[int]:
        """The "and"/"but" and commas that joined ``verb`` to its conjuncts."""
        if not conjs:
            return set()
        first = min(c.left_edge.i for c in conjs)
        out = set()
        for child in verb.children:
            joiner = child.dep_ in {"cc", "preconj"}
            comma_before = child.dep_ == "punct" and first - 2 <= child.i < first
            if joiner or comma_before:
                out.add(child.i)
        # the parser sometimes hangs "and" on another word of the first clause
        for conj in conjs:
            before = conj.left_edge.i - 1
            if before >= self.sent.start and self.doc[before].pos_ == "CCONJ":
                out.add(before)
                if before - 1 >= self.sent.start and self.doc[before - 1].text == ",":
                    out.add(before - 1)
        return out

    def _shared_aux(self, verb: Token, conj: Token) -> tuple[list[str], bool]:
        """A modal ("will cut jobs and close plants") or, for gapped
        passives ("roads were flooded and bridges closed"), the auxiliary."""
        shared = []
        for aux in children(verb, "aux", "auxpass"):
            # "roads were flooded and bridges closed", "was substituted and
            # replaced by X": the passive goes on (never "replaced by X")
            # (a modal only onto a bare verb: never "would approved")
            modal = aux.tag_ == "MD" and aux.i < verb.i and conj.tag_ == "VB"
            if modal or aux.dep_ == "auxpass" and conj.tag_ == "VBN":
                shared.append(aux.text)
        neg = bool(shared) and is_negated(verb)
        if neg:
            shared.append("not")
        return shared, neg

    def _predicate_of_noun_root(self, root: Token) -> Token | None:
        """ "A storm swept the coast" misparsed as a noun phrase: root "storm"
        with the finite verb "swept" as its modifier. The verb is the predicate."""
        if root.dep_ != "ROOT" or root.pos_ not in {"NOUN", "PROPN"}:
            return None
        for child in children(root, "acl", "relcl"):
            if (
                child.tag_ in {"VBD", "VBZ", "VBP"}
                and subject_of(child) is None
                and child.i > root.i
                and not any(t.lower_ in WH_SUBJECTS for t in child.lefts)
            ):
                return child
        # "..., Malaysia's Prime Minister, Najib Razak said, "We ..."": the
        # title read as the root, the reporting verb hung on it
        for child in children(root, "parataxis"):
            if (
                child.lemma_.lower() in cues.REPORTING_VERBS
                and subject_of(child) is not None
                and self._frame_contents(child)
            ):
                return child
        return None

    def _empty_carrier(self, verb: Token) -> Token | None:
        """ "This comes as X" / "The move comes amid X": the claim is X."""
        if verb.lemma_.lower() != "come":
            return None
        subj = subject_of(verb)
        if subj is None or subj.lower_ not in {"this", "it", "that", "move", "decision", "news"}:
            return None
        for advcl in children(verb, "advcl"):
            if any(m.lower_ == "as" for m in children(advcl, "mark")) and subject_of(advcl):
                return advcl
        return None

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
            if marks & CONTRAST_MARKS and subject_of(advcl):
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
        for prep in children(verb, "prep"):
            if self._with_absolute(verb, prep) is not None:
                out.append((prep, "with"))
            elif self._with_possession(verb, prep) is not None:
                out.append((prep, "with_np"))
        return out

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

    def _with_possession(self, verb: Token, prep: Token) -> Token | None:
        """The noun of ", with a record turnout of 58%" closing a clause: what
        the subject had ("The election had a record turnout of 58%")."""
        if prep.lower_ != "with" or prep.i < verb.i or prep.i in self.excluded:
            return None
        if prep.i - 1 < self.sent.start or self.doc[prep.i - 1].text != ",":
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
        if prep.lower_ != "with" or prep.i < verb.i or prep.i in self.excluded:
            return None
        if prep.i - 1 < self.sent.start or self.doc[prep.i - 1].text != ",":
            return None
        participles = [c for c in children(prep, "pcomp") if c.tag_ == "VBG"]
        if len(participles) != 1:
            return None
        subj = subject_of(participles[0])
        if subj is None or subj.pos_ not in {"NOUN", "PROPN"}:
            return None
        return participles[0]

    def _with_draft(self, verb: Token, prep: Token, speaker) -> list[Draft]:
        part = self._with_absolute(verb, prep)
        ids = subtree_ids(part) - self.excluded
        past = reads_past(verb)
        plural = self._plural(ids)
        finite = inflect(part.lemma_.lower(), past=past, plural=plural)
        return [Draft(verb=part, ids=ids, own=ids, speaker=speaker, overrides={part.i: finite})]

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
            (marks == {"as"} or (marks == {"when"} and finite and comma))
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

    def _plural(self, ids: set[int]) -> bool:
        heads = [self.doc[i] for i in ids if self.doc[i].dep_ in SUBJECT_DEPS]
        return any(h.tag_ in {"NNS", "NNPS"} or h.lower_ in {"they", "we"} for h in heads)

    def _xcomp_chain_conjs(self, verb: Token) -> list[tuple[Token, Token]]:
        """(xcomp, conj) pairs: "agreed to supply samples and provide data"."""
        out = []
        for xcomp in children(verb, "xcomp"):
            for conj in children(xcomp, "conj"):
                bare = all(a.lower_ == "to" for a in children(conj, "aux", "auxpass"))
                if conj.pos_ == "VERB" and conj.tag_ == "VB" and subject_of(conj) is None and bare:
                    out.append((xcomp, conj))
        return out

    def _xcomp_conj_ids(self, verb: Token) -> list[set[int]]:
        out = []
        for xcomp, conj in self._xcomp_chain_conjs(verb):
            ids = subtree_ids(conj)
            ids |= {
                c.i
                for c in xcomp.children
                if c.dep_ in {"cc", "punct"} and c.i < conj.i and c.i > xcomp.i
            }
            out.append(ids)
        return out

    def _xcomp_conj_drafts(self, verb: Token, clause_ids: set[int], speaker) -> list[Draft]:
        out = []
        for xcomp, conj in self._xcomp_chain_conjs(verb):
            ids = (clause_ids - subtree_ids(xcomp)) | (subtree_ids(conj) - self.excluded)
            inserts = []
            to = [a for a in children(xcomp, "aux") if a.lower_ == "to"]
            if to and not children(conj, "aux"):
                inserts.append((conj.i - 0.5, "to "))
            out.append(
                Draft(
                    verb=conj,
                    ids=ids,
                    own=subtree_ids(conj),
                    speaker=speaker,
                    inserts=inserts,
                )
            )
        return out

    def _split_subject(self, draft: Draft, verb: Token, subject_ids: set[int]) -> list[Draft]:
        """ "IREL and Midwest have participated" -> one draft per conjunct."""
        subj = subject_of(verb)
        if subj is None and subject_ids:
            heads = [self.doc[i] for i in subject_ids if self.doc[i].dep_ in SUBJECT_DEPS]
            subj = heads[0] if heads else None
        if subj is None or verb.lemma_.lower() in cues.COLLECTIVE_VERBS:
            return [draft]
        names = self._title_names(subj)
        if names:
            # "councillors A of X, B of Y and C were elected": the names
            conjuncts = names
        elif subj.pos_ == "PROPN" and self._is_name_list(subj):
            conjuncts = self._name_list(subj)
        else:
            conjuncts = [subj, *self._conj_chain(subj)]
            # misparse: "IREL, a miner, and Midwest ..." hangs Midwest on "miner";
            # "A, B and C" may come as B an apposition of A with C on B
            for app in children(subj, "appos"):
                chain = [c for c in self._conj_chain(app) if c.pos_ == "PROPN"]
                if app.pos_ == "PROPN" and subj.pos_ == "PROPN" and chain:
                    conjuncts.append(app)
                conjuncts += chain
        if len(conjuncts) < 2:
            return [draft]
        ccs = [c for h in [subj, *children(subj, "appos"), *conjuncts] for c in children(h, "cc")]
        if any(c.lower_ not in {"and", "&"} for c in ccs):
            return [draft]
        words = {self.doc[i].lower_ for i in draft.ids}
        if words & {"together", "jointly", "each", "between", "one another"}:
            return [draft]
        whole = subtree_ids(subj)
        finite = self._finite_word(verb)
        out = []
        for conj in conjuncts:
            name = self._conjunct_name(conj, subj)
            ids = (draft.ids - whole) | name
            overrides = dict(draft.overrides)
            if (
                finite is not None
                and conj.tag_ not in {"NNS"}
                and conj.lower_ not in {"they", "we"}
            ):
                overrides[finite.i] = singular_form(finite)
            out.append(
                Draft(
                    verb=draft.verb,
                    ids=ids,
                    own=draft.own,
                    speaker=draft.speaker,
                    overrides=overrides,
                    inserts=list(draft.inserts),
                    inherited_hedges=list(draft.inherited_hedges),
                    inherited_neg=draft.inherited_neg,
                )
            )
        return out

    def _finite_word(self, verb: Token) -> Token | None:
        """The word that agrees with the subject: the first auxiliary, or the
        verb itself in the simple present."""
        auxes = [a for a in children(verb, "aux", "auxpass") if a.i < verb.i]
        if auxes:
            return auxes[0] if auxes[0].tag_ in {"VBP", "VBD"} else None
        return verb if verb.tag_ == "VBP" else None

    def _conj_chain(self, token: Token) -> list[Token]:
        """The nouns coordinated with ``token``, however the parser chained
        them ("A, B and C": B on A, C on B)."""
        out = []
        for conj in children(token, "conj"):
            if conj.pos_ in {"PROPN", "NOUN"} and conj.i not in self.excluded:
                out.append(conj)
                out += self._conj_chain(conj)
        return out

    def _title_names(self, subj: Token) -> list[Token]:
        """The names after a plural title ("councillors Alvin Yeung, Fernando
        Cheung and Leung Kwok-hung"), which the parser hangs on the title as
        appositions; [] when the subject is not such a list."""
        if subj.tag_ != "NNS":
            return []
        names = [a for a in children(subj, "appos") if a.pos_ == "PROPN" and a.i > subj.i]
        if not names or names[0].left_edge.i != subj.i + 1:
            return []  # "the councillors, Alvin Yeung ...": an apposition proper
        out = [found for name in names for found in self._name_list(name)]
        return out if len(out) >= 2 else []

    def _is_name_list(self, subj: Token) -> bool:
        """Three or more names ending in "and D": a list, even where the
        parser read some as appositions (two are "Paris, France")."""
        names = self._name_list(subj)
        return len(names) >= 3 and any(
            c.dep_ == "cc" and c.lower_ in {"and", "&"} for n in names for c in n.children
        )

    def _name_list(self, name: Token) -> list[Token]:
        """``name`` and the names listed after it: the parser gives a list
        ("A of X, B of Y, C of Z and D") as conjuncts or, as often, as
        appositions of the name before."""
        out = [name]
        for child in name.children:
            if child.dep_ in {"conj", "appos"} and child.pos_ == "PROPN" and child.i > name.i:
                out += self._name_list(child)
        return out

    def _conjunct_name(self, conj: Token, subj: Token) -> set[int]:
        ids = subtree_ids(conj)
        for child in conj.children:
            if child.dep_ in {"conj", "cc", "appos", "relcl"} or (
                child.dep_ == "punct" and child.tag_ != "HYPH"  # "Kwok-hung" stays whole
            ):
                ids -= subtree_ids(child)
        if conj is subj:
            for child in subj.children:
                # "both" of "both A and B" goes with the coordination
                if (
                    child.dep_ in {"cc", "conj", "appos", "punct", "preconj"}
                    or (child.lower_ == "both" and child.i < subj.i)
                    # the list's plural title: "councillors A, B and C"
                    or (child.dep_ == "compound" and child.tag_ == "NNS")
                ):
                    ids -= subtree_ids(child)
        return ids - self.excluded

    def _split_not_only(self, draft: Draft) -> list[Draft]:
        for tok in (self.doc[i] for i in sorted(draft.ids)):
            pre = [c for c in tok.children if c.dep_ == "preconj" and c.lower_ == "not"]
            conjs = children(tok, "conj")
            if not pre or not conjs:
                continue
            markers = subtree_ids(pre[0]) | {c.i for c in children(tok, "cc")}
            for conj in conjs:
                markers |= {c.i for c in conj.children if c.lower_ == "also"}
                before = conj.left_edge.i - 1
                if self.doc[before].lower_ == "also":
                    markers.add(before)
            markers |= {c.i for c in tok.children if c.lower_ == "also"}
            first = subtree_ids(tok) - set().union(*(subtree_ids(c) for c in conjs)) - markers
            out = []
            for part in [first, *(subtree_ids(c) - markers for c in conjs)]:
                ids = (draft.ids - subtree_ids(tok)) | part
                out.append(
                    Draft(
                        verb=draft.verb,
                        ids=ids,
                        own=draft.own,
                        speaker=draft.speaker,
                        inserts=list(draft.inserts),
                        inherited_hedges=list(draft.inherited_hedges),
                    )
                )
            return out
        return [draft]

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

    def _hedge_adverbs(self, verb: Token) -> list[str]:
        return [c.lower_ for c in children(verb, "advmod") if c.lower_ in cues.HEDGE_ADVERBS]

    def _has_content(self, draft: Draft) -> bool:
        """A claim needs a predicate and either a subject or a few words:
        "Ships returned" is one, a stray "and said" is not."""
        words = [self.doc[i] for i in draft.ids if not self.doc[i].is_punct]
        if draft.optional:
            return len(words) >= 2
        # or a verb the claim's wording supplies ("<subject> had <noun>")
        has_verb = any(t.pos_ in CLAUSE_POS for t in words) or any(
            text.strip() in SUPPLIED_VERBS for _, text in draft.inserts
        )
        has_subject = any(t.dep_ in SUBJECT_DEPS for t in words)
        supplied = sum(len(text.split()) for _, text in draft.inserts)
        return has_verb and (len(words) + supplied >= 3 or (len(words) == 2 and has_subject))


SUPPLIED_VERBS = frozenset({"had", "has", "have", "is", "are"})
