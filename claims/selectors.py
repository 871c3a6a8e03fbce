"""Reads shared by the API, the admin and the services that are more than a
QuerySet method: full-text candidates for matching."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import combinations

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from claims.matching.text import STOPWORDS
from claims.models import ClaimLink, LinkRelation, LinkState

_WORD = re.compile(r"[A-Za-z][A-Za-z]{2,}|\d{2,}")
MAX_QUERY_WORDS = 12
# a candidate shares three (or two) of the claim's six rarest words
MAX_CANDIDATE_WORDS = 6
# at most this many claims with two of those words are ranked
MAX_RANKED = 2000
_LEXEME = re.compile(r"[a-z0-9]+")


def search_words(text: str, limit: int | None = MAX_QUERY_WORDS) -> list[str]:
    """The words of ``text`` a full-text query asks for: letters and digits
    only (nothing a query syntax could read), longest first, at most
    ``limit``."""
    words = {w.lower() for w in _WORD.findall(text)}
    return sorted(words, key=lambda w: (-len(w), w))[:limit]


def _k_of(terms: list[str], k: int, quote: str, both: str, either: str) -> str:
    """A full-text query for texts with at least ``k`` of ``terms`` (all of
    them when there are fewer), each quoted by ``quote``."""
    quoted = [f"{quote}{t}{quote}" for t in terms]
    groups = combinations(quoted, min(k, len(quoted)))
    return f" {either} ".join("(" + f" {both} ".join(group) + ")" for group in groups)


def claim_candidates(
    text: str,
    *,
    limit: int = 20,
    exclude_article_ids: tuple[int, ...] = (),
    rarity: Callable[[str], float] | None = None,
) -> list[int]:
    """Ids of current claims that share three of the MAX_CANDIDATE_WORDS
    rarest words of ``text`` (``rarity``: higher is rarer; else the longest
    words), the most relevant first, then, to fill ``limit``, claims that
    share two: PostgreSQL through the GIN index on the stored
    ``search_vector`` (to_tsvector('english', text)), ranked by ts_rank_cd;
    SQLite through the FTS5 table, ranked by bm25. Rare words in common,
    not one common word, keep the candidates from being a hundred thousand
    claims; at most MAX_RANKED of them are ranked. Never a scan of every
    claim."""
    words = [w for w in search_words(text, limit=None) if w not in STOPWORDS]
    order = (lambda w: (-rarity(w), -len(w), w)) if rarity else (lambda w: (-len(w), w))
    words = sorted(words, key=order)[:MAX_CANDIDATE_WORDS]
    if not words or limit <= 0:
        return []
    exclude = list(exclude_article_ids) or [0]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the lexemes PostgreSQL itself reads (its stemming, its stop words)
            cursor.execute(
                "SELECT DISTINCT x FROM unnest(%s::text[]) w, "
                "unnest(tsvector_to_array(to_tsvector('english', w))) x",
                [words],
            )
            terms = sorted(row[0] for row in cursor.fetchall() if _LEXEME.fullmatch(row[0]))
        else:
            terms = words
        found: list[int] = []
        # three words in common first, then two to fill the list
        for k, ranked in ((3, MAX_RANKED), (2, MAX_RANKED // 10)):
            if len(found) >= limit or not terms or (k == 2 and len(terms) < 3):
                break
            found += _candidates(cursor, terms, k, exclude, found, ranked, limit - len(found))
        return found


def _candidates(cursor, terms, k, articles, found, ranked, limit) -> list[int]:
    """Up to ``limit`` ids of claims with ``k`` of ``terms``, the best of at
    most ``ranked`` such claims, neither of ``articles`` nor ``found``."""
    found = found or [0]
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT id FROM (SELECT c.id, c.search_vector FROM claims_claim c "
            "WHERE c.search_vector @@ %s::tsquery AND c.superseded_at IS NULL "
            "AND NOT (c.article_id = ANY(%s)) AND NOT (c.id = ANY(%s)) LIMIT %s) found "
            "ORDER BY ts_rank_cd(search_vector, %s::tsquery) DESC, id LIMIT %s",
            [
                _k_of(terms, k, "'", "&", "|"),
                articles,
                found,
                ranked,
                " | ".join(terms),
                limit,
            ],
        )
    else:
        cursor.execute(
            "SELECT id FROM (SELECT c.id, bm25(claims_claim_fts) AS rank "
            "FROM claims_claim_fts f JOIN claims_claim c ON c.id = f.rowid "
            "WHERE claims_claim_fts MATCH %s AND c.superseded_at IS NULL "
            f"AND c.article_id NOT IN ({', '.join(['%s'] * len(articles))}) "
            f"AND c.id NOT IN ({', '.join(['%s'] * len(found))}) "
            "LIMIT %s) ORDER BY rank, id LIMIT %s",
            [_k_of(terms, k, '"', "AND", "OR"), *articles, *found, ranked, limit],
        )
    return [row[0] for row in cursor.fetchall()]


def text_search(queryset: QuerySet, text: str) -> QuerySet:
    """``queryset`` narrowed to the claims whose text has every word of
    ``text`` (stemmed: "reopened" finds "reopens"), annotated with their
    ``relevance`` (higher is better), through the full-text index: on
    PostgreSQL the GIN index on to_tsvector('english', text), ranked by
    ts_rank_cd; on SQLite the FTS5 table, ranked by bm25. Words of one or
    two letters and common words are not asked for; a text with none left
    matches nothing."""
    words = [w for w in search_words(text) if w not in STOPWORDS]
    if not words:
        return queryset.annotate(relevance=Value(0.0, output_field=FloatField())).none()
    table = queryset.model._meta.db_table
    if connection.vendor == "postgresql":
        query = "plainto_tsquery('english', %s)"
        vector = f"{table}.search_vector"
        match = RawSQL(f"{vector} @@ {query}", [" ".join(words)], output_field=BooleanField())
        # float8: a cursor's value must compare equal to the row it came from
        relevance = RawSQL(
            f"ts_rank_cd({vector}, {query})::float8", [" ".join(words)], output_field=FloatField()
        )
    else:
        fts = " AND ".join(f'"{w}"' for w in words)
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
