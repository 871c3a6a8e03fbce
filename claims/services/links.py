"""Links between claims of different articles that state the same fact, or
conflicting values of it, and the evidence a confirmed link is.

``claims_match`` compares claims with their full-text candidates
(``claims.selectors.claim_candidates``) through the pure matcher
(``claims.matching``) and records a link for each pair it relates: above
CLAIMS_LINK_CONFIRM_SCORE a link is confirmed at once, between
CLAIMS_LINK_SUGGEST_SCORE and it, suggested for an editor; a contradiction
is confirmed when the two are that alike apart from the conflicting value
(a count, a year, a negation). A pair that shares part of its content but
links on neither's own is read again with each side's neighbouring claims:
extraction splits one sentence into claims another report states in one
(_read_with_neighbours). A confirmed link
between independent publishers becomes evidence for both claims
(``supports`` for same, ``refutes`` for contradicts, citing the other
article's URL and quote), so the scoring applies unchanged; rejecting it
removes that evidence. Both claims are re-scored, and their history says
why. Claims from one publisher, copies of one wire story (near-identical
claims in reports that are mostly one text), or reports of one agency's
story (sources.wire: both credit it, or one is the agency's own) are linked
but count as one voice: no evidence. Two reporters who each wrote "The mill
opened in 1961" are two voices.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from claims.actors import Actor
from claims.db import bulk_update_rows, quoted_columns, unnest_rows
from claims.extraction.language import detect_language
from claims.matching.compare import (
    CONTRADICTS,
    DIFFERENT,
    SAME,
    Vocabulary,
    against_own_report,
    joined,
    rank,
)
from claims.matching.semantic import (
    BUILT_IN,
    Meanings,
    chosen,
    derive_built_in,
    from_bytes,
    to_bytes,
)
from claims.matching.text import NUMBER_WORDS, ClaimText, read_claim, stem, with_predicates
from claims.models import (
    Claim,
    ClaimCheck,
    ClaimLink,
    ClaimMeaning,
    EventKind,
    Evidence,
    EvidenceOrigin,
    LinkState,
    Stance,
)
from claims.selectors import (
    candidate_rows,
    claim_candidates,
    claims_at,
    remember_lexemes,
    search_words,
)
from claims.services.errors import InvalidChange
from claims.services.evidence import claims_mark_due
from claims.services.history import event_row
from sources.models import Article
from sources.wire import agency_of

# two claims this alike are copies of one story when their reports are: at
# least COPY_SHARE of the shorter report's runs of COPY_RUN words are in the
# other (a wire story trimmed and re-headlined keeps most of them; two
# reporters who each wrote "The mill opened in 1961" share that alone)
COPY_SCORE = 0.95
COPY_SHARE = 0.5
COPY_RUN = 5
MATCH_BATCH = 50  # claims matched (read, and their links written) together
# a pair this alike, not linked, is read again with each side's neighbours
# (_read_with_neighbours), for at most this many candidates of a claim
PART_SIMILARITY = 0.25
PARTS_PER_CLAIM = 2
# what matching decides of a link, and a re-match may change
LINK_MATCH_FIELDS = ("relation", "score", "basis", "independent")


@dataclass(frozen=True)
class StoreWords:
    """How common words are in the store: the matcher's term frequencies
    (``vocabulary``) and the search words' (``words``: what candidates are
    searched by), over a sample of ``size`` of the ``total`` current
    claims."""

    vocabulary: Vocabulary
    words: Counter  # claims of the sample with each stem
    size: int
    total: int

    def holders(self, word: str) -> float:
        """How many stored claims have ``word`` (a search word) in one of
        its forms, estimated from the sample: the index is asked for the
        stem, so "costing" is as common as "cost", "costs" and "costing"
        together. A number counts as common: reports write it in words or
        digits ("twelve", "12") and round it."""
        if word[0].isdigit() or word in NUMBER_WORDS:
            return float(self.total)
        return (self.words.get(stem(word), 0) + 1) / (self.size + 1) * self.total


_store: tuple[float, StoreWords] | None = None


def semantic_meanings() -> Meanings | None:
    """The optional reading of meaning (claims.matching.semantic) when
    CLAIMS_MATCH_SEMANTIC_MODEL names a model, or is "auto" (the default)
    and the semantic extra is installed (semantic.chosen()), loaded once
    per process; None for the words alone. Raises SemanticUnavailable if
    a named model or its library is missing: a setting that names a model
    is not silently ignored."""
    path = chosen(settings.CLAIMS_MATCH_SEMANTIC_MODEL)
    return _meanings_at(path) if path else None


def semantic_model_derived() -> None:
    """The built-in model's file for int8 arithmetic derived now, where
    matching reads with it (semantic.derive_built_in()): a worker's start,
    before its pool forks."""
    if chosen(settings.CLAIMS_MATCH_SEMANTIC_MODEL) == BUILT_IN:
        derive_built_in(settings.CLAIMS_MATCH_MODEL_CACHE)


@functools.lru_cache(maxsize=2)
def _meanings_at(path: str) -> Meanings:
    return Meanings(path, cache=settings.CLAIMS_MATCH_MODEL_CACHE)


def _sample_texts(total: int, size: int):
    """About ``size`` current claims' texts drawn at random from the
    ``total``: PostgreSQL reads a random share of the table's pages
    (TABLESAMPLE), not every row; elsewhere (a small store) every row is
    shuffled. The latest claims alone would be one day's stories, and a
    word of that day would pass for common."""
    claims = Claim.objects.current().values_list("text", flat=True)
    if total <= size:
        return claims.iterator(chunk_size=2000)
    if connection.vendor != "postgresql":
        return claims.order_by("?")[:size].iterator(chunk_size=2000)
    share = min(100.0, 150.0 * size / total)  # pages hold current and superseded rows
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT text FROM claims_claim TABLESAMPLE SYSTEM (%s) REPEATABLE (7) "
            "WHERE superseded_at IS NULL LIMIT %s",
            [share, size],
        )
        return [row[0] for row in cursor.fetchall()]


def store_words() -> StoreWords:
    """How common each word is in the store: a random sample of
    CLAIMS_MATCH_VOCABULARY_SAMPLE current claims, read once per process
    every CLAIMS_MATCH_VOCABULARY_SECONDS (a word's rarity changes slowly;
    reading a sample keeps the cost flat however large the store)."""
    global _store
    now = time.monotonic()
    if _store is not None and now - _store[0] < settings.CLAIMS_MATCH_VOCABULARY_SECONDS:
        return _store[1]
    total = Claim.objects.current().count()
    vocabulary, words = Vocabulary(), Counter()
    for text in _sample_texts(total, settings.CLAIMS_MATCH_VOCABULARY_SAMPLE):
        vocabulary.add(read_claim(text))
        words.update({stem(word) for word in search_words(text, limit=None)})
    stats = StoreWords(vocabulary=vocabulary, words=words, size=vocabulary.size, total=total)
    _store = (now, stats)
    return stats


def claim_match(claim_id: int, *, actor: Actor, again: bool = False) -> list[ClaimLink]:
    """Compare a claim with its candidates in other articles and record the
    links found (see the module docstring). Returns the links made or
    updated; an existing link an editor decided is left as it is.
    ``again``: the claim's wording changed (claims_match())."""
    return claims_match([claim_id], actor=actor, again=again)


