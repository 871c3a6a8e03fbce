"""Cue readers: what a drafted claim says beyond its words — its hedges
and whether it is conditional, its polarity, its time limits, its named
entities, and its kind (fact, quantity, plan, forecast, opinion)."""

from __future__ import annotations

from spacy.tokens import Doc

from claims.extraction import cues
from claims.extraction.drafts import Draft
from claims.extraction.tree import children, is_negated

# "14 percent more likely to develop dementia" is a statistic, not a hedge.
COMPARATIVES = frozenset({"more", "less", "most", "least", "as", "equally", "twice"})


NEGATIVE_OPENERS = frozenset({"no", "none", "nobody", "nothing", "neither", "never", "nowhere"})


def read_hedges(draft: Draft, doc: Doc) -> tuple[list[str], bool]:
    """Uncertainty cues on the claim's own predicate, and whether it is conditional."""
    verb = draft.verb
    found: list[str] = list(draft.inherited_hedges) + list(draft.extra_hedges)
    conditional = False
    # the condition may sit on an open complement: "would not hesitate to
    # raise rates if prices rose" conditions the whole claim
    predicates, xcomps = [verb], children(verb, "xcomp")
    while xcomps:
        predicates.append(xcomps[0])
        xcomps = children(xcomps[0], "xcomp")
    clauses = [advcl for predicate in predicates for advcl in children(predicate, "advcl")]
    for advcl in clauses:
        marks = [m for m in children(advcl, "mark") if m.lower_ in cues.CONDITIONAL_MARKS]
        if not marks or advcl.i not in draft.ids:
            continue
        if any(c.lower_ == "even" for c in advcl.children):
            continue  # concessive "even if": the claim holds either way
        if verb.lemma_.lower() in {"determine", "see", "check", "test", "know", "ask"}:
            continue
        conditional = True
        found.append(marks[0].lower_)
    for aux in children(verb, "aux"):
        word = aux.lower_
        # "could not" is past inability, not uncertainty; "would" hedges only
        # inside a conditional ("would expand if ..."), not reported future.
        modal_hedge = word in cues.HEDGE_MODALS and not (word == "could" and is_negated(verb))
        if modal_hedge or (word == "would" and conditional):
            found.append(word)
    for adv in children(verb, "advmod"):
        if adv.lower_ in cues.HEDGE_ADVERBS:
            found.append(adv.lower_)
    lemma = verb.lemma_.lower()
    if children(verb, "xcomp"):
        passive = any(a.dep_ == "auxpass" for a in verb.children) or verb.tag_ == "VBN"
        if lemma in {"appear", "seem"} or (lemma in cues.HEDGE_RAISING and passive):
            found.append(f"{verb.lower_} to")
    for acomp in children(verb, "acomp"):
        comparative = any(c.lower_ in COMPARATIVES for c in acomp.children)
        if acomp.lower_ in cues.HEDGE_ADJECTIVES and children(acomp, "xcomp") and not comparative:
            found.append(acomp.lower_)
    return list(dict.fromkeys(found)), conditional


INVERTING_AUXILIARIES = frozenset(
    "do does did will would can could shall should may might must "
    "is are was were has have had".split()
)


def read_negation(draft: Draft, doc: Doc) -> bool:
    """Grammatical negation of the claim's predicate: not/never, a negative
    subject or determiner ("no official deal"), "no longer", "failed to"."""
    verb = draft.verb
    if draft.inherited_neg or is_negated(verb):
        return True
    first = next((doc[i] for i in sorted(draft.ids) if not doc[i].is_punct), None)
    if first is not None and first.lower_ in NEGATIVE_OPENERS:
        # "No date ... has been set" reads negated whatever the parse says.
        return True
    if any(is_negated(aux) for aux in children(verb, "aux", "auxpass")):
        return True
    if verb.lemma_.lower() in cues.NEGATING_VERBS and children(verb, "xcomp"):
        return True
    return (
        _negative_argument(draft, verb)
        or _negative_adverb(verb)
        or _fronted_negative(draft, verb, doc)
    )


