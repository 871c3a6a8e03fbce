"""Claims rendered to JSON by PostgreSQL, for the claim list.

The list is the API's hot path. Building each claim in Python means loading
five timestamps and four JSON documents per row into Python objects only to
turn them back into text; that cost more than the query itself. On
PostgreSQL the database writes each claim's JSON (``row_to_json``, compact,
keys in the API's order) and Python only joins the rows.

The text is the same document ``represent_claim`` builds (a test compares
them field by field): timestamps in UTC as ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z``,
with the fraction only when it is not zero, as Python's ``isoformat`` does.
Two differences no JSON reader sees: a whole-number float may be written
``1`` rather than ``1.0``, and JSON columns keep PostgreSQL's spacing.

Timestamps are written in UTC, so the database builds rows only when the
current time zone is UTC (the default); otherwise, and on other databases,
the list uses ``represent_claim``.
"""

from __future__ import annotations

from datetime import UTC

from django.db import NotSupportedError
from django.db.models import F, Func, TextField

from claims.api.fields import ATTRIBUTION_FIELDS, CLAIM_FIELDS, TIMESTAMP_KEYS
from claims.models import Claim

UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"})


def rows_in_database(connection, tz) -> bool:
    """Whether this database builds claim JSON for a response in ``tz``."""
    return connection.vendor == "postgresql" and (tz is UTC or getattr(tz, "key", "") in UTC_NAMES)


def _utc_iso(column: str) -> str:
    """SQL for a timestamptz as Python's isoformat in UTC, with Z."""
    utc = f"({column} AT TIME ZONE 'UTC')"
    return (
        f"CASE WHEN date_trunc('second', {utc}) = {utc} "
        f"""THEN to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') """
        f"""ELSE to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END"""
    )


class ClaimJSON(Func):
    """A claim's API representation as JSON text (PostgreSQL only).

    The claim's own columns are taken straight from the query's claim
    table rather than resolved one ``F()`` at a time (a fifth of the
    request's Python time); only the attribution's two columns go through
    the ORM, which joins the source table for them."""

    output_field = TextField()

    def __init__(self):
        super().__init__(*(F(path) for path in ATTRIBUTION_FIELDS))
        self.columns = []

    def resolve_expression(self, query=None, *args, **kwargs):
        resolved = super().resolve_expression(query, *args, **kwargs)
        if query.model is not Claim:
            raise NotSupportedError("ClaimJSON selects from a claim query only.")
        alias, meta = query.get_initial_alias(), query.get_meta()
        resolved.columns = [meta.get_field(f.path).get_col(alias) for f in CLAIM_FIELDS]
        return resolved

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("Claim JSON is built by PostgreSQL only.")

    def as_postgresql(self, compiler, connection, **extra):
        compiled = []
        for expression in [*self.columns, *self.get_source_expressions()]:
            sql, params = compiler.compile(expression)
            if params:  # plain columns never have any; a column used twice could not
                raise NotSupportedError("Claim JSON takes plain columns only.")
            compiled.append(sql)
        *columns, name, kind = compiled
        quote = connection.ops.quote_name
        selected = []
        for key, column in zip((f.key for f in CLAIM_FIELDS), columns, strict=True):
            if key in TIMESTAMP_KEYS:
                column = _utc_iso(column)
            elif key == "attribution":
                column = (
                    f"CASE WHEN {column} IS NULL THEN NULL ELSE (SELECT row_to_json(a) FROM "
                    f'(SELECT {column} AS "id", {name} AS "name", {kind} AS "kind") a) END'
                )
            selected.append(f"{column} AS {quote(key)}")
        return f"(SELECT row_to_json(r)::text FROM (SELECT {', '.join(selected)}) r)", []