def claims_match(claim_ids, *, actor: Actor, again: bool = False) -> list[ClaimLink]:
    """``claim_match`` for many claims at once (an article's, after its
    ingest): each is searched for on its own, but the claims, their
    candidates and the links found are read and written a batch at a time.
    The batch's claims of one article are weighed together: of them, the
    one most like a candidate is the likeliest to state it, and the others'
    matches with that candidate are weighed by how near they come to it
    (compare.against_own_report()). A claim matched again after an edit is
    weighed with the claims its ingest matched it with (_rivals()), which
    are read and ranked for that alone: the edit of a word does not link
    what the article's nearer claim kept from it. With a semantic model
    named, the candidates' vectors are read from the store (ClaimMeaning),
    the rest read by the model in one call, and the batch's own stored.

    ``again``: the claims' wording changed since they were linked (an
    editor's edit). Their machine-made links are then read again with the
    other candidates, and follow the new reading: one that no longer holds
    is rejected (its evidence removed, both claims re-scored, the history
    saying why), a confirmed one now below the confirming score goes back
    to the editors as a suggestion. Not for every re-match: two claims read
    each from its own side, among other candidates, may score a little
    apart, and a link must not flip with the side last matched."""
    claims = list(_with_article(Claim.objects.filter(pk__in=list(claim_ids)).current()))
    if not claims:
        return []
    if again:
        _read_predicates_again(claims)
    store = store_words()
    semantic = semantic_meanings()
    rivals = _rivals(claims) if again else []
    remember_lexemes(claim.text for claim in [*claims, *rivals])
    found, stored = {}, {}
    for claim in [*claims, *rivals]:
        rows = candidate_rows(
            claim.text,
            limit=settings.CLAIMS_MATCH_CANDIDATES,
            exclude_article_ids=(claim.article_id,),
            frequency=store.holders,
        )
        found[claim.pk] = [row.id for row in rows]
        # the candidates' texts and places alone: the few that are linked are read whole below
        stored.update(
            (row.id, (row.text, row.article_id, row.position, row.predicates)) for row in rows
        )
    before = _machine_links({claim.pk for claim in claims}) if again else {}
    if before:
        # a linked claim is read again whether or not the index offers it
        others = {pk for links in before.values() for pk in links} - stored.keys()
        stored.update(
            (pk, (text, article_id, position, tuple(predicates)))
            for pk, text, article_id, position, predicates in Claim.objects.filter(pk__in=others)
            .current()
            .values_list("pk", "text", "article_id", "position", "predicates")
        )
        for claim in claims:
            found[claim.pk] += [pk for pk in before.get(claim.pk, ()) if pk in stored]
    if semantic:
        texts = {pk: text for pk, (text, *_) in stored.items()}
        mine = {c.pk: c.text for c in [*claims, *rivals]}
        recalled = _recall_meanings(semantic, {**texts, **mine})
        # what is not stored is read in one call of the model: batched,
        # all-MiniLM-L6-v2 read a text in 2.6-2.7 ms through PyTorch (9-11
        # one at a time, session 23's machine), and the built-in int8 file
        # in 7.8 ms (9.1 one at a time; 8.3 and 17.0 through PyTorch there);
        # on session 25's machine (AVX-512 with int8 dot products) in 2.8
        # ms a short claim, 4.4-4.9 a news-day sentence (4.1 one at a time)
        semantic.vectors([*mine.values(), *texts.values()])
    ranked = []  # (claim, its candidates' ids, their texts read, their matches)
    for claim in sorted([*claims, *rivals], key=lambda c: c.pk):
        candidates = _one_per_wording((pk, stored[pk][0]) for pk in sorted(found[claim.pk]))
        if not candidates:
            continue
        others = [_read(text, stored[pk][3]) for pk, text in candidates]
        reports = [stored[pk][1] for pk, _ in candidates]
        meanings = (
            semantic.cosines(claim.text, [text for _, text in candidates]) if semantic else None
        )
        matches = rank(_read_claim(claim), others, store.vocabulary, reports, meanings)
        ranked.append((claim, [pk for pk, _ in candidates], others, matches))
    rival_ids = {claim.pk for claim in rivals}
    ranked = [r for r in _against_own_reports(ranked) if r[0].pk not in rival_ids]
    related, partial = [], []
    for claim, pks, others, matches in ranked:
        near = []
        for pk, match in zip(pks, matches, strict=True):
            if (
                match.relation != DIFFERENT
                and _strength(match) >= settings.CLAIMS_LINK_SUGGEST_SCORE
            ):
                related.append((claim, pk, match))
            elif match.similarity >= PART_SIMILARITY:
                near.append((match.similarity, pk))
        if near:
            local = Vocabulary(others)  # the candidates' word frequencies, as rank() weighs them
            partial += [
                (claim, pk, local) for _, pk in sorted(near, reverse=True)[:PARTS_PER_CLAIM]
            ]
    related += _read_with_neighbours(partial, stored, store.vocabulary)
    linked = _with_article(Claim.objects.filter(pk__in={pk for _, pk, _ in related})).in_bulk()
    proposals = [(claim, linked[pk], match) for claim, pk, match in related if pk in linked]
    again_ids = {claim.pk for claim in claims} if again else set()
    # what a batch's matching writes is one transaction: one commit (a
    # flush of the server's log, 1.2-1.5 ms here), not one for the vectors
    # and another for the links
    with transaction.atomic():
        if before:
            kept = {tuple(sorted((claim.pk, other.pk))) for claim, other, _ in proposals}
            gone = {
                link: "matched again after an edit: "
                + ("no longer the same claim" if other in stored else "the other claim is gone")
                for links in before.values()
                for other, link in links.items()
                if (link.claim_a_id, link.claim_b_id) not in kept
            }
            _withdraw(gone, state=LinkState.REJECTED, actor=actor)
        if semantic:
            # the batch's own vectors, and any candidate's read at its first
            # meeting (a store kept from before the model): each claim is read once
            every = {**texts, **mine}
            _keep_meanings(semantic, {pk: every[pk] for pk in sorted(every.keys() - recalled)})
        return _record_links(proposals, actor=actor, again_ids=again_ids)


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _recall_meanings(semantic: Meanings, texts: dict[int, str]) -> set[int]:
    """The stored vectors (ClaimMeaning) of the claims ``texts`` ({id:
    text}) that this model read from this wording, taken into ``semantic``'s
    memory: they are not encoded again. Returns their ids."""
    rows = ClaimMeaning.objects.filter(claim_id__in=list(texts), model=semantic.name)
    recalled = set()
    for pk, text_hash, vector in rows.values_list("claim_id", "text_hash", "vector"):
        if text_hash == _text_hash(texts[pk]):
            semantic.remember(texts[pk], from_bytes(vector))
            recalled.add(pk)
    return recalled


