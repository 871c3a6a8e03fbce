"""Reads shared by the API, the admin and the services that are more than a
QuerySet method: full-text candidates for matching."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from claims.matching.text import STOPWORDS
from claims.models import ClaimLink, LinkRelation, LinkState

_WORD = re.compile(r"[A-Za-z][A-Za-z]{2,}|\d{2,}")
MAX_QUERY_WORDS = 12


def search_words(text: str) -> list[str]:
    """The words of ``text`` a full-text query asks for: letters and digits
    only (nothing a query syntax could read), longest first, at most
    MAX_QUERY_WORDS."""
    words = {w.lower() for w in _WORD.findall(text)}
    return sorted(words, key=lambda w: (-len(w), w))[:MAX_QUERY_WORDS]


def claim_candidates(
    text: str, *, limit: int = 20, exclude_article_ids: tuple[int, ...] = ()
) -> list[int]:
    """Ids of current claims whose text shares words with ``text``, the most
    relevant first (PostgreSQL: a GIN index on to_tsvector('english', text),
    ranked by ts_rank_cd; SQLite: an FTS5 table, ranked by bm25). Never a
    scan of every claim."""
    words = search_words(text)
    if not words or limit <= 0:
        return []
    exclude = list(exclude_article_ids) or [0]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.id FROM claims_claim c, to_tsquery('english', %s) q "
                "WHERE to_tsvector('english'::regconfig, c.text) @@ q "
                "AND c.superseded_at IS NULL AND NOT (c.article_id = ANY(%s)) "
                "ORDER BY ts_rank_cd(to_tsvector('english'::regconfig, c.text), q) DESC, c.id "
                "LIMIT %s",
                [" | ".join(words), exclude, limit],
            )
        else:
            placeholders = ", ".join(["%s"] * len(exclude))
            cursor.execute(
                "SELECT c.id FROM claims_claim_fts f JOIN claims_claim c ON c.id = f.rowid "
                "WHERE claims_claim_fts MATCH %s AND c.superseded_at IS NULL "
                f"AND c.article_id NOT IN ({placeholders}) "
                "ORDER BY bm25(claims_claim_fts), c.id LIMIT %s",
                [" OR ".join(f'"{w}"' for w in words), *exclude, limit],
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
        vector = f"to_tsvector('english'::regconfig, {table}.text)"
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
