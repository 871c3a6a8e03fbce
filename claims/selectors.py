"""Reads shared by the API, the admin and the services that are more than a
QuerySet method: full-text candidates for matching."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from claims.matching.lemmas import lemma
from claims.matching.text import STOPWORDS
from claims.models import ClaimLink, LinkRelation, LinkState

_WORD = re.compile(r"[A-Za-z][A-Za-z]{2,}|\d{2,}")
MAX_QUERY_WORDS = 12
# A candidate has one of the claim's rarest words (its anchors: held
# together by at most ANCHOR_CLAIMS stored claims; MAX_ANCHORS without word
# counts) and one other of its MAX_CANDIDATE_WORDS rarest; at most
# MAX_RANKED claims with an anchor are read.
MAX_CANDIDATE_WORDS = 8
MAX_ANCHORS = 3
MIN_ANCHORS = 3
ANCHOR_CLAIMS = 2000
MAX_RANKED = 6000
# an anchor estimated in more claims than this is asked for with the other
# words in the index's own scan (see _branches())
DENSE_ANCHOR = 250
_LEXEME = re.compile(r"[a-z0-9]+")


def search_words(text: str, limit: int | None = MAX_QUERY_WORDS) -> list[str]:
    """The words of ``text`` a full-text query asks for: letters and digits
    only (nothing a query syntax could read), longest first, at most
    ``limit``."""
    words = {w.lower() for w in _WORD.findall(text)}
    return sorted(words, key=lambda w: (-len(w), w))[:limit]


def _quoter(syntax: str, forms: dict[str, tuple[str, ...]] | None = None):
    """How a term is written in PostgreSQL's tsquery ``syntax`` ("pg") or
    FTS5's: quoted, or, with other ``forms``, any of them ("won" or "win")."""
    mark, either = ("'", " | ") if syntax == "pg" else ('"', " OR ")
    forms = forms or {}

    def quote(term: str) -> str:
        written = [f"{mark}{form}{mark}" for form in forms.get(term, (term,))]
        return written[0] if len(written) == 1 else f"({either.join(written)})"

    return quote


def _forms(word: str) -> tuple[str, ...]:
    """A query word and its one lemma when that is another word ("won",
    "win"; "children", "child"): the matcher reads the two as one word
    (claims.matching.lemmas), and neither index's stemming takes one to the
    other."""
    base = lemma(word)
    return (word, base) if base != word and _WORD.fullmatch(base) else (word,)


def _anchored(terms: list[str], anchor_terms: list[str], syntax: str, quote=None) -> str:
    """A full-text query for texts with one of ``anchor_terms`` and one other
    of ``terms`` (the one term, when there is one), in PostgreSQL's tsquery
    ``syntax`` ("pg") or FTS5's; ``quote`` writes a term (_quoter())."""
    quote = quote or _quoter(syntax)
    both, either = ("&", "|") if syntax == "pg" else ("AND", "OR")
    if len(terms) == 1:
        return quote(terms[0])
    return f" {either} ".join(
        f"({quote(anchor)} {both} ({f' {either} '.join(quote(t) for t in terms if t != anchor)}))"
        for anchor in anchor_terms
    )


def query_words(text: str, frequency: Callable[[str], float] | None = None) -> list[str]:
    """The words of ``text`` its candidates are searched by (see
    claim_candidates), the rarest first, no common words: up to
    MAX_CANDIDATE_WORDS. Without ``frequency``, the longest are the rarest."""
    words = [w for w in search_words(text, limit=None) if w not in STOPWORDS]
    if frequency is not None:
        words.sort(key=lambda w: (frequency(w), -len(w), w))
    return words[:MAX_CANDIDATE_WORDS]


def within_budget(words: list[str], frequency: Callable[[str], float] | None) -> int:
    """How many of ``words`` (rarest first) are together in at most
    ANCHOR_CLAIMS stored claims (all of them, without word counts)."""
    if frequency is None:
        return len(words)
    count, holders = 0, 0.0
    for word in words:
        holders += frequency(word)
        if holders > ANCHOR_CLAIMS:
            break
        count += 1
    return count


def anchors(words: list[str], frequency: Callable[[str], float] | None = None) -> int:
    """How many of ``words`` (rarest first) anchor the search: at least
    MIN_ANCHORS (a word may be missing from the other report, or misjudged
    rare), and more while together they are in at most ANCHOR_CLAIMS stored
    claims (in a small store, every word)."""
    if frequency is None:
        return min(MAX_ANCHORS, len(words))
    return max(min(MIN_ANCHORS, len(words)), within_budget(words, frequency))


