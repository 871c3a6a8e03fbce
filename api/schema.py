"""OpenAPI schema hooks (drf-spectacular)."""

from __future__ import annotations

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
        "article": {
            "type": "integer",
            "description": "With 409 on POST articles/: the stored article the URL belongs to.",
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


# Response components whose every property is always there: a generated
# client then types them as present, not "value or unset".
ALWAYS_COMPLETE = frozenset(
    {
        "Article",
        "ArticleDetail",
        "Change",
        "Claim",
        "ClaimCheck",
        "ClaimDetail",
        "ClaimLink",
        "Evidence",
        "Job",
        "Source",
        "Webhook",
        "WebhookCreated",
    }
)
BASIS_TERM = {
    "type": "object",
    "description": "One term of a score's basis: what it is, in words, and its value.",
    "required": ["term", "label", "value"],
    "properties": {
        "term": {"type": "string", "description": "What kind of term (prior, evidence, ...)."},
        "label": {"type": "string", "description": "The term in words."},
        "value": {"type": "number"},
    },
}
BASIS = {"type": "array", "items": {"$ref": "#/components/schemas/BasisTerm"}}
# JSON columns the serializers leave untyped, typed: component -> property -> schema
JSON_FIELDS = {
    "Claim": {
        "confidence_basis": BASIS,
        "time_cues": {"type": "array", "items": {"type": "string"}},
    },
    "ClaimDetail": {
        "confidence_basis": BASIS,
        "time_cues": {"type": "array", "items": {"type": "string"}},
    },
    "ClaimCheck": {"basis": BASIS, "changes": {"type": "object", "additionalProperties": True}},
    "Change": {"basis": BASIS, "changes": {"type": "object", "additionalProperties": True}},
}
BIGINT_ID = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
ETAG_HEADER = {
    "ETag": {
        "schema": {"type": "string"},
        "description": "The claim's entity tag: send it back in If-Match to change the claim.",
    }
}


# GETs answering If-None-Match with 304 (api/conditional.py); the claim's
# own GET says so in its view
CONDITIONAL_GETS = frozenset({"/api/v1/articles/{id}/", "/api/v1/claims/{id}/claimreview/"})
IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "The ETag of the copy you hold: 304 while it is current.",
    "schema": {"type": "string"},
}
WEAK_ETAG_HEADER = {
    "ETag": {
        "schema": {"type": "string"},
        "description": "A weak entity tag over the content: send it in If-None-Match.",
    }
}


def ordering_name(value: str) -> str:
    """A client's name for an ordering: "-created_at" -> CREATED_AT_DESC."""
    return value.lstrip("-").upper() + ("_DESC" if value.startswith("-") else "_ASC")


def tighten(result, generator, request, public):
    """drf-spectacular postprocessing hook: what a client can count on,
    said in the schema. JSON columns get their shape (a basis is a list of
    terms); every property of a complete response component is required; a
    numeric path id is an integer; orderings have names
    (``x-enum-varnames``: CREATED_AT_DESC, not VALUE_1); a claim's GET and
    PATCH answers carry an ETag header; conditional GETs document
    If-None-Match and 304."""
    schemas = result.get("components", {}).get("schemas", {})
    schemas["BasisTerm"] = BASIS_TERM
    for name, fields in JSON_FIELDS.items():
        properties = schemas.get(name, {}).get("properties", {})
        for field, schema in fields.items():
            if field in properties:
                described = {k: v for k, v in properties[field].items() if k != "type"}
                properties[field] = {**schema, **described}
    for name in ALWAYS_COMPLETE & set(schemas):
        schema = schemas[name]
        schema["required"] = sorted(schema.get("properties", {}))
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter.get("in") == "path" and schema.get("pattern") == "^[0-9]{1,18}$":
                    parameter["schema"] = dict(BIGINT_ID)
                elif parameter.get("name") == "ordering" and "enum" in schema:
                    schema["x-enum-varnames"] = [ordering_name(v) for v in schema["enum"]]
            if path == "/api/v1/claims/{id}/" and method in {"get", "patch"}:
                ok = operation.get("responses", {}).get("200")
                if ok is not None:
                    ok.setdefault("headers", {}).update(ETAG_HEADER)
            if path in CONDITIONAL_GETS and method == "get":
                operation.setdefault("parameters", []).append(dict(IF_NONE_MATCH))
                responses = operation.setdefault("responses", {})
                if "200" in responses:
                    responses["200"].setdefault("headers", {}).update(WEAK_ETAG_HEADER)
                responses["304"] = {"description": "Your copy is current (no body)."}
    return result
