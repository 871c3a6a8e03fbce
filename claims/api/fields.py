"""The claim's fields as the API shows them: one table for every use."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClaimField:
    """One field of a claim as the API shows it. This table drives the
    serializer's fields, ``represent_claim``, the database-built rows
    (claims/api/rows.py), an article's list of its claims, the CSV/JSONL
    exports and the ETag."""

    key: str  # the key in the API's JSON
    path: str  # the claim's column, as values() names it
    in_article: bool = False  # listed with an article's claims
    export: tuple[str, ...] = ()  # its columns in the exports (values() paths)
    etag: bool = False  # part of the ETag: what a client reads and may change


CLAIM_FIELDS = (
    ClaimField("id", "id", in_article=True, export=("id",), etag=True),
    ClaimField("text", "text", in_article=True, export=("text",), etag=True),
    ClaimField("quote", "quote", in_article=True, export=("quote",)),
    ClaimField("start", "start", in_article=True, export=("start",)),
    ClaimField("end", "end", in_article=True, export=("end",)),
    ClaimField("polarity", "polarity", in_article=True, export=("polarity",), etag=True),
    ClaimField("hedged", "hedged", in_article=True, export=("hedged",), etag=True),
    ClaimField("hedges", "hedges", in_article=True, export=("hedges",), etag=True),
    ClaimField("conditional", "conditional"),
    # {id, name, kind} or null; exported as the name
    ClaimField(
        "attribution",
        "attribution_id",
        in_article=True,
        export=("attribution__name",),
        etag=True,
    ),
    ClaimField("kind", "kind", in_article=True, export=("kind",), etag=True),
    ClaimField("time_bound", "time_bound", in_article=True, export=("time_bound",), etag=True),
    ClaimField("time_cues", "time_cues"),
    ClaimField("valid_until", "valid_until", etag=True),
    ClaimField("entities", "entities", etag=True),
    ClaimField("status", "status", in_article=True, export=("status",), etag=True),
    ClaimField("confidence", "confidence", in_article=True, export=("confidence",)),
    ClaimField("confidence_basis", "confidence_basis"),
    ClaimField("status_locked", "status_locked", export=("status_locked",), etag=True),
    # the desk's progress (changed in the admin, each change in history)
    ClaimField("review_state", "review_state", export=("review_state",)),
    ClaimField("article", "article_id", export=("article_id", "article__url")),
    ClaimField("next_check_at", "next_check_at"),
    ClaimField("last_checked_at", "last_checked_at", export=("last_checked_at",)),
    ClaimField("check_count", "check_count"),
    ClaimField("superseded_at", "superseded_at", in_article=True),
    ClaimField("created_at", "created_at", export=("created_at",)),
)
CLAIM_KEYS = tuple(f.key for f in CLAIM_FIELDS)
ATTRIBUTION_FIELDS = ("attribution__name", "attribution__kind")
TIMESTAMP_KEYS = frozenset(
    {"valid_until", "next_check_at", "last_checked_at", "superseded_at", "created_at"}
)
# What represent_claim reads: lists load only these, as values() rows.
CLAIM_LIST_VALUES = (*(f.path for f in CLAIM_FIELDS), *ATTRIBUTION_FIELDS)
# The exports' columns (values() paths) and their headers.
EXPORT_COLUMNS = tuple(path for f in CLAIM_FIELDS for path in f.export)
EXPORT_HEADERS = tuple(path.replace("__", "_") for path in EXPORT_COLUMNS)
ETAG_PATHS = tuple(f.path for f in CLAIM_FIELDS if f.etag)