class Candidate(NamedTuple):
    """A stored claim found like a text: what matching reads of it."""

    id: int
    text: str
    article_id: int
    position: int
    predicates: tuple[str, ...] = ()  # Claim.predicates


def _candidate(row) -> Candidate:
    pk, text, article_id, position, predicates = row
    return Candidate(pk, text, article_id, position, _predicates(predicates))


def _predicates(value) -> tuple[str, ...]:
    """Claim.predicates as a raw query reads it: decoded by PostgreSQL's
    driver, JSON text from SQLite."""
    if isinstance(value, str):
        value = json.loads(value)
    return tuple(value or ())


def claims_at(places: list[tuple[int, int]]) -> dict[tuple[int, int], tuple[str, tuple[str, ...]]]:
    """The current claims' texts and predicates at these (article,
    position) places: one query joined with a list of the places (a filter
    of one OR per place took longer to build than to run)."""
    if not places:
        return {}
    rows = ", ".join(["(%s, %s)"] * len(places))
    sql = (
        f"WITH place(article_id, position) AS (VALUES {rows}) "
        "SELECT c.article_id, c.position, c.text, c.predicates FROM claims_claim c "
        "JOIN place ON c.article_id = place.article_id AND c.position = place.position "
        "WHERE c.superseded_at IS NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for place in places for value in place])
        return {
            (article_id, position): (text, _predicates(predicates))
            for article_id, position, text, predicates in cursor.fetchall()
        }


def claim_candidates(
    text: str,
    *,
    limit: int = 20,
    exclude_article_ids: tuple[int, ...] = (),
    frequency: Callable[[str], float] | None = None,
) -> list[int]:
    """Ids of current claims like ``text``, the most relevant first (see
    candidate_rows())."""
    return [
        row.id
        for row in candidate_rows(
            text, limit=limit, exclude_article_ids=exclude_article_ids, frequency=frequency
        )
    ]


def candidate_rows(
    text: str,
    *,
    limit: int = 20,
    exclude_article_ids: tuple[int, ...] = (),
    frequency: Callable[[str], float] | None = None,
) -> list[Candidate]:
    """Current claims like ``text`` (their id, text, article and place in
    it: read with the index's rows, not asked for again), the most relevant
    first:
    PostgreSQL through the GIN index on the stored ``search_vector``
    (to_tsvector('english', text)), ranked by ts_rank; SQLite through the
    FTS5 table, ranked by bm25.

    A candidate has one of the rarest words of ``text`` (its anchors, see
    anchors(): ``frequency`` is how many stored claims have a word, an
    estimate; without it the longest words count as the rarest) and one
    other of its MAX_CANDIDATE_WORDS rarest words. The claims with an anchor
    are few by construction, so the index's work stays bounded however
    large the store, and the second word keeps out claims that share a name
    and nothing else. At most MAX_RANKED are ranked, by all the words of
    ``text``. Never a scan of every claim."""
    words = query_words(text, frequency)
    if not words or limit <= 0:
        return []
    anchored = anchors(words, frequency)
    # every word of the text ranks the candidates the rarest ones found
    ranking = [w for w in search_words(text) if w not in STOPWORDS]
    articles = list(exclude_article_ids) or [0]
    forms = {word: _forms(word) for word in words}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            lexemes = _pg_lexemes(cursor, {*ranking, *(f for fs in forms.values() for f in fs)})

            def terms_of(chosen: list[str]) -> list[str]:
                return list(dict.fromkeys(lexemes[w] for w in chosen if w in lexemes))

            terms = terms_of(words)
            if not terms:
                return []
            anchor_terms = terms_of(words[:anchored]) or terms[:1]
            # a term stands for its word's forms: their lexemes
            quote = _quoter(
                "pg",
                {
                    lexemes[word]: tuple(dict.fromkeys(terms_of(list(forms[word]))))
                    for word in words
                    if word in lexemes and len(forms[word]) > 1
                },
            )
            ranking_query = " | ".join(sorted({f"'{x}'" for x in lexemes.values()}))
            syntax = "pg"
        else:
            terms, anchor_terms, syntax = words, words[:anchored], "fts5"
            quote = _quoter("fts5", {w: f for w, f in forms.items() if len(f) > 1})
            every = {*ranking, *(f for fs in forms.values() for f in fs)}
            ranking_query = " OR ".join(f'"{w}"' for w in sorted(every))
        query = _anchored(terms, anchor_terms, syntax, quote)
        if connection.vendor == "postgresql":
            # The index finds the claims with an anchor (few, by the budget;
            # each anchor's share of MAX_RANKED, so a common one cannot
            # crowd out a rare one's); the second word and the rank are
            # checked on those rows alone: asked through the index, the
            # other words' long entries would be read in full. When even the
            # rarest words are common, the index is asked for two of them.
            rare_terms = terms_of(words[: within_budget(words[:anchored], frequency)])
            holders = {lexemes[w]: frequency(w) for w in words if w in lexemes and frequency}
            found_by, wider = _branches(terms, anchor_terms, rare_terms, quote, holders)
            found = _pg_anchored(cursor, found_by, query, ranking_query, articles, limit)
            if not found and wider:
                found = _pg_anchored(
                    cursor, found_by + wider, query, ranking_query, articles, limit
                )
            return found
        else:
            cursor.execute(
                "SELECT c.id, c.text, c.article_id, c.position, c.predicates "
                "FROM claims_claim_fts f JOIN claims_claim c ON c.id = f.rowid "
                "WHERE f.rowid IN (SELECT rowid FROM claims_claim_fts "
                "WHERE claims_claim_fts MATCH %s LIMIT %s) "
                "AND claims_claim_fts MATCH %s AND c.superseded_at IS NULL "
                f"AND c.article_id NOT IN ({', '.join(['%s'] * len(articles))}) "
                "ORDER BY bm25(claims_claim_fts), c.id LIMIT %s",
                [query, MAX_RANKED, ranking_query, *articles, limit],
            )
        return [_candidate(row) for row in cursor.fetchall()]


def _pg_anchored(cursor, found_by, query, ranking_query, articles, limit) -> list[Candidate]:
    """The claims the index finds by the ``found_by`` tsqueries (each its
    share of MAX_RANKED rows), that match ``query``, the best ranked first."""
    each = MAX_RANKED // len(found_by)
    per_anchor = " UNION ALL ".join(
        "(SELECT c.id, c.text, c.article_id, c.position, c.predicates, c.search_vector "
        "FROM claims_claim c "
        "WHERE c.search_vector @@ %s::tsquery AND c.superseded_at IS NULL "
        "AND NOT (c.article_id = ANY(%s)) LIMIT %s)"
        for _ in found_by
    )
    # a claim with two anchors comes twice: the list is made unique below
    cursor.execute(
        f"SELECT id, text, article_id, position, predicates FROM ({per_anchor}) anchored "
        "WHERE search_vector @@ %s::tsquery "
        "ORDER BY ts_rank(search_vector, %s::tsquery) DESC, id LIMIT %s",
        [
            *(v for branch in found_by for v in (branch, articles, each)),
            query,
            ranking_query,
            limit * len(found_by),
        ],
    )
    found: dict[int, Candidate] = {}
    for row in cursor.fetchall():
        if row[0] not in found:
            found[row[0]] = _candidate(row)
    return list(found.values())[:limit]


def _branches(
    terms: list[str],
    anchor_terms: list[str],
    rare_terms: list[str],
    quote=None,
    holders: dict[str, float] | None = None,
) -> tuple[list[str], list[str]]:
    """What the index is asked for, one tsquery a branch, and what more if
    that finds nothing. First each rare anchor (within the budget) alone;
    if none of them is in another claim (new to the store, or the other
    report put it otherwise: "a project costing" for "at a cost of"), the
    next two anchors together as well. With no rare anchor, the rarest
    with each other one (or with the next word): a common word's entries
    are long, two of them together fewer.

    A claim with a rare word (a name, a place) is found again by it: asking
    as well for two common words ("planning committee") cost most of a
    match's time (the index builds its whole bitmap of them, tens of
    thousands of claims, before any limit) and, measured on the planted
    pairs of bench/matching.py, found no match the rare words had not. Nor
    are two common anchors asked for without the rarest: "city" & "council"
    are in 25,000 claims together, of which the first 2,000 were read in no
    useful order; the candidates of a claim with no rare word took 12.3 ms
    instead of 3.5 and found no more (recall 1.0 either way on 431 planted
    pairs, 0.90 and 0.89 when the other report also leaves out the name).

    An anchor in more than DENSE_ANCHOR claims (``holders``: each term's
    estimated claims) is asked for with the other terms, one of which a
    candidate must have anyway: "Ashegate" is in 2,200 claims, of which 280
    have another word of the claim, and reading the 2,200 rows to learn
    which took 7 ms, the index's scan of both 3 (its entries of the other
    words are skipped through, not read whole). Below that the anchor's
    rows are fewer than the other words' index pages. On 800 claims of the
    synthetic store: the same candidates, 1.95-2.47 ms a claim's candidates
    instead of 2.46-3.50 (thresholds of 200 to 500 alike; 0, 100 and 1,000
    less); on 40 articles of its news day, the candidate query 3.0-3.1 ms
    instead of 3.4-3.9."""
    quote = quote or _quoter("pg")
    single = [t for t in anchor_terms if t in rare_terms]
    common = [t for t in anchor_terms if t not in rare_terms]
    if single:
        wider = [f"{quote(common[0])} & {quote(common[1])}"] if len(common) >= 2 else []
        holders = holders or {}

        def branch(anchor: str) -> str:
            if holders.get(anchor, 0.0) > DENSE_ANCHOR:
                return _anchored(terms, [anchor], "pg", quote)  # the anchor's part of the query
            return quote(anchor)

        return [branch(t) for t in single], wider
    rest = [t for t in terms if t not in anchor_terms]
    if len(common) == 1 and rest:
        common.append(rest[0])
    pairs = [f"{quote(common[0])} & {quote(b)}" for b in common[1:]]
    return pairs or [quote(terms[0])], []


_LEXEMES: dict[str, str | None] = {}
MAX_REMEMBERED_LEXEMES = 200_000


def _pg_lexemes(cursor, words: set[str]) -> dict[str, str]:
    """Each word's lexeme as PostgreSQL reads it (its stemming; a stop word
    has none), remembered by the process: the same words come again and
    again, and asking costs a round trip."""
    missing = sorted(w for w in words if w not in _LEXEMES)
    if missing:
        cursor.execute(
            "SELECT w, (SELECT min(x) FROM unnest(tsvector_to_array("
            "to_tsvector('english', w))) x) FROM unnest(%s::text[]) w",
            [missing],
        )
        if len(_LEXEMES) > MAX_REMEMBERED_LEXEMES:
            _LEXEMES.clear()
        for word, lexeme in cursor.fetchall():
            _LEXEMES[word] = lexeme if lexeme and _LEXEME.fullmatch(lexeme) else None
    return {w: _LEXEMES[w] for w in words if _LEXEMES.get(w)}


def remember_lexemes(texts: Iterable[str]) -> None:
    """Read in one query PostgreSQL's lexemes of every word candidate_rows()
    may ask for of ``texts`` (the claims of a batch matched together),
    rather than a round trip for each claim's new words."""
    if connection.vendor != "postgresql":
        return
    words: set[str] = set()
    for text in texts:
        for word in search_words(text, limit=None):
            if word not in STOPWORDS:
                words.update(_forms(word))
    with connection.cursor() as cursor:
        _pg_lexemes(cursor, words)


def text_search(queryset: QuerySet, text: str) -> QuerySet:
    """``queryset`` narrowed to the claims whose text has every word of
    ``text`` (stemmed: "reopened" finds "reopens"; or in its one lemma,
    _forms(): "won" finds "wins"), annotated with their
    ``relevance`` (higher is better), through the full-text index: on
    PostgreSQL the GIN index on the stored search_vector, ranked by
    ts_rank_cd; on SQLite the FTS5 table, ranked by bm25. Words of one or
    two letters and common words are not asked for; a text with none left
    matches nothing."""
    words = [w for w in search_words(text) if w not in STOPWORDS]
    if not words:
        return queryset.annotate(relevance=Value(0.0, output_field=FloatField())).none()
    table = queryset.model._meta.db_table
    if connection.vendor == "postgresql":
        # the words are letters and digits (search_words): nothing to_tsquery reads as syntax
        quote = _quoter("pg", {w: _forms(w) for w in words})
        every = " & ".join(quote(w) for w in words)
        query = "to_tsquery('english', %s)"
        vector = f"{table}.search_vector"
        match = RawSQL(f"{vector} @@ {query}", [every], output_field=BooleanField())
        # float8: a cursor's value must compare equal to the row it came from
        relevance = RawSQL(
            f"ts_rank_cd({vector}, {query})::float8", [every], output_field=FloatField()
        )
    else:
        quote = _quoter("fts5", {w: _forms(w) for w in words})
        fts = " AND ".join(quote(w) for w in words)
        match = RawSQL(
            f"{table}.id IN (SELECT rowid FROM claims_claim_fts WHERE claims_claim_fts MATCH %s)",
            [fts],
            output_field=BooleanField(),
        )
        relevance = RawSQL(
            "(SELECT -bm25(claims_claim_fts) FROM claims_claim_fts "
            f"WHERE claims_claim_fts MATCH %s AND rowid = {table}.id)",
            [fts],
            output_field=FloatField(),
        )
    return queryset.filter(match).annotate(relevance=relevance)


def claim_links_summary(claim_id: int) -> dict:
    """What other reports say of a claim, from its links: how many are
    confirmed and suggested of each relation, and the claims of other
    publishers that corroborate it (confirmed ``same``, independent) or
    dispute it (confirmed ``contradicts``), each with its article."""
    links = (
        ClaimLink.objects.filter(Q(claim_a_id=claim_id) | Q(claim_b_id=claim_id))
        .exclude(state=LinkState.REJECTED)
        .select_related("claim_a__article__publisher", "claim_b__article__publisher")
        .order_by("created_at", "id")
    )
    counts = {
        relation: dict.fromkeys((LinkState.CONFIRMED, LinkState.SUGGESTED), 0)
        for relation in (LinkRelation.SAME, LinkRelation.CONTRADICTS)
    }
    corroborated_by, disputed_by = [], []
    for link in links:
        if link.relation not in counts:
            continue
        counts[link.relation][link.state] += 1
        if link.state != LinkState.CONFIRMED:
            continue
        other = link.claim_b if link.claim_a_id == claim_id else link.claim_a
        entry = {
            "claim": other.pk,
            "link": link.pk,
            "article": other.article_id,
            "url": other.article.url or None,
            "publisher": other.article.publisher.name if other.article.publisher else None,
            "independent": link.independent,
        }
        if link.relation == LinkRelation.SAME:
            corroborated_by.append(entry)
        else:
            disputed_by.append(entry)
    return {
        **{str(relation): {str(s): n for s, n in c.items()} for relation, c in counts.items()},
        "corroborated_by": corroborated_by,
        "disputed_by": disputed_by,
    }


def _feed_after(table: str, position, limit: int) -> list[tuple[int, int]]:
    after_order, after_id = position or (-1, 0)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT tx, id FROM {table} WHERE (tx, id) > (%s, %s) "  # noqa: S608 - ours
                "AND tx < txid_snapshot_xmin(txid_current_snapshot()) "
                "ORDER BY tx, id LIMIT %s",
                [after_order, after_id, limit],
            )
        else:
            cursor.execute(
                f"SELECT id, id FROM {table} WHERE id > %s ORDER BY id LIMIT %s",  # noqa: S608
                [after_id, limit],
            )
        return [(order, row_id) for order, row_id in cursor.fetchall()]


