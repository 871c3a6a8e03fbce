"""Claims that stand beside a sentence's clauses: relative clauses
("X, which lacks water, ..."), appositions ("IREL, a miner, ..."; "The new
mayor, Ana Costa, ..."), a closing ", one of the ...". Each is marked once
before the clauses are read, becomes a draft of its own, and is kept out
of the clause it hangs on."""

from __future__ import annotations

from spacy.tokens import Token

from claims.extraction import cues
from claims.extraction.drafts import Draft
from claims.extraction.tree import (
    CLAUSE_POS,
    SUBJECT_DEPS,
    children,
    subject_of,
    subtree_ids,
    verb_number,
)
from claims.extraction.wording import copula, render

# Proper nouns an appositive never describes: the parser hangs a comment on
# the whole clause ("the fastest pace in a decade") on a date or amount.
NOT_DESCRIBED_ENTITIES = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"}
)


# "X, which the Church describes as a retreat": the subject says X is one
DESCRIBING_VERBS = frozenset({"describe", "characterize", "characterise", "portray", "depict"})


class SideClaims:
    """A part of ``SentenceSplitter`` (claims.extraction.clauses): it reads
    the splitter's sentence, exclusions and side drafts."""

    def _side_ids(self, head: Token) -> set[int]:
        """Tokens under ``head`` that are claims of their own (relative
        clauses, appositives) and not part of its name."""
        return {i for i in subtree_ids(head) if i in self.excluded}

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
        by agreement: "mines in X state, which are ..." describes the mines,
        "a tax on sugary drinks, which is due ..." the tax."""
        if head.dep_ != "pobj" or head.head.dep_ != "prep":
            return head
        noun = head.head.head  # "a new tax on sugary drinks, which is ...": the tax
        number = verb_number(verb)
        if number == "plural" and head.tag_ in {"NN", "NNP"} and noun.tag_ in {"NNS", "NNPS"}:
            return noun
        if number == "singular" and head.tag_ in {"NNS", "NNPS"} and noun.tag_ in {"NN", "NNP"}:
            return noun
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
            if first.lower_ not in cues.WH_SUBJECTS - {"that"} or first.dep_ not in SUBJECT_DEPS:
                continue
            if first.head != verb:
                continue  # "which the government says is illegal": not the clause's subject
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

    def _mark_object_relatives(self) -> None:
        """ "conceded a penalty which the referee awarded Sweden": a relative
        clause with a named subject of its own states its fact ("The
        referee awarded Sweden a penalty"), the noun put back where the
        clause left its gap, after the verb and its indirect object."""
        for verb in self.sent:
            if verb.dep_ != "relcl" or verb.i in self.excluded:
                continue
            ids = subtree_ids(verb) - self.excluded
            first = self.doc[min(ids)]
            subject = subject_of(verb)
            # the small model reads the object "which" as a dative as often
            if first.lower_ not in {"which", "whom"} or first.dep_ not in {"dobj", "dative"}:
                continue
            if subject is None or subject.pos_ not in {"NOUN", "PROPN"}:
                continue
            head = verb.head
            if head.ent_type_ in NOT_DESCRIBED_ENTITIES:
                # "resigned on Friday, which the council welcomed": about
                # the whole clause, not the date the parser hung it on
                self._sentential_which(verb, first, ids)
                continue
            name = {t.i for t in head.subtree if t.i < min(ids)} - self._side_ids(head)
            if not name or head.pos_ not in {"NOUN", "PROPN"} or head.ent_type_ == "PERSON":
                continue  # "which" is never a person: the parser hung it on the wrong noun
            gap = render(self.doc, name, capitalize=False)
            self.side.append(self._object_relative_draft(verb, first, ids, gap))
            self.excluded |= ids

    def _object_relative_draft(self, verb: Token, first: Token, ids: set[int], gap: str) -> Draft:
        described = [
            pobj
            for prep in children(verb, "prep")
            if prep.lower_ == "as"
            for pobj in children(prep, "pobj")
        ]
        if verb.lemma_.lower() in DESCRIBING_VERBS and described:
            # "X, which the Church describes as a retreat": the Church's
            # claim that X is a retreat
            own = subtree_ids(described[0]) - self.excluded
            return Draft(
                verb=verb,
                ids=own,
                own=ids,
                speaker=self._speaker(verb),
                inserts=[(min(own) - 0.6, gap + " "), (min(own) - 0.5, copula(verb.head) + " ")],
            )
        objects = ("dative", "prt", "dobj") if first.dep_ == "dative" else ("dative", "prt")
        after = max([verb.i, *(c.i for c in children(verb, *objects) if c != first)])
        return Draft(verb=verb, ids=ids - {first.i}, own=ids, inserts=[(after + 0.5, gap + " ")])

    def _mark_sentential_which(self) -> None:
        """ "…had never been completed, which the council denies": a which-
        clause about the whole clause before it. Its claim says so ("The
        council denies that drainage work … had never been completed"),
        not "Which the council denies"."""
        for verb in self.sent:
            if verb.dep_ not in {"ccomp", "conj", "parataxis", "advcl"} or verb.i in self.excluded:
                continue
            ids = subtree_ids(verb) - self.excluded
            first = self.doc[min(ids)]
            subject = subject_of(verb)
            if first.lower_ != "which" or first.dep_ not in {"dobj", "nsubj"}:
                continue
            if first == subject:
                # "hit by an earthquake in February, which killed 50,000":
                # the parser hung it on the verb; it means the object before
                self._which_of_the_object(verb, first, ids)
                continue
            if subject is None or subject.pos_ not in {"NOUN", "PROPN"}:
                continue
            self._sentential_which(verb, first, ids)

    def _which_of_the_object(self, verb: Token, first: Token, ids: set[int]) -> None:
        """The claim of ", which killed 50,000" about the last object noun
        of the clause before (not a date or amount, which kill nobody); none
        for "which was ..." (it may mean anything before) or no such noun."""
        comma = self._comma_before(first)
        if comma is None or verb.lemma_ == "be":
            return
        nouns = [
            t
            for t in self.doc[self.sent.start : comma]
            if t.pos_ in {"NOUN", "PROPN"}
            and t.dep_ in {"dobj", "pobj", "attr"}
            and t.ent_type_ not in NOT_DESCRIBED_ENTITIES | {"PERSON"}
            and t.i not in self.excluded
        ]
        if not nouns:
            return
        noun = nouns[-1]
        name = {t.i for t in noun.subtree if t.i <= noun.i} - self.excluded
        said = render(self.doc, name, capitalize=False)
        self.side.append(
            Draft(verb=verb, ids=ids - {first.i}, own=ids, inserts=[(first.i, said + " ")])
        )
        self.excluded |= ids | {comma}

    def _sentential_which(self, verb: Token, first: Token, ids: set[int]) -> None:
        """The draft of ", which X denies" after a clause: "X denies that
        <the clause>"; nothing when no clause ends at the comma."""
        comma = self._comma_before(first)
        if comma is None:
            return
        before = self._clause_ending_at(comma - 1, ids | {comma})
        if before is None:
            return
        stated = subtree_ids(before) - self.excluded - ids - {comma}
        stated -= {c.i for c in children(before, "mark")}
        opening = self.doc[min(stated)]
        named = opening.pos_ == "PROPN" or opening.ent_type_ or opening.text == "I"
        said = render(
            self.doc, stated, {} if named else {opening.i: opening.lower_}, capitalize=False
        )
        self.side.append(
            Draft(
                verb=verb, ids=ids - {first.i}, own=ids, inserts=[(verb.i + 0.5, f"that {said} ")]
            )
        )
        self.excluded |= ids | {comma}

    def _comma_before(self, token: Token) -> int | None:
        """The index of a comma just before ``token``, if there is one."""
        at = token.i - 1
        return at if at >= self.sent.start and self.doc[at].text == "," else None

    def _clause_ending_at(self, last: int, ignore: set[int]) -> Token | None:
        """The verb whose clause, without the tokens ``ignore`` (the which-
        clause the parser may have hung inside it), ends at token ``last``."""
        if last < self.sent.start:
            return None
        token = self.doc[last]

        def end(head: Token) -> int:
            return max(i for i in subtree_ids(head) - ignore if not self.doc[i].is_punct)

        while token.pos_ not in CLAUSE_POS and token.head != token and end(token.head) == last:
            token = token.head
        return token if token.pos_ in CLAUSE_POS else None

    def _mark_ages(self) -> None:
        """ "Popa, 61, said ...": a person's age between commas after the
        name. An optional claim of its own ("Popa is 61"), kept out of the
        name, so the speaker is "Popa", not "Popa, 61"."""
        for age in self.sent:
            head = age.head
            if age.pos_ != "NUM" or age.dep_ not in {"appos", "npadvmod", "amod", "nummod"}:
                continue
            if head.pos_ != "PROPN" or age.i != head.i + 2 or age.i in self.excluded:
                continue
            if self.doc[head.i + 1].text != "," or list(age.children):
                continue
            after = age.i + 1
            if after < self.sent.end and self.doc[after].text not in {",", ")"}:
                continue
            if not age.text.isdigit() or not 0 < int(age.text) < 120:
                continue
            name = {t.i for t in head.subtree if t.i <= head.i} - self.excluded
            self.side.append(
                Draft(
                    verb=age,
                    ids=name | {age.i},
                    own={age.i},
                    inserts=[(age.i - 0.5, "is ")],
                    optional=True,
                )
            )
            self.excluded |= {age.i, head.i + 1}

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
            draft = Draft(
                verb=app,
                ids=name | own,
                own=own,
                inserts=[(min(own) - 0.5, copula(app) + " ")],
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
            # "The/His lawyer, Elena Radu, ..." -> "Elena Radu is his lawyer"
            lower = self.doc[first].pos_ in {"DET", "PRON"}
            overrides = {first: self.doc[first].lower_} if lower else {}
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

    def _mark_renamed_time(self) -> None:
        """ "Yesterday, day five of the World Cup, Sweden won": a time named
        again between commas. The second name describes the first, not
        what happened: it is kept out of the clause."""
        for again in self.sent:
            if again.dep_ != "npadvmod" or again.i in self.excluded:
                continue
            ids = subtree_ids(again)
            lo, hi = min(ids), max(ids)
            if lo - 2 < self.sent.start or hi + 1 >= self.sent.end:
                continue
            first, comma, closing = self.doc[lo - 2], self.doc[lo - 1], self.doc[hi + 1]
            if comma.text != "," or closing.text != "," or first.ent_type_ not in {"DATE", "TIME"}:
                continue
            # "Yesterday, ..." or "On Monday, ...", of the same verb
            if (first.dep_ == "npadvmod" and first.head == again.head) or (
                first.dep_ == "pobj" and first.head.head == again.head
            ):
                self.excluded |= ids | {hi + 1}

    def _mark_titled_names(self) -> None:
        """ "Facebook co-founder Mark Zuckerberg tweeted": a common-noun
        title run into a subject's name describes the person, it is not
        what the claim says: the claim names him ("Mark Zuckerberg
        tweeted"). A speaker keeps the title ("fire chief Tom Hale"): that
        is how the article names who said it. A capitalised title
        ("President Trump") is part of the name."""
        for head in self.sent:
            if head.dep_ not in SUBJECT_DEPS or head.pos_ != "PROPN" or head.i in self.excluded:
                continue
            title = self._title_before(head)
            self.excluded |= title
            self.titles |= title

    def _title_before(self, head: Token) -> set[int]:
        """The title of a subject like "former bank manager Tom Ellis"
        (empty if none): every word before the name, the run of proper
        nouns ending in ``head``, when the last of them is a common noun."""
        start = head.i
        while start - 1 >= self.sent.start and self.doc[start - 1].pos_ == "PROPN":
            if self.doc[start - 1].head != head or self.doc[start - 1].dep_ != "compound":
                break
            start -= 1
        title = {t.i for t in head.subtree if t.i < start}
        if start - 1 not in title or min(title) != head.left_edge.i or title & self.excluded:
            return set()
        before = min(title) - 1
        if before >= self.sent.start and (
            self.doc[before].pos_ in {"NOUN", "PROPN", "ADJ", "NUM"} or self.doc[before].text == "-"
        ):
            return set()  # the phrase begins earlier: the parser split it ("co-founder")
        last = self.doc[start - 1]
        if last.pos_ != "NOUN" or last.tag_ not in {"NN", "NNS"} or not last.is_lower:
            return set()
        if any(
            self.doc[i].dep_ in {"poss", "case", "punct"} and self.doc[i].text != "-" for i in title
        ):
            return set()  # "Youngspiration's Baggio Leung": whose, not what
        return title

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
                    inserts=[(one.i - 0.5, copula(noun) + " ")],
                    optional=True,
                )
            )
            self.excluded |= ids | {comma.i}
