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
longer claim, never to garbled text. The splitter is made of parts, a
module each: ``frames`` (reporting frames), ``side_claims`` (relative
clauses, appositions), ``subjects`` (coordinated subjects, lists of names),
``subordinates`` (participle, as/when/while and with-clauses); this module
holds the entry point and the clause itself (coordination, shared
auxiliaries, "not only ... but also"). The other stages: ``cleaning`` (the
body of a page), ``tree`` (questions asked of the parse), ``wording`` (a
draft's words as a statement), ``speakers`` (attribution across sentences),
``readers`` (hedges, polarity, time, entities, kind), ``pipeline`` (all of
them over an article).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claims.extraction import cues
from claims.extraction.drafts import Draft, Speaker
from claims.extraction.frames import FrameReading
from claims.extraction.side_claims import SideClaims
from claims.extraction.subjects import SubjectSplitting
from claims.extraction.subordinates import SubordinateClauses
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

COORDINATORS = frozenset({"and", "or", "but", "nor", "then", "yet", "&"})
NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


class SentenceSplitter(FrameReading, SideClaims, SubjectSplitting, SubordinateClauses):
    """Turns one sentence into drafts. ``resolve_speaker`` maps a pronoun
    speaker ("she") to the last named speaker the article mentioned."""

    def __init__(self, sent: Span, resolve_speaker):
        self.sent = sent
        self.doc = sent.doc
        self.resolve_speaker = resolve_speaker
        self.excluded: set[int] = set()
        # titles run into a subject's name ("fire chief Tom Hale"): out of
        # the claims, in a speaker's name
        self.titles: set[int] = set()
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
        self._mark_ages()
        self._mark_appositives()
        self._mark_named_subjects()
        self._mark_titled_names()
        self._mark_one_of()
        self._mark_renamed_time()
        self._mark_relative_clauses()
        self._mark_object_relatives()
        self._mark_sentential_which()
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

    # ----------------------------------------------------------- clauses
    def expand(self, verb: Token, *, inherited: dict | None, speaker) -> list[Draft]:
        """Drafts for ``verb``'s clause and the clauses coordinated with it:
        a reporting frame's content, or the clause itself."""
        frame = self._frame_of(verb, inherited=inherited, speaker=speaker)
        if frame is not None:
            return self._expand_frame(verb, *frame, inherited=inherited, speaker=speaker)
        carrier = self._empty_carrier(verb)
        if carrier is not None:
            return self.expand(carrier, inherited=None, speaker=speaker)
        predicate = self._predicate_of_noun_root(verb)
        if predicate is not None:
            subject = (subtree_ids(verb) - subtree_ids(predicate) - self.excluded) - {
                t.i for t in verb.children if t.dep_ == "punct"
            }
            return self.expand(predicate, inherited={"subject": subject}, speaker=speaker)
        return self._expand_clause(verb, inherited=inherited, speaker=speaker)

    def _frame_of(self, verb: Token, *, inherited: dict | None, speaker):
        """(contents, speaker, passive) when ``verb`` frames reported
        content ("X said that Y"; "It is believed that Y"), else None."""
        contents = self._frame_contents(verb)
        if not contents:
            return None
        frame_speaker = self._speaker(verb)
        if (
            frame_speaker is not None
            and speaker is not None
            and frame_speaker.text.lower() in cues.FIRST_PERSON
        ):
            # 'Gomez said, "I think we learned a lot"': Gomez's claim
            frame_speaker = speaker
        if frame_speaker is None and inherited and inherited.get("frame_speaker"):
            frame_speaker = inherited["frame_speaker"]
        subj = subject_of(verb)
        # "It is believed that X": a frame with nobody named, read as a hedge.
        passive = subj is not None and subj.dep_ in {"expl", "nsubjpass"}
        if frame_speaker is None and not passive and subj is not None:
            return None
        return contents, frame_speaker, passive

    def _expand_frame(
        self, verb, contents, frame_speaker, passive, *, inherited, speaker
    ) -> list[Draft]:
        """The drafts of a frame's content, attributed to its speaker, and
        of the clauses coordinated with the frame."""
        out: list[Draft] = []
        for content in contents:
            if content.i in self.excluded:
                continue  # read as a claim of its own (", which the council denies")
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
            # own subject after the content, framing nothing, goes on with
            # what X claims
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

    def _expand_clause(self, verb: Token, *, inherited: dict | None, speaker) -> list[Draft]:
        """The clause's own draft (split per subject, per "not only ... but
        also"), then its coordinated clauses and the subordinate clauses
        that state facts of their own."""
        ids = subtree_ids(verb) - self.excluded - self._clause_markers(verb)
        conjs = self._conj_verbs(verb)
        for conj in conjs:
            ids -= subtree_ids(conj)
        ids -= self._coordinators(verb, conjs)
        split_advcls = self._split_advcls(verb)
        for advcl, kind in split_advcls:
            ids -= subtree_ids(advcl)
            ids -= self._adjacent_commas(subtree_ids(advcl))
            if kind == "with_conj":
                ids -= self._coordinator_of(advcl)
        for xconj_ids in self._xcomp_conj_ids(verb):
            ids -= xconj_ids
        base, subject_ids = self._clause_draft(verb, ids, inherited=inherited, speaker=speaker)
        drafts = [
            d
            for draft in self._split_subject(base, verb, subject_ids)
            for d in self._split_objects(draft, verb)
        ]
        drafts = [d for draft in drafts for d in self._split_not_only(draft)]

        subject_for_next = self._subject_ids(verb, inherited)
        for conj in conjs:
            inherit = {
                "subject": subject_for_next,
                "hedges": self._hedge_adverbs(verb) + base.inherited_hedges,
            }
            if not children(conj, "aux", "auxpass"):
                inherit["aux"], inherit["neg"] = self._shared_aux(verb, conj)
            drafts.extend(self.expand(conj, inherited=inherit, speaker=speaker))
        for advcl, kind in split_advcls:
            drafts.extend(self._subordinate_drafts(verb, advcl, kind, subject_for_next, speaker))
        drafts.extend(self._xcomp_conj_drafts(verb, base.ids, speaker))
        return drafts

    def _clause_draft(self, verb: Token, ids: set[int], *, inherited, speaker):
        """The clause's draft, with what it inherits from the clause it is
        coordinated with (the subject, a shared auxiliary, hedges), and the
        inherited subject's ids."""
        own = set(ids)
        subject_ids: set[int] = set()
        inherited_hedges: list[str] = []
        inserts: list[tuple[float, str]] = []
        inherited_neg = False
        if subject_of(verb) is None and inherited and inherited.get("subject"):
            subject_ids = inherited["subject"]
            ids = ids | subject_ids
            inherited_hedges = inherited.get("hedges", [])
        if inherited and inherited.get("aux") and not children(verb, "aux", "auxpass"):
            for aux_text in inherited["aux"]:
                inserts.append((verb.i - 0.5, aux_text + " "))
            inherited_neg = inherited.get("neg", False)
        draft = Draft(
            verb=verb,
            ids=ids,
            own=own,
            speaker=speaker,
            inserts=inserts,
            inherited_hedges=inherited_hedges,
            inherited_neg=inherited_neg,
        )
        return draft, subject_ids

    def _subordinate_drafts(self, verb, advcl, kind: str, subject_ids, speaker) -> list[Draft]:
        if kind == "participle":
            return self._participle_drafts(verb, advcl, subject_ids, speaker)
        if kind == "with":
            return self._with_draft(verb, advcl, speaker)
        if kind == "with_conj":
            return [self._participle_claim(verb, advcl, None, speaker)]
        if kind == "with_np":
            return self._with_np_draft(verb, advcl, subject_ids, speaker)
        return self.expand(advcl, inherited=None, speaker=speaker)

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
                and lower in {"that", "as", "because"} | cues.CONTRAST_MARKS
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
            if conj.i in self.excluded or not self._coordinated(conj):
                continue
            if conj.pos_ in CLAUSE_POS or (subject_of(conj) is not None and conj.pos_ != "PROPN"):
                out.append(conj)
        return out

    def _coordinated(self, conj: Token) -> bool:
        """Whether a conjunct verb is joined to its head by a coordinator or
        a comma. One with neither ("as a wildfire fanned by winds spread
        across ...", "spread" hung on the main verb) is a misparse: read as
        a clause of its own, it would take the main clause's subject."""
        head = conj.head
        # a coordinator between them; for a verb with no subject of its
        # own, not one joining nouns ("for junior pilots and 500 euros for
        # senior ones, spread over two years")
        lo, hi = sorted((head.i, conj.i))
        own_subject = subject_of(conj) is not None
        if any(
            t.lower_ in COORDINATORS and (own_subject or t.head.pos_ not in NOMINAL_POS)
            for t in self.doc[lo + 1 : hi]
        ):
            return True
        listed = [head, *children(head, "conj")]
        ccs = [c for t in listed for c in children(t, "cc") if c.lower_ in COORDINATORS]
        before = self.doc[conj.left_edge.i - 1] if conj.left_edge.i > self.sent.start else None
        if before is None or before.text not in {",", ";", "—", "–"}:
            return False
        # a comma alone: a clause of its own ("prices rose, wages fell"), or
        # one of a list closed by "and" ("cut jobs, closed plants and raised
        # prices"); not ", spread over two years" (a participle misread)
        return own_subject or bool(ccs)

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
        auxes = [a for a in children(verb, "aux", "auxpass") if a.i < verb.i]
        shared = []
        for aux in auxes:
            # "roads were flooded and bridges closed", "was substituted and
            # replaced by X": the passive goes on (never "replaced by X"),
            # with the auxiliaries before it ("had been consulted and
            # called"); a modal only onto a bare verb (never "would approved")
            modal = aux.tag_ == "MD" and conj.tag_ == "VB"
            if modal or aux.dep_ == "auxpass" and conj.tag_ == "VBN":
                shared = [a.text for a in auxes if a.i <= aux.i]
        neg = bool(shared) and is_negated(verb)
        if neg:
            shared.insert(1, "not")  # "had not been", "will not"
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
                and not any(t.lower_ in cues.WH_SUBJECTS for t in child.lefts)
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
        """ "This comes as X" / "The move comes amid X": the claim is X.
        "There is no doubt (that) X": the claim is X, asserted, not denied."""
        certain = self._no_doubt_that(verb)
        if certain is not None:
            return certain
        if verb.lemma_.lower() != "come":
            return None
        subj = subject_of(verb)
        if subj is None or subj.lower_ not in {"this", "it", "that", "move", "decision", "news"}:
            return None
        for advcl in children(verb, "advcl"):
            if any(m.lower_ == "as" for m in children(advcl, "mark")) and subject_of(advcl):
                return advcl
        return None

    def _no_doubt_that(self, verb: Token) -> Token | None:
        """The clause X of "There is no question/doubt (that) X"."""
        if verb.lemma_.lower() != "be" or not children(verb, "expl"):
            return None
        for attr in children(verb, "attr"):
            if attr.lower_ not in {"question", "doubt"}:
                continue
            if not any(c.lower_ == "no" for c in children(attr, "det")):
                continue
            for content in (*children(attr, "acl"), *children(verb, "ccomp")):
                if subject_of(content) is not None:
                    return content
        return None

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

    def _hedge_adverbs(self, verb: Token) -> list[str]:
        return [c.lower_ for c in children(verb, "advmod") if c.lower_ in cues.HEDGE_ADVERBS]

    def _has_content(self, draft: Draft) -> bool:
        """A claim needs a predicate and either a subject or a few words:
        "Ships returned" is one, a stray "and said" is not."""
        words = [self.doc[i] for i in draft.ids if not self.doc[i].is_punct]
        if draft.optional:
            return len(words) >= 2
        # or a verb the claim's wording supplies ("<subject> had <noun>")
        has_verb = (
            any(t.pos_ in CLAUSE_POS for t in words)
            or any(text.strip() in SUPPLIED_VERBS for _, text in draft.inserts)
            or draft.verb.i in draft.overrides  # a finite form given to a participle
        )
        has_subject = any(t.dep_ in SUBJECT_DEPS for t in words)
        supplied = sum(len(text.split()) for _, text in draft.inserts)
        return has_verb and (len(words) + supplied >= 3 or (len(words) == 2 and has_subject))


SUPPLIED_VERBS = frozenset({"had", "has", "have", "is", "are"})
