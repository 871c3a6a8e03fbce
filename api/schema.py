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
