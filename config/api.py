"""What every API endpoint shares: errors as JSON, permissions, keyset
pagination, and the request size limit."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import F, ProtectedError, Q
from django.http import Http404, JsonResponse
from django.utils.dateparse import parse_datetime
from rest_framework import exceptions, permissions, renderers, status
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.utils.urls import replace_query_param

from claims.services import IngestConflict, ServiceError

log = logging.getLogger(__name__)


MAX_UTC_OFFSET = timedelta(hours=14)  # the widest real time zone offset


def check_datetime(value: datetime) -> None:
    """Refuse date-times no database column holds: offsets beyond ±14:00
    (Python accepts up to ±24 h, PostgreSQL up to ±15:59) or moments that
    fall outside years 1-9999 once in UTC."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        raise DjangoValidationError("The time zone offset must be within ±14:00.")
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise DjangoValidationError("The date is out of range.") from None


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Send the claim's ETag in an If-Match header to change it."
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The claim changed since you read it: fetch it again and reapply."
    default_code = "precondition_failed"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


def exception_handler(exc, context):
    """DRF's handler with our errors mapped, and one body shape for all:
    ``{"detail": message, "code": code, "errors": {field: [messages]}}``."""
    # imported here: rest_framework.views imports this module's permissions
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, IngestConflict):
        exc = Conflict(str(exc))
    elif isinstance(exc, ServiceError):
        exc = exceptions.ValidationError({"detail": str(exc)})
    elif isinstance(exc, ProtectedError):
        exc = Conflict("It is still in use (claims or evidence point to it); it cannot be deleted.")
    elif isinstance(exc, IntegrityError):
        exc = Conflict("The change conflicts with data already stored.")
    elif isinstance(exc, OverflowError | DataError):
        # a number or text too large for its column: the request's fault
        log.warning("refused a value out of range: %s", exc)
        exc = exceptions.ValidationError({"detail": "A value in the request is out of range."})
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = error_body(exc, response.data)
    return response


def error_body(exc, data) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(data, dict) and set(data) == {"detail"}:
            return {"detail": _text(data["detail"]), "code": "invalid"}
        return {"detail": "The request is not valid.", "code": "invalid", "errors": data}
    detail = data.get("detail", data) if isinstance(data, dict) else data
    code = getattr(getattr(exc, "detail", None), "code", None) or getattr(exc, "default_code", "")
    return {"detail": _text(detail), "code": code or "error"}


def _text(value) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


def json_error(status_code: int, detail: str, code: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status_code)


class RequestSizeLimitMiddleware:
    """Refuse API requests whose body is over the limit before anything
    reads it (413). DRF parses JSON from the raw stream, past Django's own
    check, so the limit is enforced here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return json_error(400, "Content-Length is not a number.", "bad_request")
            limit = settings.CLAIMS_API_MAX_REQUEST_BYTES
            if length > limit:
                return json_error(
                    413,
                    f"The request body is {length:,} bytes; the limit is {limit:,}.",
                    "payload_too_large",
                )
        return self.get_response(request)


class ModelPermissions(permissions.DjangoModelPermissions):
    """Reads need an authenticated user (or CLAIMS_API_ANONYMOUS_READ);
    writes need the model's add/change/delete permission."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            if request.user and request.user.is_authenticated:
                return True
            return settings.CLAIMS_API_ANONYMOUS_READ
        return super().has_permission(request, view)


