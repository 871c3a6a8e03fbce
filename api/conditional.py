"""Conditional GETs: a client that already holds a representation sends its
entity tag back in If-None-Match and gets 304 Not Modified, no body."""

from __future__ import annotations

import hashlib
import json

from rest_framework import status
from rest_framework.response import Response


def representation_tag(data) -> str:
    """A weak entity tag over a representation's content."""
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    return f'W/"{digest[:32]}"'


def none_match(header: str, tag: str) -> bool:
    """Whether If-None-Match (``*`` or a list of tags) names ``tag``, by
    weak comparison (RFC 9110 13.1.2: W/ prefixes are ignored)."""
    opaque = tag.removeprefix("W/")
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or opaque in tags


def conditional_response(request, data, **kwargs) -> Response:
    """``data`` with its ETag, or 304 when the client's copy is current."""
    tag = representation_tag(data)
    header = request.headers.get("If-None-Match")
    if header and none_match(header, tag):
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": tag})
    response = Response(data, **kwargs)
    response["ETag"] = tag
    return response