NEGATABLE_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "expl", "npadvmod"})


def _negative_argument(draft: Draft, verb) -> bool:
    """ "Nobody was hurt", "no official deal has been announced"."""
    for arg in verb.children:
        if arg.dep_ not in NEGATABLE_ARGUMENTS:
            continue
        if arg.i not in draft.ids and arg.dep_ != "attr":
            continue
        if arg.lower_ in cues.NEGATIVE_PRONOUNS or arg.lower_ == "no one":
            return True
        if any(d.dep_ == "det" and d.lower_ in cues.NEGATIVE_DETERMINERS for d in arg.children):
            return True
    return False


def _negative_adverb(verb) -> bool:
    """ "never", "no longer"."""
    for adv in children(verb, "advmod"):
        if adv.lower_ == "never":
            return True
        if adv.lower_ == "longer" and any(c.lower_ == "no" for c in adv.children):
            return True
    return False


def _fronted_negative(draft: Draft, verb, doc: Doc) -> bool:
    """A fronted negative phrase, with the inversion it brings: "At no point
    did we mislead anyone", "Under no circumstances will the plant reopen"
    (but not "With no warning, the dam burst")."""
    for prep in children(verb, "prep"):
        if prep.i > verb.i or prep.i not in draft.ids:
            continue
        after = prep.right_edge.i + 1
        if after >= len(doc) or doc[after].lower_ not in INVERTING_AUXILIARIES:
            continue
        for pobj in children(prep, "pobj"):
            if any(d.dep_ == "det" and d.lower_ == "no" for d in pobj.children):
                return True
    return False


def read_time_cues(draft: Draft, doc: Doc) -> list[str]:
    words = [doc[i].lower_ for i in sorted(draft.ids)]
    joined = " " + " ".join(words) + " "
    found = [phrase for phrase in cues.TIME_PHRASES if f" {phrase} " in joined]
    for i in sorted(draft.ids):
        tok = doc[i]
        if tok.lower_ in cues.TIME_WORDS and tok.dep_ in {"advmod", "npadvmod", "amod", "acomp"}:
            # "Yet the plan was approved": a conjunction, not "not yet"
            if tok.lower_ == "yet" and (tok.dep_ != "advmod" or tok.i == min(draft.ids)):
                continue
            if not any(tok.lower_ in phrase.split() for phrase in found):
                found.append(tok.lower_)
    return found


def read_entities(draft: Draft, doc: Doc, offset: int) -> list[dict]:
    out = []
    for ent in doc.ents:
        if any(t.i in draft.ids for t in ent):
            out.append(
                {
                    "text": ent.text,
                    "label": ent.label_,
                    "start": offset + ent.start_char,
                    "end": offset + ent.end_char,
                }
            )
    return out


def read_kind(draft: Draft, doc: Doc, hedges: list[str], entities: list[dict]) -> str:
    """opinion, plan, forecast, quantity or fact: a coarse label for filtering."""
    verb = draft.verb
    lemma = verb.lemma_.lower()
    if draft.frame_verb in cues.OPINION_VERBS:
        return "opinion"
    predicate = [c for c in verb.children if c.dep_ in {"acomp", "attr"}]
    if any(p.lower_ in cues.EVALUATIVE_ADJECTIVES for p in predicate):
        return "opinion"
    if lemma in cues.PLAN_VERBS and (children(verb, "xcomp") or lemma in {"plan", "propose"}):
        return "plan"
    auxes = {a.lower_ for a in children(verb, "aux")}
    auxes |= {text.strip().lower() for _key, text in draft.inserts}  # a shared "will"
    if auxes & {"will", "'ll", "shall"} or lemma in cues.FORECAST_VERBS:
        return "forecast"
    if any(h.startswith("expected") or h in {"likely", "unlikely"} for h in hedges):
        return "forecast"
    if any(e["label"] in cues.QUANTITY_ENTITY_LABELS for e in entities):
        return "quantity"
    return "fact"