# ----------------------------------------------------------------- rendering
class RawJSON(Mapping):
    """A response body already written as JSON. ``JSONRenderer`` sends the
    bytes as they are; anything else (the browsable API, an indented
    rendering, a test reading ``response.data``) sees the parsed document."""

    def __init__(self, content: bytes):
        self.content = content
        self._parsed = None

    @classmethod
    def page(cls, next_url: str | None, results: Iterable[str]) -> RawJSON:
        """A page ``{"next": ..., "results": [...]}`` around rows that are
        JSON texts already."""
        body = f'{{"next":{json.dumps(next_url)},"results":[{",".join(results)}]}}'
        # as DRF's renderer does: safe to embed in JavaScript
        body = body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        return cls(body.encode())

    @property
    def parsed(self):
        if self._parsed is None:
            self._parsed = json.loads(self.content)
        return self._parsed

    def __getitem__(self, key):
        return self.parsed[key]

    def __iter__(self):
        return iter(self.parsed)

    def __len__(self):
        return len(self.parsed)


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer, sending a RawJSON body without parsing it."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, RawJSON):
            if self.get_indent(accepted_media_type, renderer_context or {}) is None:
                return data.content
            data = data.parsed
        return super().render(data, accepted_media_type, renderer_context)


# ---------------------------------------------------------------- pagination
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

    def decode_cursor(self, raw: str, field: str):
        try:
            data = json.loads(base64.urlsafe_b64decode(raw.encode() + b"==="))
            value, last_id = data["v"], int(data["id"])
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise exceptions.ValidationError(
                {"cursor": ["Not a cursor this API gave out."]}
            ) from None
        if value is not None and field.endswith("_at"):
            value = parse_datetime(str(value))
            if value is None:
                raise exceptions.ValidationError({"cursor": ["Not a cursor this API gave out."]})
        return value, last_id

    @staticmethod
    def encode_cursor(value, last_id: int) -> str:
        if isinstance(value, datetime):
            value = value.isoformat()
        raw = json.dumps({"v": value, "id": last_id}, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

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
            value, last_id = self.decode_cursor(cursor, field)
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


# ------------------------------------------------------------------- schema
ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error has this shape.",
    "required": ["detail", "code"],
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, for people."},
        "code": {"type": "string", "description": "What went wrong, for programs."},
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "Field-by-field messages, for invalid input.",
        },
    },
}
ERROR_DESCRIPTIONS = {
    "400": "Malformed or invalid request.",
    "401": "Not authenticated (send `Authorization: Token <key>`).",
    "403": "Authenticated, but not allowed.",
    "404": "No such resource.",
    "409": "Conflicts with stored data (e.g. deleting a source still in use).",
    "412": "If-Match does not match the current ETag: read the resource again.",
    "413": "The request body is over the size limit.",
    "415": "Send JSON (Content-Type: application/json).",
    "428": "If-Match is required to change this resource.",
    "429": "Too many requests: slow down (see Retry-After).",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: document the error responses
    every operation can give, with their one JSON shape."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error_body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            codes = ["400", "401", "403", "404", "429"]
            if method in {"post", "put", "patch", "delete"}:
                codes += ["409", "413", "415"]
            if method == "patch" and path == "/api/v1/claims/{id}/":
                codes += ["412", "428"]
            responses = operation.setdefault("responses", {})
            for code in codes:
                if code in responses and "content" in responses[code]:
                    continue
                responses[code] = {"description": ERROR_DESCRIPTIONS[code], "content": error_body}
    return result


# --------------------------------------------------------------- throttling
class WindowRateThrottle(SimpleRateThrottle):
    """A fixed-window request counter per client: one cache ``add`` and one
    ``incr`` per request. DRF's default keeps and pickles a list of every
    request's timestamp, which grows with the rate and is not atomic across
    processes; a counter is constant-time and, with Redis as the cache,
    shared correctly. A client may burst across a window boundary (up to
    twice the rate over two half-windows), a known trade of fixed windows."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = time.time()
        window = int(now // self.duration)
        key = f"{self.key}:{window}"
        self.cache.add(key, 0, self.duration + 1)
        try:
            count = self.cache.incr(key)
        except ValueError:  # expired between add and incr
            self.cache.set(key, 1, self.duration + 1)
            count = 1
        if count > self.num_requests:
            self.wait_seconds = self.duration - (now % self.duration)
            return False
        return True

    def wait(self):
        return getattr(self, "wait_seconds", None)


class AnonWindowThrottle(WindowRateThrottle):
    """Anonymous clients, by IP address."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserWindowThrottle(WindowRateThrottle):
    """Authenticated clients, by user."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
