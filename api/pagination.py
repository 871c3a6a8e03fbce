"""Keyset (cursor) pagination on (ordering field, id)."""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q
from django.utils.dateparse import parse_datetime
from rest_framework import exceptions
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from api.rendering import RawJSON


def pack_token(data: dict) -> str:
    """A cursor: ``data`` as compact JSON in URL-safe base64, unpadded."""
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def unpack_token(raw: str, keys: tuple[str, ...], refused: Exception) -> tuple:
    """The values under ``keys`` of a cursor made by pack_token; ``refused``
    is raised for anything else (a forged cursor is a 400, never a 500)."""
    try:
        data = json.loads(base64.urlsafe_b64decode(raw.encode() + b"==="))
        return tuple(data[key] for key in keys)
    except (ValueError, KeyError, TypeError, RecursionError, binascii.Error):
        raise refused from None


class KeysetPagination(BasePagination):
    """Cursor pagination on (ordering field, id), stable under inserts and
    fast at any depth: the next page is the rows after the last one seen,
    found through an index, never an OFFSET.

    ``?ordering=`` picks one of ``ordering_fields`` (``-`` for descending),
    ``?page_size=`` up to ``max_page_size``, ``?cursor=`` comes from
    ``next``. A NULL sorts as the smallest value (a claim never checked is
    the oldest check).
    """

    page_size = 50
    max_page_size = 200
    ordering_fields: tuple[str, ...] = ("created_at",)
    default_ordering = "-created_at"
    nullable_fields: frozenset[str] = frozenset()

    # -- request parameters
    def get_ordering(self, request) -> tuple[str, bool]:
        value = request.query_params.get("ordering") or self.default_ordering
        field, descending = value.lstrip("-"), value.startswith("-")
        if field not in self.ordering_fields:
            allowed = ", ".join(f"{f}, -{f}" for f in self.ordering_fields)
            raise exceptions.ValidationError({"ordering": [f"Use one of: {allowed}."]})
        return field, descending

    def get_page_size(self, request) -> int:
        raw = request.query_params.get("page_size")
        if raw in (None, ""):
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise exceptions.ValidationError({"page_size": ["A whole number."]}) from None
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {"page_size": [f"Between 1 and {self.max_page_size}."]}
            )
        return size

    def decode_cursor(self, raw: str, field: str, model_field=None):
        """The (ordering value, id) a cursor holds, each checked against
        what the column holds: a forged cursor is a 400, never a query
        error."""
        refused = exceptions.ValidationError({"cursor": ["Not a cursor this API gave out."]})
        value, last_id = unpack_token(raw, ("v", "id"), refused)
        if isinstance(last_id, bool) or not isinstance(last_id, int) or not 0 < last_id < 2**63:
            raise refused
        if value is None:
            return None, last_id
        if isinstance(value, bool | dict | list):
            raise refused
        if field.endswith("_at"):
            value = parse_datetime(str(value)) if isinstance(value, str) else None
            if value is None:
                raise refused
        elif model_field is not None:
            try:
                value = model_field.to_python(value)
            except (DjangoValidationError, TypeError, ValueError):
                raise refused from None
            if isinstance(value, float) and not math.isfinite(value):
                raise refused
        return value, last_id

    @staticmethod
    def encode_cursor(value, last_id: int) -> str:
        if isinstance(value, datetime):
            value = value.isoformat()
        return pack_token({"v": value, "id": last_id})

    # -- paging
    def order(self, queryset, field: str, descending: bool):
        if field in self.nullable_fields:
            key = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_first=True)
        else:
            key = F(field).desc() if descending else F(field).asc()
        return queryset.order_by(key, "-id" if descending else "id")

    def after(self, field: str, descending: bool, value, last_id: int) -> Q:
        if descending:
            if value is None:
                return Q(**{f"{field}__isnull": True, "id__lt": last_id})
            q = Q(**{f"{field}__lt": value}) | Q(**{field: value, "id__lt": last_id})
            return q | Q(**{f"{field}__isnull": True}) if field in self.nullable_fields else q
        if value is None:
            return Q(**{f"{field}__isnull": True, "id__gt": last_id}) | Q(
                **{f"{field}__isnull": False}
            )
        return Q(**{f"{field}__gt": value}) | Q(**{field: value, "id__gt": last_id})

    def paginate_queryset(self, queryset, request, view=None):
        field, descending = self.get_ordering(request)
        size = self.get_page_size(request)
        cursor = request.query_params.get("cursor")
        queryset = self.order(queryset, field, descending)
        if cursor:
            value, last_id = self.decode_cursor(cursor, field, self.cursor_field(queryset, field))
            queryset = queryset.filter(self.after(field, descending, value, last_id))
        rows = list(queryset[: size + 1])
        self.has_next = len(rows) > size
        rows = rows[:size]
        self.next_url = None
        if self.has_next:
            token = self.encode_cursor(*self.position(rows[-1], field))
            self.next_url = replace_query_param(request.build_absolute_uri(), "cursor", token)
        return rows

    @staticmethod
    def cursor_field(queryset, field: str):
        """The model field (or annotation) a cursor's value is checked as."""
        annotation = queryset.query.annotations.get(field)
        if annotation is not None:
            return annotation.output_field
        return queryset.model._meta.get_field(field)

    @staticmethod
    def position(row, field: str) -> tuple:
        """A row's (ordering value, id): a model instance, a ``values()``
        dict, or an object's JSON text whose keys are the field names."""
        if isinstance(row, str):
            row = json.loads(row)
        if isinstance(row, dict):
            return row[field], row["id"]
        return getattr(row, field), row.pk

    def get_paginated_response(self, data):
        return Response({"next": self.next_url, "results": data})

    def get_prerendered_response(self, rows: Iterable[str]):
        """The page for rows that are JSON texts already (see RawJSON)."""
        return Response(RawJSON.page(self.next_url, rows))

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page, or null on the last one.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        orderings = [f"{sign}{f}" for f in self.ordering_fields for sign in ("", "-")]
        return [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "The page after the one that gave this cursor (from `next`).",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": (
                    f"Results per page, 1 to {self.max_page_size} (default {self.page_size})."
                ),
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
            {
                "name": "ordering",
                "in": "query",
                "required": False,
                "description": f"Sort order (default {self.default_ordering}).",
                "schema": {"type": "string", "enum": orderings},
            },
        ]
