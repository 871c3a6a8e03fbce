"""Coordinated subjects of one predicate: "IREL and Midwest have joined"
becomes a claim per subject, the verb made to agree; lists of names
however the parser chained them; collective predicates ("A and B met")
stay whole. Coordinated objects each with a phrase of its own ("drew
praise for A and criticism for B") are a claim each; a plain list of
objects ("sells apples, pears and plums") stays one claim."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from claims.extraction import cues
from claims.extraction.drafts import Draft
from claims.extraction.tree import (
    SUBJECT_DEPS,
    children,
    subject_of,
    subtree_ids,
)
from claims.extraction.wording import singular_form

# "A and B both won", "A, B and C all had": said of each conjunct
FLOATING_QUANTIFIERS = frozenset({"all", "both", "each"})


class SubjectSplitting:
    """A part of ``SentenceSplitter`` (claims.extraction.clauses): it reads
    the splitter's sentence, exclusions and side drafts."""

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
        # misparse: "Ubisoft, Microsoft, and PlayStation VR all had" makes
        # the last conjunct a second subject of the verb
        stray = self._stray_conjunct(verb, subj)
        if stray is not None:
            conjuncts.append(stray)
        if len(conjuncts) < 2 or self._titles_of_one_person(subj, conjuncts):
            return [draft]
        ccs = [c for h in [subj, *children(subj, "appos"), *conjuncts] for c in children(h, "cc")]
        if any(c.lower_ not in {"and", "&"} for c in ccs):
            return [draft]
        words = {self.doc[i].lower_ for i in draft.ids}
        if words & {"together", "jointly", "each", "between", "one another"}:
            return [draft]
        whole = subtree_ids(subj) | (subtree_ids(stray) if stray is not None else set())
        # "A, B and C all had": each one "had"
        whole |= {c.i for c in verb.children if c.lower_ in FLOATING_QUANTIFIERS and c.i < verb.i}
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

    def _split_objects(self, draft: Draft, verb: Token) -> list[Draft]:
        """ "The plan won support from farmers and criticism from green
        groups" -> a claim per object. The two objects are each followed
        by the same preposition; where the parser hung the second object
        (often on the first one's phrase) does not matter: the split is
        made by position, within the words after the verb."""
        objects = [o for o in children(verb, "dobj") if o.i in draft.ids]
        if len(objects) != 1:
            return [draft]
        first = objects[0]
        after = first.i + 1
        # "of" joins nouns within one phrase ("the history and accomplishments
        # of NASA"), not objects
        if (
            after >= self.sent.end
            or self.doc[after].pos_ != "ADP"
            or self.doc[after].lower_ == "of"
        ):
            return [draft]
        preposition = self.doc[after].lower_
        zone = subtree_ids(first)
        for prep in children(verb, "prep"):
            if prep.i == after:
                zone |= subtree_ids(prep)
        second = next(
            (
                t
                for t in (self.doc[i] for i in sorted(zone))
                if t.dep_ == "conj"
                and t.pos_ == "NOUN"
                and t.i > after
                and t.i + 1 < self.sent.end
                and self.doc[t.i + 1].lower_ == preposition
                and self.doc[t.left_edge.i - 1].lower_ == "and"
            ),
            None,
        )
        if second is None or any(
            self.doc[i].lower_ == "and" for i in range(after, second.left_edge.i - 1)
        ):
            return [draft]
        cc = second.left_edge.i - 1
        end = max(zone)
        both = {c.i for c in first.children if c.lower_ == "both"}
        return [
            replace(draft, ids=draft.ids - set(range(cc, end + 1)) - both),
            replace(draft, ids=draft.ids - set(range(first.left_edge.i, cc + 1))),
        ]

    def _titles_of_one_person(self, subj: Token, conjuncts: list[Token]) -> bool:
        """ "American academic and professor Marc Lamont Hill": a bare
        singular description (no article) coordinated with a name is two
        titles of one person, not two subjects."""
        return (
            subj.pos_ in {"NOUN", "ADJ"}
            and subj.tag_ in {"NN", "JJ"}
            and subj.is_lower
            and not children(subj, "det", "poss")
            and conjuncts[-1].pos_ == "PROPN"
            and len(conjuncts) == 2
        )

    def _stray_conjunct(self, verb: Token, subj: Token) -> Token | None:
        """A second subject of ``verb`` that is the last conjunct of
        ``subj``'s list: it begins right after the list's "and"."""
        ands = [c for c in children(subj, "cc") if c.lower_ in {"and", "&"}]
        if not ands:
            return None
        for other in verb.children:
            if (
                other.dep_ in SUBJECT_DEPS
                and other.i > subj.i
                and other.left_edge.i == ands[-1].i + 1
                and other.pos_ in {"PROPN", "NOUN"}
            ):
                return other
        return None

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

    def _plural(self, ids: set[int]) -> bool:
        heads = [self.doc[i] for i in ids if self.doc[i].dep_ in SUBJECT_DEPS]
        return any(h.tag_ in {"NNS", "NNPS"} or h.lower_ in {"they", "we"} for h in heads)