def _feed_end(table: str) -> tuple[int, int]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT tx, id FROM {table} ORDER BY tx DESC, id DESC LIMIT 1")  # noqa: S608
        else:
            cursor.execute(f"SELECT id, id FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608
        row = cursor.fetchone()
    return (row[0], row[1]) if row else (-1, 0)


def history_after(position: tuple[int, int] | None, limit: int) -> list[tuple[int, int]]:
    """The next ``limit`` history rows after ``position`` as (order, id),
    in the change feed's order, every one final: on PostgreSQL (writing
    transaction, id), served only once every older transaction has ended,
    so no row can commit later behind a reader's position; on SQLite (one
    writer at a time) (id, id)."""
    return _feed_after("claims_claimcheck", position, limit)


def feed_end() -> tuple[int, int]:
    """The change feed's last position now: where a new reader starts."""
    return _feed_end("claims_claimcheck")


def articles_after(position: tuple[int, int] | None, limit: int) -> list[tuple[int, int]]:
    """Articles stored (first versions and new versions) after ``position``,
    in commit order, as ``history_after`` serves history rows (migration
    0018 gives sources_article its ``tx`` on PostgreSQL)."""
    return _feed_after("sources_article", position, limit)


def articles_end() -> tuple[int, int]:
    """Where a new subscription starts hearing of articles."""
    return _feed_end("sources_article")