def _keep_meanings(semantic: Meanings, texts: dict[int, str]) -> None:
    """Store what ``semantic`` reads of the claims ``texts`` ({id: text})
    (ClaimMeaning): each claim is then encoded once, not again as every
    later claim's candidate in every process. Stored anew for another model
    or wording; written in id order (two workers storing overlapping claims
    lock their rows in one order)."""
    if not texts:
        return
    ids = sorted(texts)
    vectors = semantic.vectors([texts[pk] for pk in ids])
    ClaimMeaning.objects.bulk_create(
        [
            ClaimMeaning(
                claim_id=pk,
                model=semantic.name,
                text_hash=_text_hash(texts[pk]),
                vector=to_bytes(vector),
            )
            for pk, vector in zip(ids, vectors, strict=True)
        ],
        update_conflicts=True,
        unique_fields=["claim"],
        update_fields=["model", "text_hash", "vector"],
    )


def _rivals(claims: list[Claim]) -> list[Claim]:
    """The current claims ``claims`` were matched with at their article's
    ingest, besides themselves: the others of their batch, which are an
    article's claims MATCH_BATCH at a time in their order (Claim's
    ordering; an article of 33 claims is one batch)."""
    blocks = {(claim.article_id, claim.position // MATCH_BATCH) for claim in claims}
    near = Q()
    for article_id, block in blocks:
        start = block * MATCH_BATCH
        near |= Q(article_id=article_id, position__gte=start, position__lt=start + MATCH_BATCH)
    return list(
        Claim.objects.filter(near)
        .current()
        .exclude(pk__in=[claim.pk for claim in claims])
        .only("text", "predicates", "article_id", "position")
    )


def _against_own_reports(ranked: list) -> list:
    """Each claim's matches (``ranked``: (claim, candidate ids, their
    readings, matches)) weighed against the other claims of its article
    that matched the same candidates (compare.against_own_report(): of a
    report's claims, the one most like a stored claim is the likeliest to
    state it). The batch's claims of one article are weighed together."""
    weighed = iter(
        against_own_report(
            [
                ((claim.article_id, pk), m)
                for claim, pks, _, matches in ranked
                for pk, m in zip(pks, matches, strict=True)
            ]
        )
    )
    return [(claim, pks, others, [next(weighed) for _ in pks]) for claim, pks, others, _ in ranked]


def _read_predicates_again(claims: list[Claim]) -> int:
    """New wording, new predicates (Claim.predicates): read from a parse of
    each claim's text on its own, and stored where they changed. Returns
    how many changed."""
    from claims.extraction.pipeline import text_predicates  # spaCy, loaded where it is needed

    texts = [claim.text for claim in claims]
    changed = []
    for claim, lemmas in zip(
        claims, text_predicates(texts, settings.CLAIMS_SPACY_MODEL), strict=True
    ):
        if lemmas != claim.predicates:
            claim.predicates = lemmas
            changed.append(claim)
    bulk_update_rows(Claim, changed, ["predicates"])
    return len(changed)


def claims_read_predicates(claim_ids) -> int:
    """Read what each of these current claims says of its subject, where
    none is stored (claims stored before Claim.predicates was read, or
    from a parse that found none), each text read on its own. Returns how
    many were found to say something. Run by ``match_claims --all`` before
    it links: a store kept from before then matches as a new one would."""
    unread = Claim.objects.filter(pk__in=list(claim_ids), predicates=[]).current()
    claims = list(unread.only("text", "predicates"))
    return _read_predicates_again(claims) if claims else 0


def _machine_links(ids: set[int]) -> dict[int, dict[int, ClaimLink]]:
    """The links of the claims ``ids`` the matcher made and no editor
    decided, not rejected: {claim id: {the other claim's id: link}}."""
    links = (
        ClaimLink.objects.filter(Q(claim_a_id__in=ids) | Q(claim_b_id__in=ids))
        .exclude(state=LinkState.REJECTED)
        .filter(decided_by__isnull=True, decided_by_label="")
    )
    found: dict[int, dict[int, ClaimLink]] = {}
    for link in links:
        for mine in {link.claim_a_id, link.claim_b_id} & ids:
            found.setdefault(mine, {})[link.other(mine)] = link
    return found


def _read_with_neighbours(partial, stored, vocabulary) -> list[tuple[Claim, int, object]]:
    """Pairs (claim, candidate id, the word frequencies among the claim's
    candidates) that share part of their content but link on neither's
    own, each side read again together
    with a claim next to it in its report (compare.joined()): "A crane fell
    at Port Ellis on Tuesday" and "A crane killed 12 workers", split from
    one sentence, are each linked to "At least 12 dockworkers died when a
    crane collapsed at Port Ellis". Returns (claim, candidate id, match)."""
    if not partial:
        return []
    spots = {(claim.article_id, claim.position) for claim, _, _ in partial}
    spots |= {stored[pk][1:3] for _, pk, _ in partial}
    at = claims_at(sorted({(a, p + d) for a, p in spots for d in (-1, 1) if p + d >= 0}))

    def neighbours(article_id: int, position: int) -> list[tuple[str, tuple[str, ...]]]:
        return [at[k] for k in ((article_id, position - 1), (article_id, position + 1)) if k in at]

    found = []
    for claim, pk, local in partial:
        text, article_id, position, predicates = stored[pk]
        mine, theirs = _read_claim(claim), _read(text, predicates)
        tries = [
            *(
                joined(mine, _read(*n), theirs, vocabulary, local)
                for n in neighbours(claim.article_id, claim.position)
            ),
            *(
                joined(theirs, _read(*n), mine, vocabulary, local)
                for n in neighbours(article_id, position)
            ),
        ]
        best = max((m for m in tries if m is not None), key=lambda m: m.score, default=None)
        if best is not None and best.score >= settings.CLAIMS_LINK_SUGGEST_SCORE:
            found.append((claim, pk, best))
    return found


@functools.lru_cache(maxsize=5_000)
def _read(text: str, predicates: tuple[str, ...] = ()) -> ClaimText:
    """What matching reads of a text and its predicates (extraction's,
    Claim.predicates), remembered: the same stored claims come back as
    candidates again and again."""
    return with_predicates(read_claim(text), predicates)


def _read_claim(claim: Claim) -> ClaimText:
    return _read(claim.text, tuple(claim.predicates))


def _with_article(claims):
    """Claims (their text, quote and place) with their article's publisher
    (and its name), URL, hash and wire credit: what linking reads of them.
    Not their other columns, whose JSON and dates made the read of one
    claim with its article 2.1-2.4 ms instead of 1.1-1.2."""
    return claims.select_related("article__publisher").only(
        "text",
        "quote",
        "article_id",
        "position",
        "predicates",
        "article__publisher_id",
        "article__publisher__name",
        "article__url",
        "article__content_hash",
        "article__wire",
    )


def _independent(a: Claim, b: Claim, match, copies: _Copies) -> bool:
    """Whether two linked claims are two voices: two known publishers, not
    copies of one story (the claims' wording alike and their reports'
    text), and not one agency's story (both articles credit the agency, or
    one is the agency's own and the other credits it)."""
    first, second = a.article, b.article
    if first.publisher_id is None or second.publisher_id is None:
        return False  # pasted with no publisher or URL: whose voice it is is not known
    if first.publisher_id == second.publisher_id:
        return False
    if match.score >= COPY_SCORE and copies(first.pk, second.pk):
        return False
    return not _agencies(first) & _agencies(second)


class _Copies:
    """Whether two articles are copies of one story (COPY_SHARE of the
    shorter one's runs of words in the other), their texts read only when
    asked and each pair answered once."""

    def __init__(self) -> None:
        self._runs: dict[int, set[tuple[str, ...]]] = {}
        self._answers: dict[tuple[int, int], bool] = {}

    def __call__(self, first: int, second: int) -> bool:
        pair = (min(first, second), max(first, second))
        if pair not in self._answers:
            self._read([pk for pk in pair if pk not in self._runs])
            one, other = sorted((self._runs[first], self._runs[second]), key=len)
            shared = len(one & other) / len(one) if one else 1.0
            self._answers[pair] = shared >= COPY_SHARE
        return self._answers[pair]

    def _read(self, ids: list[int]) -> None:
        if not ids:
            return
        for pk, body, raw in Article.objects.filter(pk__in=ids).values_list(
            "pk", "body", "raw_text"
        ):
            words = (body or raw).lower().split()
            self._runs[pk] = {
                tuple(words[i : i + COPY_RUN]) for i in range(max(1, len(words) - COPY_RUN + 1))
            }


def _agencies(article) -> set[str]:
    """The agency an article credits, and the publisher's own if it is one."""
    publisher = article.publisher.name if article.publisher_id is not None else ""
    return {article.wire, agency_of(publisher)} - {""}


def _one_per_wording(candidates) -> list[tuple[int, str]]:
    """The candidates (id, text), copies of one wording collapsed to the
    first stored: a story syndicated to 500 papers is linked once, not 500
    times (and its copies count as one voice anyway)."""
    seen, kept = set(), []
    for pk, text in candidates:
        wording = " ".join(text.lower().split())
        if wording not in seen:
            seen.add(wording)
            kept.append((pk, text))
    return kept


def _strength(match) -> float:
    """How sure a link is. A contradiction's score is lowered by its
    conflict: what makes it sure is how alike the two are otherwise (the
    same fact, another value)."""
    return match.similarity if match.relation == CONTRADICTS else match.score


def _record_links(proposals, *, actor: Actor, again_ids=frozenset()) -> list[ClaimLink]:
    """Record each (claim, other, match) as a link: new pairs inserted,
    known ones updated, unless an editor decided them; a link strong
    enough is confirmed, and a confirmed one whose relation changed
    ("same" now "contradicts") has its evidence turned with it. A link of a
    claim in ``again_ids`` (its wording changed: claims_match()) also goes
    back to the editors when it is no longer strong enough to be confirmed.
    One transaction. On PostgreSQL the new pairs are written in one
    statement (_insert_new()); the known ones are locked in id order, so
    two workers matching overlapping pairs wait, not deadlock."""
    wanted: dict[tuple[int, int], dict] = {}
    copies = _Copies()
    for claim, other, match in proposals:
        a, b = sorted((claim, other), key=lambda c: c.pk)
        independent = _independent(a, b, match, copies)
        fields = {
            "relation": match.relation,
            "score": match.score,
            "basis": match.basis,
            "independent": independent,
        }
        wanted.setdefault(
            (a.pk, b.pk), {"fields": fields, "strength": _strength(match), "claims": (a, b)}
        )
    if not wanted:
        return []
    one_statement = _one_statement()
    with transaction.atomic():
        made = _insert_new(wanted, actor=actor) if one_statement else {}
        # on PostgreSQL what is left was linked already: nothing to insert
        known = {pair: w for pair, w in wanted.items() if pair not in made}
        kept = _record_known(known, actor=actor, again_ids=again_ids, insert=not one_statement)
    return sorted([*made.values(), *kept], key=lambda link: link.pk)


def _one_statement() -> bool:
    """Whether new links are written in one statement (_insert_new()):
    PostgreSQL's ON CONFLICT ... RETURNING and unnest(); elsewhere the ORM
    writes them."""
    return connection.vendor == "postgresql"


def _sure(want: dict) -> bool:
    """Whether a link is strong enough to be confirmed by the matcher."""
    return (
        want["fields"]["relation"] in (SAME, CONTRADICTS)
        and want["strength"] >= settings.CLAIMS_LINK_CONFIRM_SCORE
    )


def _insert_new(wanted: dict, *, actor: Actor) -> dict[tuple[int, int], ClaimLink]:
    """PostgreSQL: the pairs of ``wanted`` not linked yet, written in one
    statement in the state their strength gives them. A confirmed one is
    written as _confirm() and _record() write a known link they confirm:
    its evidence on both claims when it is independent, a history row on
    each claim (its status as it stands, read by the statement), and its
    claims marked due. A pair already linked, or linked meanwhile by
    another worker (the unique pair: ON CONFLICT), is left out for the
    caller to lock and update. Returns the links written, by pair.

    Written by the ORM, a new confirmed link took eight statements (the
    link inserted, locked, confirmed; its evidence inserted; the claims'
    status read; the history inserted; the claims marked due) and the model
    instances' work around them: 15.6 ms of a 36 ms match on session 27's
    machine."""
    now = timezone.now()
    links, evidenced, evidence, cites, history = [], [], [], [], []
    for (a_id, b_id), want in sorted(wanted.items()):
        sure = _sure(want)
        link = ClaimLink(
            claim_a_id=a_id,
            claim_b_id=b_id,
            state=LinkState.CONFIRMED if sure else LinkState.SUGGESTED,
            created_at=now,
            updated_at=now,
            **want["fields"],
        )
        links.append(link)
        evidenced.append(sure and link.independent)
        if evidenced[-1]:
            a, b = want["claims"]
            evidence += [
                _link_evidence(a, cites=b, relation=link.relation, at=now),
                _link_evidence(b, cites=a, relation=link.relation, at=now),
            ]
            cites += [b_id, a_id]
        if sure:
            reason = f"matched automatically ({want['strength']:.2f})"
            history += [
                (mine, link.other(mine), _link_event(link, mine, reason)) for mine in (a_id, b_id)
            ]
    # every column as the model gives it (its defaults), but the evidence's ids
    link_fields = _stored_fields(ClaimLink, leave_out=("evidence_a", "evidence_b"))
    link_rows, link_params = unnest_rows(
        ClaimLink,
        links,
        link_fields,
        alias="l",
        adding=True,
        extra={"evidenced": ("boolean", evidenced)},
    )
    evidence_fields = _stored_fields(Evidence)
    evidence_rows, evidence_params = unnest_rows(
        Evidence,
        evidence,
        evidence_fields,
        alias="e",
        adding=True,
        extra={"cites": ("bigint", cites)},
    )
    link_columns = ", ".join(quoted_columns(ClaimLink, link_fields))
    evidence_columns = quoted_columns(Evidence, evidence_fields)
    sequence = "nextval(pg_get_serial_sequence('claims_evidence', 'id'))"
    sql = (
        "WITH made AS ("
        f"INSERT INTO claims_claimlink ({link_columns}, evidence_a_id, evidence_b_id) "
        f"SELECT {link_columns}, CASE WHEN evidenced THEN {sequence} END, "
        f"CASE WHEN evidenced THEN {sequence} END FROM {link_rows} "
        "ON CONFLICT (claim_a_id, claim_b_id) DO NOTHING "
        "RETURNING id, claim_a_id, claim_b_id, evidence_a_id, evidence_b_id"
        "), evidence AS ("
        f"INSERT INTO claims_evidence (id, {', '.join(evidence_columns)}) "
        "SELECT CASE WHEN e.claim_id = m.claim_a_id THEN m.evidence_a_id "
        f"ELSE m.evidence_b_id END, {', '.join(f'e.{c}' for c in evidence_columns)} "
        f"FROM {evidence_rows} JOIN made m ON m.evidence_a_id IS NOT NULL "
        "AND (e.claim_id, e.cites) IN ((m.claim_a_id, m.claim_b_id), (m.claim_b_id, m.claim_a_id))"
        "), history AS ("
        "INSERT INTO claims_claimcheck (claim_id, at, event, actor_kind, actor_user_id, actor, "
        "old_status, new_status, old_confidence, new_confidence, old_locked, new_locked, "
        "basis, changes, reason) "
        "SELECT c.id, %s, %s, %s, %s::integer, %s, c.status, c.status, c.confidence, "
        "c.confidence, c.status_locked, c.status_locked, c.confidence_basis, "
        "jsonb_build_object('link', m.id, 'other_claim', h.other, 'state', %s::text), h.reason "
        "FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS h(claim_id, other, reason) "
        "JOIN made m ON (h.claim_id, h.other) IN "
        "((m.claim_a_id, m.claim_b_id), (m.claim_b_id, m.claim_a_id)) "
        "JOIN claims_claim c ON c.id = h.claim_id ORDER BY m.id, c.id"
        ") SELECT id, claim_a_id, claim_b_id, evidence_a_id, evidence_b_id FROM made"
    )
    params = [
        *link_params,
        *evidence_params,
        now,
        EventKind.LINK.value,
        actor.kind,
        actor.user_id,
        actor.label[:200],
        LinkState.CONFIRMED.value,
        [mine for mine, _, _ in history],
        [other for _, other, _ in history],
        [reason for _, _, reason in history],
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    by_pair = {(link.claim_a_id, link.claim_b_id): link for link in links}
    made = {}
    for pk, a_id, b_id, evidence_a, evidence_b in rows:
        link = by_pair[(a_id, b_id)]
        link.pk, link.evidence_a_id, link.evidence_b_id = pk, evidence_a, evidence_b
        link._state.adding, link._state.db = False, connection.alias
        made[(a_id, b_id)] = link
    confirmed = [link for link in made.values() if link.state == LinkState.CONFIRMED]
    due = {
        pk for link in confirmed if link.independent for pk in (link.claim_a_id, link.claim_b_id)
    }
    claims_mark_due(due, actor=actor, reason=_recheck_reason(confirmed))
    return made


def _stored_fields(model, leave_out=()) -> list[str]:
    """The names of ``model``'s stored fields but its key and ``leave_out``."""
    return [
        f.name for f in model._meta.concrete_fields if not f.primary_key and f.name not in leave_out
    ]


def _record_known(wanted: dict, *, actor: Actor, again_ids, insert: bool) -> list[ClaimLink]:
    """The pairs of ``wanted`` recorded through the ORM (_record_links()):
    inserted where new (``insert``), then locked in id order and updated."""
    if not wanted:
        return []
    if insert:
        # a new pair is inserted, a known one left alone, and all are then
        # locked: two workers matching one pair cannot both insert it
        # (inserted in pair order too: two inserts of overlapping pairs
        # take the unique index's locks in one order)
        ClaimLink.objects.bulk_create(
            [
                ClaimLink(claim_a_id=a, claim_b_id=b, **w["fields"])
                for (a, b), w in sorted(wanted.items())
            ],
            ignore_conflicts=True,
        )
    # the links between the pairs' claims, these pairs kept (one filter of
    # an OR per pair took longer to build than to run)
    among = ClaimLink.objects.select_for_update().filter(
        claim_a_id__in={a for a, _ in wanted}, claim_b_id__in={b for _, b in wanted}
    )
    links = [link for link in among.order_by("pk") if (link.claim_a_id, link.claim_b_id) in wanted]
    changed, kept, turned = [], [], set()
    for link in links:
        if link.decided_by_id is not None or link.decided_by_label:
            continue  # an editor's decision stands
        want = wanted[(link.claim_a_id, link.claim_b_id)]
        if any(getattr(link, name) != value for name, value in want["fields"].items()):
            if link.relation != want["fields"]["relation"]:
                turned.add(link.pk)
            for name, value in want["fields"].items():
                setattr(link, name, value)
            link.updated_at = timezone.now()
            changed.append(link)
        kept.append(link)
    bulk_update_rows(ClaimLink, changed, [*LINK_MATCH_FIELDS, "updated_at"])
    sure, back = {}, {}
    for link in kept:
        want = wanted[(link.claim_a_id, link.claim_b_id)]
        strength = want["strength"]
        confirmed = link.state == LinkState.CONFIRMED
        if _sure(want):
            if not confirmed:
                sure[link] = f"matched automatically ({strength:.2f})"
            elif link.pk in turned:
                sure[link] = f"matched again: now {link.relation} ({strength:.2f})"
        elif {link.claim_a_id, link.claim_b_id} & again_ids and (
            confirmed or link.state == LinkState.REJECTED
        ):
            back[link] = (
                f"matched again after an edit ({strength:.2f}, below "
                f"{settings.CLAIMS_LINK_CONFIRM_SCORE:.2f}): suggested for an editor"
            )
    if sure:
        claims = {c.pk: c for w in wanted.values() for c in w["claims"]}
        _confirm(sure, actor=actor, claims=claims)
    _withdraw(back, state=LinkState.SUGGESTED, actor=actor)
    return kept


def link_decide(*, link_id: int, confirm: bool, actor: Actor, reason: str = "") -> ClaimLink:
    """An editor confirms or rejects a link; the evidence follows. A link
    to a claim its report no longer has (superseded by a new version)
    cannot be confirmed: that report no longer says it."""
    if not actor.is_machine and not reason.strip():
        reason = "confirmed by an editor" if confirm else "rejected by an editor"
    with transaction.atomic():
        link = ClaimLink.objects.select_for_update().get(pk=link_id)
        if confirm:
            gone = Claim.objects.filter(
                pk__in=(link.claim_a_id, link.claim_b_id), superseded_at__isnull=False
            ).values_list("pk", flat=True)
            if gone:
                raise InvalidChange(
                    f"claim {min(gone)} is no longer in its report (a new version of the "
                    "article dropped it): the link cannot be confirmed"
                )
            _confirm({link: reason}, actor=actor)
        else:
            _reject(link, actor=actor, reason=reason)
        link.decided_by_id, link.decided_by_label = actor.user_id, actor.label[:200]
        link.decided_at = timezone.now()
        link.save(update_fields=["decided_by", "decided_by_label", "decided_at", "updated_at"])
    return link


def _confirm(reasons: dict[ClaimLink, str], *, actor: Actor, claims=None) -> None:
    """Confirm these links (each with the reason to record): the evidence
    of the independent ones, the links' state, history and re-checks,
    written together. ``claims``: the links' claims (with their articles)
    by id, where the caller has them."""
    links = list(reasons)
    for link in links:
        if link.relation not in (SAME, CONTRADICTS):
            raise InvalidChange(f"a {link.relation!r} link cannot be confirmed")
    wanted = {pk for link in links for pk in (link.claim_a_id, link.claim_b_id)}
    claims = dict(claims or {})
    if missing := wanted - claims.keys():
        claims.update(_with_article(Claim.objects.filter(pk__in=missing)).in_bulk())
    evidence, owners = [], set()
    for link in links:
        link.state = LinkState.CONFIRMED
        if link.independent and link.evidence_a_id is None:
            a, b = claims[link.claim_a_id], claims[link.claim_b_id]
            evidence += [
                _link_evidence(a, cites=b, relation=link.relation),
                _link_evidence(b, cites=a, relation=link.relation),
            ]
            owners.add(link.pk)
        elif link.evidence_a_id is not None:
            # confirmed before as another relation: the evidence turns with it
            Evidence.objects.filter(pk__in=(link.evidence_a_id, link.evidence_b_id)).exclude(
                stance=_stance(link.relation)
            ).update(stance=_stance(link.relation))
    created = iter(Evidence.objects.bulk_create(evidence))
    now = timezone.now()
    for link in links:
        if link.pk in owners:
            link.evidence_a, link.evidence_b = next(created), next(created)
        link.updated_at = now
    bulk_update_rows(ClaimLink, links, ["state", "evidence_a", "evidence_b", "updated_at"])
    _record(reasons, actor=actor)


def _reject(link: ClaimLink, *, actor: Actor, reason: str) -> None:
    _take_back({link: reason}, state=LinkState.REJECTED, actor=actor)


def _withdraw(reasons: dict[ClaimLink, str], *, state: str, actor: Actor) -> None:
    """The matcher takes these links of its own back to ``state``
    (suggested, or rejected), each with the reason to record: locked first,
    and left alone if an editor decided one meanwhile."""
    if not reasons:
        return
    why = {link.pk: reason for link, reason in reasons.items()}
    with transaction.atomic():
        links = ClaimLink.objects.select_for_update().filter(pk__in=why).order_by("pk")
        _take_back(
            {
                link: why[link.pk]
                for link in links
                if link.decided_by_id is None and not link.decided_by_label
            },
            state=state,
            actor=actor,
        )


def _take_back(reasons: dict[ClaimLink, str], *, state: str, actor: Actor) -> None:
    """Put these (locked) links in ``state``, suggested or rejected: their
    evidence removed, both claims re-scored, the history saying why."""
    if not reasons:
        return
    evidence = [
        pk for link in reasons for pk in (link.evidence_a_id, link.evidence_b_id) if pk is not None
    ]
    Evidence.objects.filter(pk__in=evidence).delete()
    now = timezone.now()
    for link in reasons:
        link.state = state
        link.evidence_a = link.evidence_b = None
        link.updated_at = now
    bulk_update_rows(ClaimLink, list(reasons), ["state", "evidence_a", "evidence_b", "updated_at"])
    _record(reasons, actor=actor)


def claims_unlink_gone(claim_ids, *, actor: Actor, reason: str) -> None:
    """The claims a new version of their article no longer has: the links
    the matcher made of them are rejected, their evidence on the other
    reports' claims removed and those re-scored (a report that corrected
    "12 workers died" no longer corroborates it). Links an editor decided
    stand."""
    if not claim_ids:
        return
    links = _machine_links(set(claim_ids))
    _withdraw(
        {link: reason for by_other in links.values() for link in by_other.values()},
        state=LinkState.REJECTED,
        actor=actor,
    )


def _link_evidence(claim: Claim, *, cites: Claim, relation: str, at=None) -> Evidence:
    """The evidence (unsaved) a confirmed link is on ``claim``, retrieved
    ``at`` (now)."""
    article = cites.article
    return Evidence(
        claim=claim,
        source_id=article.publisher_id,
        stance=_stance(relation),
        url=article.url or "",
        quote=cites.quote,
        weight=1.0,
        added_by=EvidenceOrigin.LINK,
        retrieved_at=at or timezone.now(),
        content_hash=article.content_hash,
    )


def _stance(relation: str) -> str:
    """What a confirmed link of this relation is as evidence."""
    return Stance.SUPPORTS if relation == SAME else Stance.REFUTES


def _record(reasons: dict[ClaimLink, str], *, actor: Actor) -> None:
    """A history row on both claims of each link, and the claims re-scored
    (one re-check of them all) when a link is (or was) evidence: a link of
    one voice changes no score."""
    ids = {pk for link in reasons for pk in (link.claim_a_id, link.claim_b_id)}
    claims = Claim.objects.only(
        "status", "confidence", "status_locked", "confidence_basis"
    ).in_bulk(ids)
    rows, due = [], set()
    for link, reason in reasons.items():
        for claim_id in sorted((link.claim_a_id, link.claim_b_id)):
            other = link.other(claim_id)
            rows.append(
                event_row(
                    claims[claim_id],
                    event=EventKind.LINK,
                    actor=actor,
                    reason=_link_event(link, claim_id, reason),
                    changes={"link": link.pk, "other_claim": other, "state": link.state},
                )
            )
            if link.independent:
                due.add(claim_id)
    ClaimCheck.objects.bulk_create(rows)
    claims_mark_due(due, actor=actor, reason=_recheck_reason(list(reasons)))


def _link_event(link: ClaimLink, claim_id: int, reason: str) -> str:
    """What a claim's history says of its link: ``reason``, then the link."""
    voice = "independent" if link.independent else "one voice: no evidence"
    return (
        f"{reason}: {link.get_relation_display().lower()} as claim "
        f"{link.other(claim_id)} ({link.state}; {voice})"
    )


def _recheck_reason(links: list[ClaimLink]) -> str:
    """Why the claims of these links are re-checked."""
    if len(links) == 1:
        (link,) = links
        return f"after the link between claims {link.claim_a_id} and {link.claim_b_id}"
    return f"after {len(links)} links to other reports"


@dataclass(frozen=True)
class Similar:
    """A claim found like another text, with the matcher's verdict and, for
    a stored claim, the link between them if there is one."""

    claim: Claim
    score: float
    relation: str
    basis: list
    link: ClaimLink | None = None


MAX_SEARCH_CHARS = 2000


def claims_like(
    text: str, *, limit: int = 20, exclude_article_ids=(), predicates=()
) -> list[Similar]:
    """Stored claims most like ``text`` (a sentence a consumer holds),
    best first: full-text candidates ranked by the matcher. ``predicates``:
    what the text says of its subject, when a parse read it (a stored
    claim's); a consumer's sentence is read by its words alone."""
    text = text.strip()
    if not text:
        raise InvalidChange("give a text to search for")
    if len(text) > MAX_SEARCH_CHARS:
        raise InvalidChange(
            f"the text is {len(text):,} characters; the limit is {MAX_SEARCH_CHARS:,}"
        )
    language = detect_language(text)
    if language not in ("en", "und"):
        # claims are extracted from English articles only: a text in another
        # language would meet none of them, and an empty answer would say
        # no report states it. ("und": no function words of any language
        # known, as in a list of keywords: searched as it is.)
        raise InvalidChange(
            f"the text does not read as English ({language}); claims are stored and "
            "matched in English"
        )
    store = store_words()
    ids = claim_candidates(
        text,
        limit=max(limit, settings.CLAIMS_MATCH_CANDIDATES),  # as many as asked for
        exclude_article_ids=exclude_article_ids,
        frequency=store.holders,
    )
    candidates = list(Claim.objects.select_related("article", "attribution").filter(pk__in=ids))
    if not candidates:
        return []
    new = with_predicates(read_claim(text), predicates)
    others = [_read_claim(c) for c in candidates]  # stored claims come back: remembered
    semantic = semantic_meanings()
    meanings = None
    if semantic:
        _recall_meanings(semantic, {c.pk: c.text for c in candidates})
        meanings = semantic.cosines(text, [c.text for c in candidates])
    matches = rank(new, others, store.vocabulary, [c.article_id for c in candidates], meanings)
    found = [
        Similar(claim=c, score=m.score, relation=m.relation, basis=m.basis)
        for c, m in zip(candidates, matches, strict=True)
    ]
    found.sort(key=lambda s: (-s.score, s.claim.pk))
    return found[:limit]


def claim_similar(claim: Claim, *, limit: int = 20) -> list[Similar]:
    """Claims of other articles like ``claim``, each with its link if any."""
    found = claims_like(
        claim.text,
        limit=limit,
        exclude_article_ids=(claim.article_id,),
        predicates=claim.predicates,
    )
    links = {
        link.other(claim.pk): link
        for link in ClaimLink.objects.filter(Q(claim_a=claim) | Q(claim_b=claim))
    }
    return [Similar(s.claim, s.score, s.relation, s.basis, links.get(s.claim.pk)) for s in found]
